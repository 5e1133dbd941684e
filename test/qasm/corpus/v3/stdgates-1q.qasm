// covers: every single-qubit gate of stdgates.inc (x y z h s sdg t tdg sx p phase id rx ry rz u1 u2 u3), on superpositions so that phases show after the final h
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[4] c;
h q[0];
ry(0.7) q[1];
h q[2];
ry(1.9) q[3];
x q[0];
y q[1];
z q[2];
s q[0];
sdg q[1];
t q[2];
tdg q[3];
sx q[0];
p(0.4) q[1];
phase(1.1) q[2];
id q[3];
rx(0.8) q[0];
ry(1.3) q[1];
rz(2.1) q[2];
u1(0.6) q[3];
u2(0.3, 1.2) q[0];
u3(0.9, 0.5, 0.25) q[1];
h q;
c = measure q;
