// covers: OpenQASM 2.0: qelib1's rccx and rc3x (relative-phase Toffolis: the relative phase shows after the final h) and c3sqrtx
// expect: ok
// qsharp: no — qsharp-lang's qelib1 rccx fails at run time ("Angle sizes must be the same")
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
h q[0];
h q[1];
ry(0.7) q[2];
rccx q[0],q[1],q[2];
h q[3];
rc3x q[0],q[1],q[2],q[3];
c3sqrtx q[3],q[2],q[1],q[0];
h q;
measure q -> c;
