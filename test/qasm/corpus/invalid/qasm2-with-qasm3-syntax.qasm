// covers: OpenQASM 3 syntax (a qubit declaration) in an OpenQASM 2.0 program
// expect: E1001 6:1
// qsharp: no — an invalid program
OPENQASM 2.0;
include "qelib1.inc";
qubit[2] q;
creg c[2];
measure q -> c;
