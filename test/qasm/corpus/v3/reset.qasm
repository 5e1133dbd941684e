// covers: reset of a qubit and of a register, mid-circuit, after entanglement
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
cx q[0], q[1];
reset q[0];
ry(0.9) q[0];
h q[2];
cx q[2], q[1];
reset q[1:2];
h q[1];
c = measure q;
