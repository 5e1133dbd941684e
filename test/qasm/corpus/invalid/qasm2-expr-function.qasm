// covers: an OpenQASM 3 expression in an OpenQASM 2.0 program: a function other than sin cos tan exp ln sqrt (arcsin), nested in a valid argument
// expect: E1001 8:14
// qsharp: no — an invalid program
OPENQASM 2.0;
include "qelib1.inc";
qreg q[1];
creg c[1];
rx(-pi/4 + 2*arcsin(0.5)) q[0];
measure q -> c;
