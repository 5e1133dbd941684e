// covers: a syntax error: an unclosed parenthesis in a gate argument
// expect: E1001 8:7
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
rx((0.5 q;
c = measure q;
