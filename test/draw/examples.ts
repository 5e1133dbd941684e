// The examples and their sample inputs, as the drawings under docs/drawings/ show them.

export interface Example { readonly name: string; readonly file: string; readonly kind: "tokens" | "inputs"; readonly input: string }

export const EXAMPLES: readonly Example[] = [
  { name: "khrnn", file: "examples/khrnn.qseq", kind: "tokens", input: "examples/khrnn.tokens" },
  { name: "khrnn-expect", file: "examples/khrnn-expect.qseq", kind: "tokens", input: "examples/khrnn-expect.tokens" },
  { name: "qrnn", file: "examples/qrnn.qseq", kind: "inputs", input: "examples/qrnn.inputs.json" },
  { name: "one-qubit-rnn", file: "examples/one-qubit-rnn.qseq", kind: "inputs", input: "examples/one-qubit-rnn.inputs.json" },
  { name: "hea", file: "examples/hea.qseq", kind: "inputs", input: "examples/hea.inputs.json" },
];
