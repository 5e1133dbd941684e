// covers: an int and a bool assigned differently on the two sides of an if on a measured bit (a gate on one side only), then arithmetic on the int and both used in later ifs
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[3] q;
output bit m;
output bit[2] r;
int k = 0;
bool flip = false;
ry(pi / 3) q[0];
m = measure q[0];
if (m) {
  k = 3;
} else {
  k = 1;
  flip = true;
  h q[1];
}
// k = 7 after m = 1, 3 after m = 0
k = k * 2 + 1;
if (k == 7) {
  x q[1];
}
if (flip && k < 5) {
  x q[2];
}
r[0] = measure q[1];
r[1] = measure q[2];
