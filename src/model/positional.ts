// Sinusoidal positional encoding ("Attention Is All You Need" §3.5), interleaved as in CONTRACT §1:
//   P[pos, 2i]   = sin(pos / 10000^(2i / dModel))
//   P[pos, 2i+1] = cos(pos / 10000^(2i / dModel))

/** The table P as a row-major [length, dModel] Float32Array (computed in float64, then rounded). */
export function sinusoidalTable(length: number, dModel: number): Float32Array {
  const table = new Float32Array(length * dModel);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; 2 * i < dModel; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / dModel);
      table[pos * dModel + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < dModel) table[pos * dModel + 2 * i + 1] = Math.cos(angle);
    }
  }
  return table;
}
