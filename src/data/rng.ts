// Seeded pseudo-random numbers (mulberry32): the same seed gives the same initialisation, corpus and
// batches on every machine and backend.

import { SeededRandom } from '../shared/sampling';

/** The generator of src/shared/sampling.ts (mulberry32), with the draws the data and model code need. */
export class Rng extends SeededRandom {
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A new independent generator derived from this one. */
  fork(): Rng {
    return new Rng(this.int(0x7fffffff));
  }
}
