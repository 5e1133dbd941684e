// covers: OpenQASM 2.0: qelib1.inc gates u3 u2 u1 cu1 cu3 c3x cx ccx crz (rccx: oq2-rccx.qasm) with float angles, measure q -> c
// expect: ok
// qsharp: yes
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
h q[0];
u3(0.9,0.4,1.2) q[1];
u2(0.3,1.7) q[2];
u1(0.8) q[2];
cu1(1.1) q[0],q[1];
cu3(0.7,0.2,0.5) q[1],q[2];
ry(0.8) q[3];
cx q[1],q[3];
h q[3];
c3x q[0],q[1],q[2],q[3];
crz(0.6) q[3],q[0];
ccx q[2],q[3],q[1];
h q[0];
h q[2];
measure q -> c;
