// covers: def subroutines on qubits and registers (qubit, qubit[n]), with angle and int parameters, calling each other, no return value
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
def prepare(qubit a, float theta) {
  h a;
  rz(theta) a;
}
def chain(qubit[3] r, int steps) {
  for int i in [0:steps - 1] {
    cx r[i], r[i + 1];
  }
}
def both(qubit[3] r, float t) {
  prepare(r[0], t);
  chain(r, 2);
  return;
}
qubit[3] q;
bit[3] c;
both(q, 0.8);
prepare(q[2], 1.4);
h q[0];
c = measure q;
