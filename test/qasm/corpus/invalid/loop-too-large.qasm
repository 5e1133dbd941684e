// covers: a loop whose unrolled size exceeds the limits (E1006)
// expect: E1006 8:14
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
for int i in [0:100000000] {
  x q;
}
c = measure q;
