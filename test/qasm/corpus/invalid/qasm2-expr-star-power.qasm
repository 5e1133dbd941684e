// covers: an OpenQASM 3 expression in an OpenQASM 2.0 program: `**` in a gate argument (OpenQASM 2 writes a power `^`)
// expect: E1001 8:16
// qsharp: no — an invalid program
OPENQASM 2.0;
include "qelib1.inc";
qreg q[1];
creg c[1];
u3(pi/2, 0, pi*2**-1) q[0];
measure q -> c;
