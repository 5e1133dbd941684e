// covers: a `const` bit register (a string initialiser) read in a subroutine's conditions and in global ifs; writing it is E1004 (test/qasm/runtime-control.test.ts)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
const bit[3] mask = "101";
def apply_mask(bit[3] m, qubit[3] r) {
  for int i in [0:2] {
    if (m[i]) x r[i];
  }
}
qubit[3] q;
output bit[3] c;
h q[1];
apply_mask(mask, q);
if (mask[1] == 0) z q[1];
h q[1];
c = measure q;
