// covers: a complex value as a gate angle (E1004, with a hint to take real(…))
// expect: E1004 8:4
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
complex w = 1.0 + 2.0im;
rx(w) q;
