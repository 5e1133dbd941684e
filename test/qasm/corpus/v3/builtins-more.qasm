// covers: built-ins ln log pow mod, the Unicode constants π τ ℇ and euler, bitwise not ~ on int
// expect: ok
// qsharp: no — qsharp-lang has no ln/log ("undefined symbol: ln"), does not parse pow/mod calls and refuses ~ on int
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
float a = ln(2.0) + log(euler);
float b = pow(2.0, 0.5) * mod(7.5, 2.0);
ry(a) q[0];
ry(b) q[1];
rx(π / 4 + τ / 16 + ℇ / 10) q[2];
int nb = ~5;
if (nb == -6) h q[2];
h q[0];
c = measure q;
