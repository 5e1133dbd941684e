// covers: no version line at all (OpenQASM 3 is assumed), include first
// expect: ok
// qsharp: yes
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
rx(0.9) q[1];
c = measure q;
