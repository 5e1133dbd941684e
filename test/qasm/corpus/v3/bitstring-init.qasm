// covers: bit initialisers `= 0`, `= 1` and bit strings (leftmost character = highest index), read at import time in conditions
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[4] pattern = "0110";
bit zero = 0;
bit one = 1;
output bit[3] c;
h q[0];
if (pattern[1] == 1) x q[1];
if (pattern[0] == 1) x q[2];
if (pattern[3] == 0 && one) ry(0.8) q[2];
if (zero) h q[1];
c = measure q;
