// covers: break outside any loop
// expect: E1004 9:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
h q;
break;
c = measure q;
