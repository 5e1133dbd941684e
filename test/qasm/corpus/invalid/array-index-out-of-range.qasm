// covers: an array index outside the array (E1006, naming the index and the array's size)
// expect: E1006 9:7
// qsharp: no — an invalid program
OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
array[float[64], 3] th = {0.1, 0.2, 0.3};
ry(th[3]) q;
c = measure q;
