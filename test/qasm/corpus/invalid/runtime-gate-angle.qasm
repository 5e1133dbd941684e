// covers: a gate angle computed from a measured bit (run-time angles are not supported: E1002)
// expect: E1002 12:4
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
bit b;
output bit r;
h q[0];
b = measure q[0];
float ang = pi / 2 * int(b);
ry(ang) q[1];
r = measure q[1];
