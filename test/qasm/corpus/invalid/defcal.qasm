// covers: a pulse-level defcal block
// expect: E1002 6:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
defcal rx(angle[20] theta) $0 { }
qubit q;
bit c;
c = measure q;
