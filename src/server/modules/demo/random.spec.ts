import { describe, expect, it } from 'vitest';
import { Random, WeightedTable } from '@/server/modules/demo/random';

describe('Random', () => {
  it('repeats a sequence for the same seed and stream', () => {
    const a = new Random(42, 1);
    const b = new Random(42, 1);
    const c = new Random(42, 2);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('stays within bounds and covers them', () => {
    const r = new Random(1);
    const seen = new Set<number>();
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      seen.add(r.int(3, 7));
      const f = r.next();
      if (f < 0 || f >= 1) outside++;
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(outside).toBe(0);
  });
});

describe('WeightedTable', () => {
  it('picks in proportion to the weights and never a zero weight', () => {
    const table = new WeightedTable(['a', 'b', 'c'], [1, 3, 0]);
    const r = new Random(5);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.pick(r)]!++;
    expect(counts.c).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.8);
    expect(counts.b! / counts.a!).toBeLessThan(3.2);
  });

  it('refuses empty or invalid weights', () => {
    expect(() => new WeightedTable([], [])).toThrow(RangeError);
    expect(() => new WeightedTable(['a'], [0])).toThrow(RangeError);
    expect(() => new WeightedTable(['a'], [-1])).toThrow(RangeError);
  });
});
