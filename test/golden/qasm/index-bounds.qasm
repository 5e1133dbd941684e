OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[2] c;
qubit single;
x q[3];
x q[-4];
x q[1:5];
h single[0];
c[2] = measure q[0];
c = measure q;
ctrl(0) @ x q[0], q[1];
for int i in [0:100000000] { x q[0]; }
for int i in [0:0:4] { x q[0]; }
qubit[100000] big;
bit b = 2;
