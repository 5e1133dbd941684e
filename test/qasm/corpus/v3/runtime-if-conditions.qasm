// covers: if on run-time conditions beyond bits and their conjunctions: < and >= between measured bits, || with a nested &&, ! of a comparison, a bool variable holding a run-time value
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
// c[0] = 0 and c[1] = 1
if (c[0] < c[1]) {
  x q[3];
}
// c[0], or c[1] without c[2]
if (c[0] || (c[1] && !c[2])) {
  x q[4];
}
// c[0] and c[2] differ, and c[1] >= c[2]
bool differ = !(c[0] == c[2]);
if (differ && c[1] >= c[2]) {
  x q[5];
}
r = measure q[3:5];
