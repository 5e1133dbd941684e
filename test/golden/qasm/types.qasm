OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
int k = 1.5;
float xf = 2;
const int n = 4;
n = 5;
xf = measure q[0];
c = 7;
qubit q;
gate h a { x a; }
gate g a { bit t; measure a; }
{ gate inner a { x a; } }
rx(true) q[0];
c[0] = measure q;
float y = 1 % 2.0;
cx q[0], c[1];
h c;
let both = q ++ c;
