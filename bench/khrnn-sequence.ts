// A seeded random k-HRNN token sequence for benchmarks: mostly Edge tokens, with a read every 20 steps.

export function khrnnTokens(n: number, k: number, length: number, seed = 1): string {
  let s = seed >>> 0;
  const rand = (m: number): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % m; };
  const out: string[] = [];
  for (let t = 0; t < length; t++) {
    if (t % 20 === 19) { out.push(`${rand(2) ? "ReadX" : "ReadZ"}(${rand(n)})`); continue; }
    const e = new Set<number>();
    while (e.size < k) e.add(rand(n));
    out.push(`Edge(${[...e].sort((a, b) => a - b).join(",")})`);
  }
  return out.join(" ");
}
