// covers: modifiers inv and pow(k) with integer k (2, 3, -1, 0), inv of a defined gate, pow of ctrl
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
gate rot(a, b) tg {
  ry(a) tg;
  rz(b) tg;
  sx tg;
}
qubit[3] q;
bit[3] c;
h q[0];
ry(0.7) q[1];
h q[2];
inv @ s q[0];
inv @ rot(1.1, 0.4) q[1];
pow(2) @ t q[2];
pow(3) @ sx q[0];
pow(2) @ rot(0.5, 0.9) q[1];
pow(2) @ ctrl @ ry(0.6) q[0], q[2];
inv @ pow(2) @ sdg q[1];
pow(-1) @ t q[0];
pow(0) @ h q[2];
inv @ inv @ rz(1.3) q[2];
h q;
c = measure q;
