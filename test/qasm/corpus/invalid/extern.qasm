// covers: an extern function declaration
// expect: E1002 6:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
extern get_param(int) -> float;
qubit q;
bit c;
c = measure q;
