// covers: an input declaration without a bound value (E1005)
// expect: E1005 6:13
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
input float theta;
qubit q;
bit c;
rx(theta) q;
c = measure q;
