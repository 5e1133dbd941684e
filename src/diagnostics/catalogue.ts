// The diagnostic catalogue: every code the compiler can report, with its severity and a one-line
// summary. Codes are stable: never renumber or reuse one (docs/diagnostics.md lists them for users).

export type Severity = "error" | "warning";

interface Entry { readonly severity: Severity; readonly summary: string }

export const CATALOGUE = {
  // Lexing and parsing
  E0101: { severity: "error", summary: "unexpected character" },
  E0102: { severity: "error", summary: "unterminated string or comment" },
  E0103: { severity: "error", summary: "syntax error" },
  // Files and imports
  E0201: { severity: "error", summary: "import not found" },
  E0202: { severity: "error", summary: "import cycle" },
  E0203: { severity: "error", summary: "file cannot be read" },
  // Names
  E0301: { severity: "error", summary: "unknown name" },
  E0302: { severity: "error", summary: "unknown gate or cell" },
  E0303: { severity: "error", summary: "unknown token variant" },
  E0304: { severity: "error", summary: "duplicate definition" },
  E0305: { severity: "error", summary: "no model to elaborate" },
  // Types and arity
  E0401: { severity: "error", summary: "type mismatch" },
  E0402: { severity: "error", summary: "wrong number of arguments" },
  E0403: { severity: "error", summary: "wrong number of qubit operands" },
  E0404: { severity: "error", summary: "not a compile-time constant" },
  E0405: { severity: "error", summary: "not a qubit operand" },
  E0406: { severity: "error", summary: "invalid value" },
  // Indexing and sizes
  E0501: { severity: "error", summary: "index out of range" },
  E0502: { severity: "error", summary: "too many indices" },
  E0503: { severity: "error", summary: "invalid size" },
  // Quantum operations
  E0601: { severity: "error", summary: "same qubit used twice in one operation" },
  E0602: { severity: "error", summary: "modifier applied to a non-unitary cell" },
  E0603: { severity: "error", summary: "operation not allowed here" },
  // Model structure and outputs
  E0701: { severity: "error", summary: "model has no step" },
  E0702: { severity: "error", summary: "invalid model member" },
  E0703: { severity: "error", summary: "emitted value does not match the step's output type" },
  E0704: { severity: "error", summary: "wrong number of emits" },
  E0705: { severity: "error", summary: "missing return" },
  E0706: { severity: "error", summary: "unknown hyperparameter" },
  // Limits, checked before work starts
  E0801: { severity: "error", summary: "unroll limit exceeded" },
  E0802: { severity: "error", summary: "register too large" },
  E0803: { severity: "error", summary: "recursion" },
  E0804: { severity: "error", summary: "state does not fit in memory" },
  E0805: { severity: "error", summary: "run-time loop limit" },
  // Input sequences
  E0901: { severity: "error", summary: "malformed input sequence" },
  E0902: { severity: "error", summary: "input value out of range" },
  E0903: { severity: "error", summary: "malformed task data" },
  // OpenQASM 3 import
  E1001: { severity: "error", summary: "OpenQASM syntax error" },
  E1002: { severity: "error", summary: "unsupported OpenQASM construct" },
  E1003: { severity: "error", summary: "unknown OpenQASM identifier" },
  E1004: { severity: "error", summary: "OpenQASM type or arity error" },
  E1005: { severity: "error", summary: "unbound OpenQASM input" },
  E1006: { severity: "error", summary: "OpenQASM value out of range" },
  // Warnings
  W0101: { severity: "warning", summary: "unused param" },
  W0102: { severity: "warning", summary: "match is not exhaustive" },
  W0103: { severity: "warning", summary: "expectation taken on qubits used later" },
  W0104: { severity: "warning", summary: "barren plateau risk" },
  W0105: { severity: "warning", summary: "cell is not constant-size" },
} as const satisfies Record<string, Entry>;

export type Code = keyof typeof CATALOGUE;
