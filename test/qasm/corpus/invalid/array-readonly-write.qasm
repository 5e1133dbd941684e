// covers: writing to a readonly array parameter of a subroutine
// expect: E1004 8:3
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
array[int, 3] a = {1, 2, 3};
def clear(readonly array[int, 3] v) {
  v[0] = 0;
}
clear(a);
