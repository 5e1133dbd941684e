// covers: broadcasting gates over registers of equal size, a single qubit repeated against a register, measure of a whole register
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] a;
qubit[3] b;
qubit anc;
bit[3] ra;
bit[3] rb;
bit r;
h a;
ry(0.7) b;
cx a, b;
cz anc, b;
h anc;
cx anc, a;
rz(0.9) a;
h a;
ra = measure a;
rb = measure b;
r = measure anc;
