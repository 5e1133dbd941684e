// covers: qubit and bit indices computed from measured values (the statement is applied once per value of the bits the index reads): a one-hot flip named by a measured 2-bit register, a measurement into the bit it names
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] a;
qubit[4] tgt;
bit[2] c;
output bit[4] hot;
output bit[4] sel;
h a[0];
ry(pi / 3) a[1];
c = measure a;
int i = int(c[0]) + 2 * int(c[1]);
x tgt[i];
hot = measure tgt;
reset tgt;
x tgt;
sel[3 - i] = measure tgt[3 - i];
