// covers: an unknown gate name (E1003, with a did-you-mean hint)
// expect: E1003 9:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cnott q[0], q[1];
c = measure q;
