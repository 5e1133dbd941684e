// Adam (Kingma & Ba 2015) with its whole state in plain arrays, so that a checkpoint can hold it and a
// resumed run continues bit for bit.

export interface AdamState {
  /** Steps taken. */
  t: number;
  /** First and second moment estimates, one entry per param. */
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export interface AdamOptions {
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export function adamState(size: number): AdamState {
  return { t: 0, m: new Float64Array(size), v: new Float64Array(size) };
}

/** One step of minimising: params ← params − lr·m̂/(√v̂ + ε), in place. */
export function adamStep(params: Float64Array, gradient: ArrayLike<number>, state: AdamState, o: AdamOptions): void {
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.epsilon ?? 1e-8;
  state.t++;
  const c1 = 1 - b1 ** state.t, c2 = 1 - b2 ** state.t;
  for (let i = 0; i < params.length; i++) {
    const g = gradient[i]!;
    state.m[i] = b1 * state.m[i]! + (1 - b1) * g;
    state.v[i] = b2 * state.v[i]! + (1 - b2) * g * g;
    params[i] = params[i]! - (o.lr * (state.m[i]! / c1)) / (Math.sqrt(state.v[i]! / c2) + eps);
  }
}
