/** A tiny seeded generator (mulberry32 + Box-Muller) so test inputs are reproducible without the addon. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u = 1 - this.uniform(); // in (0, 1]: log(u) stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  normals(count: number, scale: number): Float64Array {
    return Float64Array.from({ length: count }, () => scale * this.normal());
  }

  sign(): number {
    return this.uniform() < 0.5 ? -1 : 1;
  }

  integer(lowInclusive: number, highInclusive: number): number {
    return lowInclusive + Math.floor(this.uniform() * (highInclusive - lowInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)] as T;
  }
}
