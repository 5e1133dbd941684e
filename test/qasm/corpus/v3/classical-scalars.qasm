// covers: int/uint/float/bool declarations with sizes: int[8] and uint[4] (no overflow: see int-wrap.qasm), float[32] rounding, bool logic, compound assignment (+= -= *= /=)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
output bit[4] c;
int[8] i = 100;
i -= 120;
uint[4] u = 14;
u -= 5;
float[32] f = 0.1;
float g = 1.5;
g *= 2.0;
g -= 0.5;
g /= 5.0;
bool ok = true;
ok = ok && (i < 0);
ry(0.01 * i + 1.5) q[0];
ry(0.2 * u) q[1];
ry(10.0 * f) q[2];
ry(g) q[3];
if (ok) h q[3];
c = measure q;
