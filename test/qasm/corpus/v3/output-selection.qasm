// covers: output selection: only the `output` registers are reported (a measured non-output register is not), in declaration order, an output that is never measured (reads 0)
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[2] scratch;
output bit[2] second;
output bit first;
output bit never;
h q[0];
cx q[0], q[1];
ry(0.8) q[2];
scratch = measure q[0:1];
first = measure q[2];
ry(1.4) q[3];
second[0] = measure q[3];
second[1] = measure q[1];
