// covers: casts between int, uint, float, bool, bit and angle: int(2.7), float(int), bool(int), uint[4](9), angle(float), bit(int)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
int i = int(2.7);
float f = float(i) / 4.0;
bool nz = bool(i);
uint[4] u = uint[4](9);
angle a = angle(f);
bit one = bit(u);
ry(f) q[0];
if (nz) ry(0.1 * u) q[1];
rx(a) q[2];
if (one) h q[2];
c = measure q;
