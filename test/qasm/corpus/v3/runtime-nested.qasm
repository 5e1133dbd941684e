// covers: a static for loop inside a run-time while (its index picks qubits and bits), a run-time if inside the for; the while condition negates a conjunction of measured bits
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[3] q;
output bit[2] c;
output bit par;
output bit[2] att;
uint[2] tries = 0;
// measure two fair coins until both are 1, at most three times
while (tries < 3 && !(c[0] && c[1])) {
  tries += 1;
  for int i in [0:1] {
    reset q[i];
    h q[i];
    c[i] = measure q[i];
    // q[2] flips once per 1 measured: par = parity of all the 1s
    if (c[i]) {
      x q[2];
    }
  }
}
par = measure q[2];
att[0] = tries == 1 || tries == 3;
att[1] = tries >= 2;
