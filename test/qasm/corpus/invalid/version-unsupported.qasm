// covers: an OpenQASM version other than 2.0 and 3.x
// expect: E1002 4:1
// qsharp: no — an invalid program
OPENQASM 4.0;
qubit q;
bit c;
c = measure q;
