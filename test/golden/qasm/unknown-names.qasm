OPENQASM 3.0;
include "stdgates.inc";
qubit[3] qr;
bit[3] cr;
gate bell a, b { h a; cx a, b; }
hadamard qr[0];
cnot qr[0], qr[1];
bel qr[0], qr[1];
h qs[1];
rx(thetta) qr[2];
ry(sine(0.5)) qr[2];
mcx qr[0], qr[1], qr[2];
cr[0] = measure qr[0];
cz[1] = measure qr[1];
