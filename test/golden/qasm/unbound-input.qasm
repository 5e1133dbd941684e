OPENQASM 3.0;
include "stdgates.inc";
// Inputs need values: --bind theta=0.5,layers=2 (or inputsAsParams for the float/angle ones).
input float[64] theta;
input angle phi;
input int layers;
qubit q;
rx(theta) q;
rz(phi) q;
for int i in [1:layers] { h q; }
