// covers: input float and input angle declarations with bound values (opts.bind), used in gate angles and expressions
// expect: ok
// qsharp: yes
// bind: theta=0.7, phi=2.1
OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input angle phi;
qubit[2] q;
output bit[2] c;
ry(theta) q[0];
h q[1];
rz(phi) q[1];
crx(theta * 2.0) q[0], q[1];
h q[1];
c = measure q;
