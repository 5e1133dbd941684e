// covers: physical qubits $0 $1 $2, mixed with a declared register
// expect: ok
// qsharp: no — qsharp-lang refuses hardware qubit operands ("not supported")
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[3] c;
bit[2] d;
h $0;
cx $0, $2;
ry(0.9) q[0];
cx q[0], $1;
c[0] = measure $0;
c[1] = measure $1;
c[2] = measure $2;
d = measure q;
