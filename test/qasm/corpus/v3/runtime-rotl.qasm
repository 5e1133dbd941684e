// covers: rotl and rotr of a measured bit[3] register (bit i moves to i + 1, resp. i − 1, mod 3) and of a uint[3] computed from measured bits, at run time
// expect: ok
// qsharp: no — qsharp-lang 1.32 evaluates rotl/rotr only on const operands ("expression must be const"), and a measured register is not const
OPENQASM 3.1;
include "stdgates.inc";
qubit[5] q;
output bit[3] c;
output bit[3] left;
output bit[3] right;
output bit[2] r;
h q[0];
ry(pi / 3) q[1];
x q[2];
c = measure q[0:2];
// c[2] is always 1: left = [1, c[0], c[1]], right = [c[1], 1, c[0]]
left = rotl(c, 1);
right = rotr(c, 1);
// u = 0..3 from c[0], c[1]: rotl(u, 1) = 0 2 4 6, rotr(u, 1) = 0 4 1 5
uint[3] u = int(c[0]) + 2 * int(c[1]);
if (rotl(u, 1) == 6) {
  x q[3];
}
if (rotr(u, 1) >= 4) {
  x q[4];
}
r[0] = measure q[3];
r[1] = measure q[4];
