OPENQASM 3.0;
qubit[2] q;
U(pi / 2, 0, pi) q[0];
h q[1];
cx q[0], q[1];
