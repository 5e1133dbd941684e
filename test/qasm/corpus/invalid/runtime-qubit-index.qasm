// covers: a qubit index computed from a run-time int without a width that a run-time loop counts (its values cannot be listed: E1002)
// expect: E1002 11:5
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
qubit[4] q;
bit b;
output bit r;
int k = 0;
while (!b) { k += 1; reset q[0]; h q[0]; b = measure q[0]; }
x q[k % 4];
r = measure q[1];
