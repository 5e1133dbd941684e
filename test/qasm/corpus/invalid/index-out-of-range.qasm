// covers: a qubit index outside its register
// expect: E1006 8:5
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[2];
c = measure q;
