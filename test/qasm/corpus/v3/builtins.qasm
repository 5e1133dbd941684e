// covers: built-in functions sin cos tan arcsin arccos arctan exp sqrt floor ceiling, constants pi and tau, in angles
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
output bit[4] c;
const float s1 = sin(0.5) + cos(0.25);
const float t1 = tan(0.3) * sqrt(2.0);
float inv_trig = arcsin(0.5) + arccos(0.3) - arctan(1.5);
float e = exp(0.2);
ry(s1) q[0];
ry(t1) q[1];
ry(inv_trig) q[2];
rx(e) q[3];
rz(floor(2.7) * 0.3) q[0];
rz(ceiling(0.2) + tau / 8.0) q[1];
h q[0];
h q[1];
cx q[2], q[3];
rz(pi / 3.0) q[3];
h q[3];
c = measure q;
