// covers: three-qubit gates of stdgates.inc (ccx, cswap) on entangled superpositions
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[4] c;
h q[0];
h q[1];
ry(1.1) q[2];
ccx q[0], q[1], q[2];
cswap q[2], q[0], q[3];
ry(0.5) q[3];
ccx q[3], q[2], q[1];
cswap q[1], q[3], q[0];
h q[0];
c = measure q;
