// covers: array parameters of def: readonly with fixed lengths, readonly and mutable with #dim = 1 (sizeof inside the subroutine), a mutable write reaching the caller's array
// expect: ok
// qsharp: no — qsharp-lang 1.32 does not support mutable array references ("mutable array references … are not supported"); readonly array parameters run there (see array-multidim.qasm for arrays it runs)
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
output bit[2] c;
array[float[64], 3] th = {0.2, 0.4, 0.8};
def total(readonly array[float[64], #dim = 1] v) -> float[64] {
  float[64] sum = 0.0;
  for int i in [0:sizeof(v) - 1] {
    sum += v[i];
  }
  return sum;
}
def scale(mutable array[float[64], #dim = 1] v, float[64] f) {
  for int i in [0:sizeof(v) - 1] {
    v[i] = v[i] * f;
  }
}
def first(readonly array[float[64], 3] v) -> float[64] {
  return v[0];
}
ry(total(th)) q[0];
scale(th, 2.0);
ry(first(th) + th[2]) q[1];
c = measure q;
