// covers: box { … } without a duration (its body is lowered as a block), nested
// expect: ok
// qsharp: yes
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
box {
  h q[0];
  box {
    cx q[0], q[1];
  }
}
ry(0.7) q[1];
c = measure q;
