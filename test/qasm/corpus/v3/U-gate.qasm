// covers: the built-in U(θ, φ, λ) gate, uncontrolled (and inv @ U), on a superposition
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
U(0.8, 0.3, 1.9) q[0];
U(pi / 2, 0.0, pi) q[1];
inv @ U(1.2, 0.7, 0.4) q[1];
cx q[0], q[1];
U(0.5, 1.1, 2.2) q[1];
c = measure q;
