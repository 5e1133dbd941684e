OPENQASM 3.0;
include "stdgates.inc";
qubit[3] a;
qubit[2] b;
gate g(theta) x, y { rz(theta) x; cx x, y; }
rx a[0];
rx(0.1, 0.2) a[0];
h a[0], a[1];
cx a[0];
ctrl @ x a[0];
ctrl(2) @ h a[0], a[1];
cx a, b;
cx a[1], a[1];
g a[0], a[1];
g(0.3) a;
U(0.1, 0.2) b[0];
