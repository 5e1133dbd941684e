// covers: `return` from inside a for loop of a subroutine, decided by a measurement: the loop stays unrolled and stops, the rest of the body is skipped (a first-success search)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
def first(qubit[2] a) -> int {
  for int i in [0:1] {
    h a[i];
    bit m = measure a[i];
    if (m) { return i; }
  }
  return 2;
}
qubit[2] q;
output bit found;
output bit second;
int k = first(q);
found = k < 2;
second = k == 1;
