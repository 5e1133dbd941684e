// The recurrent baselines: one GRU or LSTM layer (tf.layers, returnSequences) and a per-step dense
// read-out to a logit. Recurrence only runs forward, so the output at step t sees steps 0..t only.
// Initialisers are seeded, so that the same seed gives the same network.

import type { Tensor2D, Tensor3D, Variable } from "@tensorflow/tfjs";
import type { Network } from "./network.js";
import type { TF } from "./tf.js";

/**
 * Runs `build` without tfjs-layers' console warning that the orthogonal initialiser is slow above 2000
 * elements (H ≥ 26): it costs milliseconds here, and the CLI's output should carry no tfjs noise.
 */
function quietOrthogonal<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Orthogonal initializer")) return;
    warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

export function rnnNetwork(tf: TF, kind: "gru" | "lstm", o: { features: number; hidden: number; seed: number }): Network {
  const H = o.hidden;
  const init = {
    kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: o.seed + 1, gain: 1 }),
    biasInitializer: tf.initializers.zeros(),
  };
  const model = quietOrthogonal(() => tf.sequential({
    layers: [
      kind === "gru"
        ? tf.layers.gru({ units: H, returnSequences: true, inputShape: [null, o.features], ...init })
        : tf.layers.lstm({ units: H, returnSequences: true, inputShape: [null, o.features], ...init }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 2 }) }),
    ],
  }));
  // a LayerVariable's read() is its underlying tf.Variable, which is what the optimiser updates
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  if (kind === "lstm") {
    // the forget gate starts open (bias 1, gates ordered i, f, c, o), the usual LSTM initialisation; set here
    // rather than with unitForgetBias, whose initialiser leaks 4 tensors per model in tfjs-layers 4.22
    const bias = variables.find((v) => v.shape.length === 1 && v.shape[0] === 4 * H);
    if (!bias) throw new Error("LSTM bias not found");
    tf.tidy(() => bias.assign(tf.concat([tf.zeros([H]), tf.ones([H]), tf.zeros([2 * H])])));
  }
  return {
    logits(x: Tensor3D): Tensor2D {
      return tf.tidy(() => {
        const out = model.apply(x) as Tensor3D;
        return out.reshape([x.shape[0], x.shape[1]]);
      });
    },
    variables,
    memory: () => kind === "gru"
      ? { amount: H, unit: "floats", detail: `GRU hidden state h (H = ${H} floats)` }
      : { amount: 2 * H, unit: "floats", detail: `LSTM hidden and cell states h, c (2·H = ${2 * H} floats)` },
    dispose: () => model.dispose(),
  };
}
