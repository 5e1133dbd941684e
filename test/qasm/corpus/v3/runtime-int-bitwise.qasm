// covers: an unsized int built from measured bits with <<= and |= (a bit ORed into an int), then compared; shifts and | on unsized integers at run time
// expect: ok
// qsharp: yes
OPENQASM 3.1;
include "stdgates.inc";
def coin(qubit a) -> bit {
  reset a;
  h a;
  return measure a;
}
qubit q;
qubit flag;
output bit three;
output bit even;
int number = 0;
for int k in [1:3] {
  number <<= 1;
  number |= coin(q);
}
if (number == 3) x flag;
three = measure flag;
even = (number % 2) == 0;
