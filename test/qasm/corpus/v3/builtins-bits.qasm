// covers: the bit built-ins on values known at import time: popcount of bit[n] and uint[n], rotl and rotr of bit[n] and uint[n] (width from the declared type), results as angles and in conditions
// expect: ok
// qsharp: no — qsharp-lang 1.32 evaluates popcount/rotl/rotr only on const operands ("expression must be const"), and the importer does not support const bit registers
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
bit[8] pattern = "10001111";
uint[6] u = 37;
bit[8] left = rotl(pattern, 2);
uint[6] spun = rotl(u, 3);
uint[6] back = rotr(spun, 3);
ry(0.2 * popcount(pattern)) q[0];
ry(0.02 * spun) q[1];
if (back == u) ry(0.1 * popcount(left)) q[2];
c = measure q;
