// covers: popcount of a measured bit register computed at run time, compared and reduced mod 2 in if conditions
// expect: ok
// qsharp: no — qsharp-lang 1.32 evaluates popcount only on const operands ("expression must be const"), and a measured register is not const
OPENQASM 3.1;
include "stdgates.inc";
qubit[5] q;
output bit[3] c;
output bit[2] r;
h q[0];
h q[1];
ry(pi / 3) q[2];
c = measure q[0:2];
int n = popcount(c);
if (n == 2) {
  x q[3];
}
if (n % 2 == 1) {
  x q[4];
}
r[0] = measure q[3];
r[1] = measure q[4];
