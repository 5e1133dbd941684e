// covers: run-time while: repeat until success on a measured bit, bounded by a try counter (uint[2]); a gate inside the loop body runs once per try
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[2] q;
output bit done;
output bit[2] tries;
output bit flag;
uint[2] n = 0;
done = 0;
// each try succeeds with probability sin²(π/6) = 1/4
while (!done && n < 3) {
  n += 1;
  rx(pi / 2) q[1];
  reset q[0];
  ry(pi / 3) q[0];
  done = measure q[0];
}
// the count, bit by bit (qsharp-lang converts an int to bit[n] most significant bit first)
tries[0] = n == 1 || n == 3;
tries[1] = n >= 2;
// q[1] got rx(π/2) once per try: P(flag = 1) = sin²(n·π/4) = 1/2, 1, 1/2 for n = 1, 2, 3
flag = measure q[1];
