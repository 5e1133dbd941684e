OPENQASM 3.0;
include "stdgates.inc";
// A program without mistakes: its golden is empty.
gate cphase_ladder(theta) a, b, c {
  cp(theta) a, b;
  cp(theta / 2) b, c;
}
const int n = 4;
qubit[n] q;
output bit[n] result;
for int i in [0:n - 1] h q[i];
ctrl @ cphase_ladder(pi / 4) q[n - 1], q[0], q[1], q[2];
result = measure q;
