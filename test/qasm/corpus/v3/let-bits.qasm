// covers: `let` aliases of bit registers, slices and `++` concatenations, measured through the alias
// expect: ok
// qsharp: no — qsharp-lang does not implement bit register aliases ("not yet handled: bit register alias statements")
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[2] a;
bit[2] b;
let low = a[0:1];
let both = a ++ b;
let odd = b[1:1] ++ a[1:1];
h q[0];
cx q[0], q[1];
ry(0.7) q[2];
ry(1.9) q[3];
low = measure q[0:1];
both[2] = measure q[2];
odd[0] = measure q[3];
