// covers: the qseq/Qiskit extras available after the include: rxx ryy rzz sxdg ccz
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
ry(0.6) q[1];
rxx(0.9) q[0], q[1];
ryy(1.4) q[1], q[2];
rzz(0.7) q[0], q[2];
sxdg q[1];
h q[2];
ccz q[0], q[1], q[2];
h q;
c = measure q;
