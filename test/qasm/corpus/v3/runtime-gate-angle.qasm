// covers: gate angles computed from measured bits (the gate is applied once per value of the bits it reads), also through a bool and a uint[2] variable
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[3] q;
bit[2] b;
output bit r;
output bit u;
h q[0];
h q[1];
b = measure q[0:1];
float ang = pi / 2 * int(b[0]);
ry(ang) q[2];
r = measure q[2];
reset q[2];
uint[2] k = 0;
if (b[0]) k += 1;
if (b[1]) k += 2;
ry(k * pi / 3) q[2];
u = measure q[2];
