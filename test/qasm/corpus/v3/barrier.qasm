// covers: barrier on a qubit, a register, a slice and with no operands
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
barrier q[0];
cx q[0], q[1];
barrier q;
ry(0.5) q[2];
barrier q[1:2];
barrier;
cx q[2], q[0];
c = measure q;
