OPENQASM 3.0;
include "stdgates.inc";
// Mistakes people make when moving from OpenQASM 2 or other toolkits: one error each.
qubit q[2];
bit c[2];
cx q[0] q[1];
h q[0]
measure q[0] -> c[0];
if c[0] == 1 { x q[1]; }
CNOT q[0], q[1];
rx(pi/2) q[1]
