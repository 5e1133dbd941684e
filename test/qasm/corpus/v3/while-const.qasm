// covers: while with a condition known at import time (a counter), nested in a for, with compound assignment
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
output bit[2] c;
int n = 0;
while (n < 3) {
  rx(0.4) q[0];
  n += 1;
}
int m = 8;
while (m > 1) {
  ry(0.1 * m) q[1];
  m = m / 2;
}
for int i in [0:1] {
  int k = i;
  while (k < 2) {
    cx q[0], q[1];
    k += 1;
  }
}
c = measure q;
