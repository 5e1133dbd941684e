// covers: version line `OPENQASM 3.1;` (a minor version)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
ry(2.2) q[1];
cx q[1], q[0];
c = measure q;
