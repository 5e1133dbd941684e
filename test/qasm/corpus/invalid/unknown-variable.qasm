// covers: an undeclared variable in an expression
// expect: E1003 8:4
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
rx(theta) q;
c = measure q;
