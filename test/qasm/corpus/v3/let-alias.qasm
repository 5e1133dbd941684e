// covers: `let` aliases of a qubit, a slice, a concatenation `++` of registers and slices (aliases of bits: let-bits.qasm)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] a;
qubit[2] b;
bit[5] c;
let first = a[0];
let tail = a[1:2];
let all = a ++ b;
let mixed = b[1:1] ++ a[0:1];
h first;
cx first, tail[1];
ry(0.9) all[3];
cx all[3], all[4];
rx(1.3) mixed[0];
cz mixed[1], mixed[2];
h all[0];
c[0:2] = measure a;
c[3:4] = measure b;
