// covers: if/else on measured bits: c[0] == 1, bare c[0], !c[0], c[0] == 0, &&, ||, else if, nested if, a measurement inside a branch (teleportation-like feed-forward)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[2] m;
bit d;
bit[3] res;
ry(1.1) q[0];
h q[1];
m[0] = measure q[0];
m[1] = measure q[1];
if (m[0] == 1) {
  x q[2];
} else {
  h q[2];
}
if (m[1]) ry(0.7) q[2];
if (!m[0]) { rx(0.4) q[3]; }
if (m[0] == 0 && m[1] == 1) {
  h q[3];
} else if (m[0] || m[1]) {
  ry(1.9) q[3];
  if (m[1] == 0) {
    d = measure q[3];
  }
}
res[0] = measure q[2];
res[1] = measure q[3];
res[2] = d;
