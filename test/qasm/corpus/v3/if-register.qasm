// covers: if on a whole bit register compared with an integer (c == n), with else; only palindromic values (5 = 101, 0, 7) because qsharp-lang reads c[0] as the MOST significant bit (the importer follows the spec: c[0] least significant)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
qubit[2] tq;
bit[3] c;
bit[2] r;
h q[0];
h q[1];
ry(1.2) q[2];
c = measure q;
if (c == 5) {
  x tq[0];
} else {
  ry(0.6) tq[0];
}
if (c == 0) x tq[1];
if (c == 7) h tq[1];
r = measure tq;
