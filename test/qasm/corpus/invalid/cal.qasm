// covers: a pulse-level cal block
// expect: E1002 6:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
cal { }
qubit q;
bit c;
c = measure q;
