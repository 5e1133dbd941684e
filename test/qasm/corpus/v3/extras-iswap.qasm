// covers: the extra iswap gate (after the include), controlled and inverted too
// expect: ok
// qsharp: no — qsharp-lang does not predefine iswap ("undefined symbol: iswap")
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
ry(0.9) q[1];
iswap q[0], q[1];
h q[2];
ctrl @ iswap q[2], q[0], q[1];
inv @ iswap q[1], q[2];
h q;
c = measure q;
