// covers: modifiers ctrl, ctrl(2), negctrl, negctrl(2) and chains of them, on built-in and defined gates
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
gate twist(t) a, b {
  ry(t) a;
  cx a, b;
}
qubit[5] q;
bit[5] c;
h q[0];
h q[1];
ry(1.2) q[2];
ctrl @ h q[2], q[3];
ctrl(2) @ x q[0], q[1], q[4];
negctrl @ ry(0.9) q[0], q[3];
negctrl(2) @ rx(1.4) q[0], q[2], q[4];
ctrl @ negctrl @ s q[1], q[2], q[3];
ctrl @ twist(0.8) q[4], q[0], q[2];
negctrl @ ctrl @ twist(1.6) q[3], q[1], q[0], q[4];
h q;
c = measure q;
