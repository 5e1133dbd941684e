// The attention baseline: a small decoder-only transformer written with tf ops (tfjs-layers has no
// multi-head attention). Input projection + learned positional embedding, `layers` pre-norm blocks of causal
// multi-head self-attention and a ReLU feed-forward (width 2·d), a final layer norm and a per-step logit.
// The causal mask makes step t attend to steps 0..t only. Weights come from the seeded Rng, so the same
// seed gives the same network.
//
// Carried state: run step by step, a decoder keeps the keys and values of every past step in every layer,
// 2·layers·d floats per step; that cache is what memory() reports.

import type { Tensor, Tensor2D, Tensor3D, Variable } from "@tensorflow/tfjs";
import { Rng } from "../sim/rng.js";
import type { Network } from "./network.js";
import type { TF } from "./tf.js";

/** A sequence longer than the positional embedding (a data problem, reported to the user). */
export class SequenceTooLongError extends Error {}

export interface TransformerOptions {
  readonly features: number;
  /** d_model. */
  readonly hidden: number;
  readonly seed: number;
  /** The longest sequence the positional embedding covers. */
  readonly maxLength: number;
  readonly layers?: number;
  readonly heads?: number;
}

export const DEFAULT_TRANSFORMER_LAYERS = 2;

interface Block {
  ln1g: Variable; ln1b: Variable; wqkv: Variable; wo: Variable;
  ln2g: Variable; ln2b: Variable; w1: Variable; b1: Variable; w2: Variable; b2: Variable;
}

export function transformerNetwork(tf: TF, o: TransformerOptions): Network {
  const D = o.hidden;
  const layers = o.layers ?? DEFAULT_TRANSFORMER_LAYERS;
  // two heads when d splits evenly (one head of a tiny d is the alternative)
  const heads = o.heads ?? (D % 2 === 0 && D >= 8 ? 2 : 1);
  if (D % heads !== 0) throw new Error(`d_model ${D} is not a multiple of ${heads} heads`);
  const dh = D / heads;
  const rng = new Rng(o.seed);
  const variables: Variable[] = [];
  const param = (shape: number[], scale: number | "glorot" | "ones" | "zeros"): Variable => {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    if (scale === "ones") v.fill(1);
    else if (scale !== "zeros") {
      const limit = scale === "glorot" ? Math.sqrt(6 / (shape[0]! + shape[shape.length - 1]!)) : scale;
      for (let i = 0; i < size; i++) v[i] = (2 * rng.uniform() - 1) * limit;
    }
    // (inside tidy: the initial tensor is freed, the variable is kept)
    const variable = tf.tidy(() => tf.variable(tf.tensor(v, shape), true));
    variables.push(variable);
    return variable;
  };
  const win = param([o.features, D], "glorot"), bin = param([D], "zeros");
  const pos = param([o.maxLength, D], 0.05);
  const blocks: Block[] = [];
  for (let l = 0; l < layers; l++) {
    blocks.push({
      ln1g: param([D], "ones"), ln1b: param([D], "zeros"), wqkv: param([D, 3 * D], "glorot"), wo: param([D, D], "glorot"),
      ln2g: param([D], "ones"), ln2b: param([D], "zeros"),
      w1: param([D, 2 * D], "glorot"), b1: param([2 * D], "zeros"), w2: param([2 * D, D], "glorot"), b2: param([D], "zeros"),
    });
  }
  const lnfg = param([D], "ones"), lnfb = param([D], "zeros");
  const wout = param([D, 1], "glorot"), bout = param([1], "zeros");

  /** x [B, T, in] · w [in, out] + b → [B, T, out]. */
  const dense = (x: Tensor, w: Tensor, b?: Tensor): Tensor => {
    const [B, T, inn] = x.shape as [number, number, number];
    const y = tf.matMul(x.reshape([B * T, inn]), w);
    return (b ? y.add(b) : y).reshape([B, T, w.shape[1]!]);
  };
  const layerNorm = (x: Tensor, g: Tensor, b: Tensor): Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
  };

  return {
    logits(x: Tensor3D): Tensor2D {
      const [B, T] = x.shape;
      if (T > o.maxLength) throw new SequenceTooLongError(`a sequence of ${T} steps is longer than the ${o.maxLength} positions of the transformer (its longest training sample, or C(n, k) + n); train it on samples as long`);
      return tf.tidy(() => {
        // −1e9 above the diagonal: step t never attends to a later step
        const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0).sub(1).mul(1e9);
        let h = dense(x, win, bin).add(pos.slice([0, 0], [T, D]));
        const split = (t: Tensor): Tensor => t.reshape([B, T, heads, dh]).transpose([0, 2, 1, 3]);
        for (const blk of blocks) {
          const qkv = dense(layerNorm(h, blk.ln1g, blk.ln1b), blk.wqkv);
          const [q, k, v] = tf.split(qkv, 3, 2) as [Tensor, Tensor, Tensor];
          const scores = tf.matMul(split(q!), split(k!), false, true).mul(1 / Math.sqrt(dh)).add(causal);
          const ctx = tf.matMul(tf.softmax(scores), split(v!)).transpose([0, 2, 1, 3]).reshape([B, T, D]);
          h = h.add(dense(ctx, blk.wo));
          h = h.add(dense(tf.relu(dense(layerNorm(h, blk.ln2g, blk.ln2b), blk.w1, blk.b1)), blk.w2, blk.b2));
        }
        return dense(layerNorm(h, lnfg, lnfb), wout, bout).reshape([B, T]) as Tensor2D;
      });
    },
    variables,
    memory: (longest) => ({
      amount: 2 * layers * D * longest,
      unit: "floats",
      detail: `key/value cache: 2·layers·d = 2·${layers}·${D} = ${2 * layers * D} floats per past step, `
        + `× ${longest} steps (the longest training sample)`,
    }),
    dispose: () => { for (const v of variables) v.dispose(); },
  };
}
