// covers: an opaque declaration in an OpenQASM 2.0 program
// expect: E1002 6:1
// qsharp: no — an invalid program
OPENQASM 2.0;
include "qelib1.inc";
opaque magic(theta) a,b;
qreg q[2];
creg c[2];
measure q -> c;
