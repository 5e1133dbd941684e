// covers: version line `OPENQASM 3.0;`
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
ry(0.4) q[1];
cx q[0], q[1];
c = measure q;
