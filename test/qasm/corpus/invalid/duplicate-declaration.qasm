// covers: a name declared twice
// expect: E1004 8:8
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
bit[2] c;
c = measure q;
