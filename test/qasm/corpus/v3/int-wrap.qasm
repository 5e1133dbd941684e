// covers: wrap-around of int[n] and uint[n] on overflow (int[8] 200 → -56, uint[4] 19 → 3) and in a cast uint[4](19)
// expect: ok
// qsharp: no — qsharp-lang does not wrap sized integers on overflow (int[8] 100 + 100 stays 200; uint[4] 14 + 5 stays 19): a disagreement
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
int[8] i = 100;
i += 100;
uint[4] u = 14;
u += 5;
uint[4] v = uint[4](19);
ry(0.01 * i + 1.5) q[0];
ry(0.2 * u) q[1];
ry(0.2 * v) q[2];
c = measure q;
