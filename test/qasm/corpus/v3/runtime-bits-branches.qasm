// covers: bits computed at run time: the xor of two measured bits, a bit written (by a measurement) on one side of an if only, then both used in an if condition
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[4] q;
output bit a;
output bit par;
output bit w;
output bit f;
bit b;
h q[0];
ry(pi / 3) q[1];
a = measure q[0];
b = measure q[1];
par = a ^ b;
w = 0;
if (!a) {
  h q[2];
  w = measure q[2];
}
if (par && !w) {
  x q[3];
}
f = measure q[3];
