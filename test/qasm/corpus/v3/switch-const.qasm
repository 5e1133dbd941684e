// covers: switch on a compile-time integer: case lists, default, nested switch, switch in a loop (version 3.1 for qsharp-lang, which refuses switch under 3.0)
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
qubit[3] q;
output bit[3] c;
const int mode = 2;
switch (mode) {
  case 0 {
    x q[0];
  }
  case 1, 2 {
    h q[0];
    switch (mode + 1) {
      case 3 { ry(0.7) q[1]; }
      default { x q[1]; }
    }
  }
  default {
    x q[2];
  }
}
for int i in [0:2] {
  switch (i) {
    case 0 { cx q[0], q[2]; }
    case 2 { rz(0.9) q[2]; h q[2]; }
    default { }
  }
}
c = measure q;
