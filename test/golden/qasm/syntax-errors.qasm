OPENQASM 3.0;
include "stdgates.inc";
// Five syntax errors: each is reported, and the statements between them are still checked.
qubit[2] q
bit[2] c;
h q[0;
cx q[0], ;
rx(0.5 q[1];
c = measure q;
x q[0] # 1;
) h q[1];
