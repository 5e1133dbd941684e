// covers: register slices q[a:b], stepped slices q[a:s:b], negative indices q[-1], on qubits and bits (index sets: index-sets.qasm)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[6] q;
bit[6] c;
h q[0:2];
cx q[0:2], q[3:5];
ry(0.8) q[-1];
x q[0:2:4];
rz(1.2) q[1:4:5];
h q[1:4:5];
cx q[-2], q[-6];
c[0:2] = measure q[0:2];
c[3:2:5] = measure q[3:2:5];
c[4] = measure q[-2];
