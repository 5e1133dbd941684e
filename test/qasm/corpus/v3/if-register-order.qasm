// covers: if on a register compared with a non-palindromic integer (c == 1 means c[0] = 1, c[1] = 0, as the specification says)
// expect: ok
// qsharp: no — qsharp-lang reads c[0] as the most significant bit in `c == n` (a known disagreement, see test/qasm/qsharp.test.ts)
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
qubit tq;
bit[2] c;
bit r;
x q[0];
ry(0.5) q[1];
c = measure q;
if (c == 1) x tq;
r = measure tq;
