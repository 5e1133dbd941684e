// covers: `return` from a subroutine under an if on a measured bit (subroutines are inlined: E1002)
// expect: E1002 8:12
// qsharp: no — an invalid program
OPENQASM 3.1;
include "stdgates.inc";
def coin(qubit a) -> int {
  bit m = measure a;
  if (m) { return 1; }
  return 0;
}
qubit q;
output bit r;
h q;
int k = coin(q);
r = measure q;
