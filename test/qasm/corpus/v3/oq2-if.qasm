// covers: OpenQASM 2.0: if (creg == n) op; on whole registers (palindromic values 0 and 3 only, see if-register.qasm), measure per qubit, reset, barrier, a gate definition
// expect: ok
// qsharp: yes
OPENQASM 2.0;
include "qelib1.inc";
gate tilt(theta) a { ry(theta) a; }
qreg q[2];
qreg tq[2];
creg m[2];
creg r[2];
h q[0];
tilt(1.2) q[1];
measure q[0] -> m[0];
measure q[1] -> m[1];
if(m==3) x tq[0];
if(m==0) tilt(0.9) tq[1];
barrier q,tq;
reset q[0];
measure tq -> r;
