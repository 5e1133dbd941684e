// covers: a syntax error: a missing semicolon (E1001, reported at the next token)
// expect: E1001 6:10
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q
bit[2] c;
c = measure q;
