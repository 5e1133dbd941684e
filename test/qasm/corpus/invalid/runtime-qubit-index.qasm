// covers: a qubit index computed from a measured value (qubit indices must be known at import time: E1002)
// expect: E1002 12:5
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
qubit[3] q;
bit[2] c;
output bit r;
h q[0];
c[0] = measure q[0];
int i = 1 + int(c[0]);
x q[i];
r = measure q[2];
