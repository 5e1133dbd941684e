// covers: `return` from inside a run-time while loop of a subroutine (E1002)
// expect: E1002 11:14
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
def retry(qubit a) -> int {
  bit m = measure a;
  while (!m) {
    h a;
    m = measure a;
    if (m) { return 1; }
  }
  return 0;
}
qubit q;
output bit r;
int k = retry(q);
r = measure q;
