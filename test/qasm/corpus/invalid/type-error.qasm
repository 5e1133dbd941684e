// covers: a type error: a number where a duration is needed (delay[100])
// expect: E1004 8:7
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
delay[100] q;
c = measure q;
