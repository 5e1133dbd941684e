// covers: version line `OPENQASM 3;` (major version only)
// expect: ok
// qsharp: yes
OPENQASM 3;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
ry(1.2) q[0];
cx q[0], q[1];
h q[1];
c = measure q;
