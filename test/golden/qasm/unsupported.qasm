OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
int n = 3;
while (n > 0) { h q[0]; n -= 1; }
def flip(qubit a) { x a; }
flip(q[0]);
extern sample(int) -> bit;
delay[100ns] q[0];
box { h q[1]; }
duration d = 20ns;
input complex zi;
#pragma verbatim
@pure
h $0;
c = measure q;
if (c[0] == 1) { n = 2; }
if (c[0] < c[1]) { x q[1]; }
for bit b in c { x q[0]; }
