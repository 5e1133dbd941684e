// covers: a gate given the wrong number of parameters
// expect: E1004 8:9
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
rx(0.1, 0.2) q;
c = measure q;
