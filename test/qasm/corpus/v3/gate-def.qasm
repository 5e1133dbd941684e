// covers: gate definitions with parameters and several qubits, calling stdgates and earlier definitions, parameter arithmetic (angle ± angle, angle / n)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
gate rot(theta, phi) a {
  ry(theta) a;
  rz(phi) a;
}
gate entangle(theta) a, b {
  h a;
  rot(theta, theta / 2) b;
  cx a, b;
}
gate layer(x, y) a, b, c {
  entangle(x + y) a, b;
  entangle(x - y) b, c;
  rot(y, x) c;
}
gate empty a {}
qubit[3] q;
bit[3] c;
layer(1.3, 0.4) q[0], q[1], q[2];
empty q[1];
entangle(0.6) q[2], q[0];
c = measure q;
