OPENQASM 2.0;
include "qelib1.inc";
include "mygates.inc";
qreg q[1];
u3(pi, 0, pi) q[0];
OPENQASM 3.0;
