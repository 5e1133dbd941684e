// covers: every measure form: c[i] = measure q[i]; c = measure q; measure q -> c; measure q -> c[i]; measure q; (no target); bit b = measure q;
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
qubit[2] r;
bit[3] c;
bit[2] d;
h q[0];
ry(1.1) q[1];
cx q[0], q[2];
c[0] = measure q[0];
measure q[1] -> c[1];
measure q[2];
ry(0.6) q[2];
c[2] = measure q[2];
h r[0];
cx r[0], r[1];
measure r -> d;
bit e = measure r[1];
