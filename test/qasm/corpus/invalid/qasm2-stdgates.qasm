// covers: OpenQASM 3-only names in an OpenQASM 2.0 program: include stdgates.inc
// expect: E1002 5:9
// qsharp: no — an invalid program
OPENQASM 2.0;
include "stdgates.inc";
qreg q[1];
creg c[1];
measure q -> c;
