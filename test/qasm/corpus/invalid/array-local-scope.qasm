// covers: an array declared in a local scope (the spec allows arrays only in the global scope)
// expect: E1004 8:17
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
for int i in [0:1] {
  array[int, 2] a;
}
