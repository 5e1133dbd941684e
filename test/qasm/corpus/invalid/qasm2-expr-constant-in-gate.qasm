// covers: an OpenQASM 3 expression in an OpenQASM 2.0 program: the constant tau inside a gate definition (OpenQASM 2 has only pi: write 2*pi)
// expect: E1001 6:25
// qsharp: no — an invalid program
OPENQASM 2.0;
include "qelib1.inc";
gate turn(f) a { rz(f * tau) a; }
qreg q[1];
creg c[1];
h q[0];
turn(0.25) q[0];
h q[0];
measure q -> c;
