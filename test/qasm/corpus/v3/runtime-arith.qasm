// covers: integer arithmetic on measured bits (casts int(bit), + * / %, float(int), bool(int)), comparisons, && and ||, steering gates through if
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[6] q;
output bit[3] c;
output bit[3] r;
h q[0];
h q[1];
ry(pi / 3) q[2];
c = measure q[0:2];
// v = the register's value, c[0] least significant, computed by hand
int v = int(c[0]) + 2 * int(c[1]) + 4 * int(c[2]);
// w = 1 4 7 2 5 0 3 6 for v = 0..7
int w = (3 * v + 1) % 8;
if (w >= 5) {
  x q[3];
}
// f = v / 2 as a float: 1.2 < f < 3.0 for v = 3, 4, 5
float f = float(v) / 2.0;
if (f > 1.2 && f < 3.0) {
  x q[4];
}
// odd v other than 1, or v / 2 == 3 (truncating): v = 3, 5, 6, 7
bool odd = bool(v % 2);
if ((odd && v != 1) || v / 2 == 3) {
  x q[5];
}
r = measure q[3:5];
