// covers: a gate angle computed from a run-time int without a width, which a run-time loop counts (its values cannot be listed: E1002)
// expect: E1002 12:4
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
bit b;
output bit r;
int k = 0;
while (!b) { k += 1; reset q[0]; h q[0]; b = measure q[0]; }
// k counts tries: any positive integer
rz(k * 1.0) q[1];
r = measure q[1];
