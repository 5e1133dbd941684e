// covers: an assignment to a const
// expect: E1004 9:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
const int n = 3;
qubit q;
bit c;
n = 4;
c = measure q;
