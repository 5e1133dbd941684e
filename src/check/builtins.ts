// The predeclared names of the language (docs/language.md §8): functions and constants every program
// sees. One list, read by the checker, the language server and the editor grammar.

/** Real functions of one argument. */
export const REAL_FUNCTIONS: readonly string[] = ["sin", "cos", "tan", "arcsin", "arccos", "arctan", "exp", "log", "sqrt", "abs", "floor", "ceil"];

/** Every built-in function: the real ones, then `len`, `min`, `max`. */
export const BUILTIN_FUNCTIONS: readonly string[] = [...REAL_FUNCTIONS, "len", "min", "max"];

/** Built-in constants and their values. */
export const BUILTIN_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, tau: 2 * Math.PI };
