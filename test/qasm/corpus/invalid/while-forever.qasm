// covers: while (true) without a break: the unrolling limit stops it (E1006), no hang
// expect: E1006 8:1
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
while (true) {
  x q;
}
c = measure q;
