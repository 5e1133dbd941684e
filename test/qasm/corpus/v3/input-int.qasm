// covers: input int, uint and bool declarations with bound values, used as a loop bound, an index and a condition
// expect: ok
// qsharp: yes
// bind: n=3, idx=2, flip=1
OPENQASM 3.0;
include "stdgates.inc";
input int n;
input uint idx;
input bool flip;
qubit[3] q;
output bit[3] c;
for int i in [1:n] {
  rx(0.3) q[0];
}
h q[idx];
if (flip) x q[1];
cx q[idx], q[1];
c = measure q;
