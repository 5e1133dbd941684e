// covers: every two-qubit gate of stdgates.inc (cx CX cy cz cp cphase crx cry crz ch swap cu) with non-trivial angles, controls in superposition
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[4] c;
h q[0];
ry(0.8) q[1];
h q[2];
ry(2.3) q[3];
cx q[0], q[1];
CX q[2], q[3];
cy q[1], q[2];
cz q[3], q[0];
cp(0.7) q[0], q[2];
cphase(1.3) q[1], q[3];
crx(0.9) q[2], q[1];
cry(1.7) q[0], q[3];
crz(2.5) q[3], q[2];
ch q[1], q[0];
swap q[0], q[3];
cu(0.6, 0.4, 1.1, 0.3) q[2], q[0];
h q;
c = measure q;
