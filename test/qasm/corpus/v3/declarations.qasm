// covers: qubit and bit declarations (scalar and sized), OpenQASM 2 style qreg/creg inside an OpenQASM 3 program, assignment of a creg to an output
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
qubit[2] r;
qreg s2[2];
bit b;
bit[2] c;
creg d[2];
output bit[2] od;
output bit[2] oc;
output bit ob;
h q;
cx q, r[0];
ry(0.7) r[1];
cx r[1], s2[0];
h s2[1];
b = measure q;
c = measure r;
d = measure s2;
od = d;
oc = c;
ob = b;
