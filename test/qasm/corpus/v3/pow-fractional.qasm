// covers: pow(k) with a fractional k where the power is defined (z, x, rz, s, p, and under ctrl)
// expect: ok
// qsharp: no — qsharp-lang accepts only integer exponents ("expected Int, found Double")
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
h q[0];
ry(1.1) q[1];
h q[2];
pow(0.5) @ z q[0];
pow(0.5) @ x q[1];
pow(0.25) @ z q[2];
pow(1.5) @ rz(0.8) q[0];
pow(2.5) @ s q[1];
pow(0.5) @ p(1.2) q[2];
ctrl @ pow(0.5) @ x q[0], q[2];
h q;
c = measure q;
