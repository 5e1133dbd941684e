// covers: `return` from inside a loop of a subroutine whose return is decided at run time (E1002)
// expect: E1002 9:14
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
def first(qubit[2] a) -> int {
  for int i in [0:1] {
    bit m = measure a[i];
    if (m) { return i; }
  }
  return 2;
}
qubit[2] q;
output bit r;
int k = first(q);
r = measure q[0];
