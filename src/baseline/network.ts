// What training and inference need from a baseline network: per-step logits of P(bit = 1) from the
// encoded steps, the variables to train, and a way to free them.

import type { Tensor2D, Tensor3D, Variable } from "@tensorflow/tfjs";
import type { MemorySize } from "../task/sample.js";

export interface Network {
  /** x [batch, length, features] → logits [batch, length]; causal: entry t depends on steps 0..t only. */
  logits(x: Tensor3D): Tensor2D;
  readonly variables: readonly Variable[];
  /** The state carried from step to step, for sequences of up to `longest` steps. */
  memory(longest: number): MemorySize;
  dispose(): void;
}
