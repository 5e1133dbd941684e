// covers: an opaque gate declaration (OpenQASM 3 keeps opaque only for compatibility; unsupported)
// expect: E1002 6:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
opaque mystery a;
qubit q;
bit c;
c = measure q;
