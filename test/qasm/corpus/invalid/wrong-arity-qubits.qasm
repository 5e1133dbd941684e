// covers: a gate applied to the wrong number of qubits
// expect: E1004 8:4
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
cx q[0], q[1], q[2];
c = measure q;
