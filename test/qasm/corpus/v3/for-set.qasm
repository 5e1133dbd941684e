// covers: for over an integer set {…} (any order, repeats) and over a float set
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
for int i in {2, 0, 1} {
  ry(0.5 + 0.25 * i) q[i];
}
for int i in {1, 1, 2} cx q[0], q[i];
for float a in {0.3, 1.1} {
  rz(a) q[1];
  h q[1];
}
c = measure q;
