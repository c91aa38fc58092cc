import { describe, expect, it } from 'vitest';
import {
  allocate,
  AllocationError,
  mulberry32,
  type AllocationUnit,
} from '@/server/modules/delegates/allocation';

const units = (...counts: number[]): AllocationUnit[] =>
  counts.map((count, i) => ({
    code: String.fromCharCode(65 + i),
    name: `KV ${String.fromCharCode(65 + i)}`,
    count,
  }));
const seatsOf = (a: ReturnType<typeof allocate>) => Object.fromEntries(a.units.map((u) => [u.code, u.seats]));

describe('allocate: one example, three methods', () => {
  // A = 4160, B = 3380, C = 2460 members (total 10,000), 10 seats.
  const kv = units(4160, 3380, 2460);

  it('Hare/Niemeyer', () => {
    // Quotas count · 10 / 10,000: A 4.16, B 3.38, C 2.46. Whole parts 4 + 3 + 2 = 9; the 10th seat goes
    // to the largest remainder: C (.46) before B (.38) and A (.16).  →  A 4, B 3, C 3
    const a = allocate(kv, { seats: 10, method: 'hare-niemeyer', seed: 1 });
    expect(seatsOf(a)).toEqual({ A: 4, B: 3, C: 3 });
    expect(a.quotaBase).toBe(1000);
    expect(a.units.map((u) => u.quota)).toEqual([4.16, 3.38, 2.46]);
    expect(a.ties).toEqual([]);
  });

  it("D'Hondt", () => {
    // Quotients count / 1, 2, 3, 4, 5:
    //   A 4160  2080  1386.7  1040  832
    //   B 3380  1690  1126.7   845  676
    //   C 2460  1230   820     615
    // The ten largest: 4160 3380 2460 2080 1690 1386.7 1230 1126.7 1040 845  →  A 4, B 4, C 2.
    // Next would be 832 (A): any divisor in (832, 845] reproduces it; we report the last winning quotient.
    const a = allocate(kv, { seats: 10, method: 'dhondt', seed: 1 });
    expect(seatsOf(a)).toEqual({ A: 4, B: 4, C: 2 });
    expect(a.divisor).toBe(845);
  });

  it('Sainte-Laguë/Schepers', () => {
    // Quotients count / 0.5, 1.5, 2.5, 3.5, 4.5:
    //   A 8320  2773.3  1664  1188.6  924.4
    //   B 6760  2253.3  1352   965.7
    //   C 4920  1640     984   702.9
    // The ten largest: 8320 6760 4920 2773.3 2253.3 1664 1640 1352 1188.6 984  →  A 4, B 3, C 3.
    // Divisor 984: 4160/984 = 4.23 → 4, 3380/984 = 3.43 → 3, 2460/984 = 2.5 → 3 (rounded half up).
    const a = allocate(kv, { seats: 10, method: 'sainte-lague', seed: 1 });
    expect(seatsOf(a)).toEqual({ A: 4, B: 3, C: 3 });
    expect(a.divisor).toBe(984);
  });
});

describe('allocate: ties', () => {
  it("draws lots when equal quotients compete for the last seat (D'Hondt)", () => {
    // A = 300, B = 300, C = 100, 3 seats. Quotients: A 300 150 100, B 300 150 100, C 100.
    // Seats 1 and 2: A and B (300 each, both win: no lot needed). Seat 3: A 150 = B 150, one seat
    // for two units: lot. The lot is the seeded shuffle of [A, B]; the seed decides, and is stored.
    const kv = units(300, 300, 100);
    const first = allocate(kv, { seats: 3, method: 'dhondt', seed: 7 });
    expect(first.ties).toEqual([
      { units: ['A', 'B'], seatsAtStake: 1, lotOrder: first.ties[0]!.lotOrder, value: 150 },
    ]);
    const winner = first.ties[0]!.lotOrder[0]!;
    expect(seatsOf(first)).toEqual({ A: winner === 'A' ? 2 : 1, B: winner === 'B' ? 2 : 1, C: 0 });
    // Reproducible: the same seed gives the same lot; some other seed gives the other winner.
    expect(allocate(kv, { seats: 3, method: 'dhondt', seed: 7 })).toEqual(first);
    const other = [1, 2, 3, 4, 5, 6, 8, 9].map(
      (seed) => allocate(kv, { seats: 3, method: 'dhondt', seed }).ties[0]!.lotOrder[0],
    );
    expect(other).toContain(winner === 'A' ? 'B' : 'A');
  });

  it('draws lots between equal remainders (Hare/Niemeyer)', () => {
    // A = 150, B = 150, C = 100 (total 400), 3 seats: quotas 1.125, 1.125, 0.75. Whole parts 1 + 1 + 0 = 2;
    // one seat left: largest remainder C (.75). No tie. With 2 seats: quotas .75, .75, .5 → whole 0;
    // remainders A .75 = B .75 for 2 seats: both get one, no lot needed.
    expect(seatsOf(allocate(units(150, 150, 100), { seats: 3, method: 'hare-niemeyer', seed: 1 }))).toEqual({
      A: 1,
      B: 1,
      C: 1,
    });
    expect(allocate(units(150, 150, 100), { seats: 2, method: 'hare-niemeyer', seed: 1 }).ties).toEqual([]);
    // A = 100, B = 100, 1 seat: quotas .5 and .5, one seat for two equal remainders: lot.
    const a = allocate(units(100, 100), { seats: 1, method: 'hare-niemeyer', seed: 3 });
    expect(a.ties).toHaveLength(1);
    expect(a.ties[0]).toMatchObject({ units: ['A', 'B'], seatsAtStake: 1, value: 0.5 });
    expect(a.units.reduce((s, u) => s + u.seats, 0)).toBe(1);
  });
});

describe('allocate: minimum and basic seats', () => {
  it('raises small units to the minimum and allocates the rest among the others', () => {
    // A = 9000, B = 800, C = 200, 10 seats, at least 1 seat per unit.
    // D'Hondt without minimum: A's quotients 9000 … 900 (9000/10) all exceed B's 800 → A 10, B 0, C 0.
    // B and C are below 1: they get 1 each; the remaining 8 seats go to A alone → A 8, B 1, C 1.
    const kv = units(9000, 800, 200);
    expect(seatsOf(allocate(kv, { seats: 10, method: 'dhondt', seed: 1 }))).toEqual({ A: 10, B: 0, C: 0 });
    const a = allocate(kv, { seats: 10, method: 'dhondt', seed: 1, minimumSeats: 1 });
    expect(seatsOf(a)).toEqual({ A: 8, B: 1, C: 1 });
    expect(a.units.map((u) => u.raisedToMinimum)).toEqual([false, true, true]);
    // Hare/Niemeyer: quotas 9, .8, .2 → A 9, B 1 (remainder .8), C 0. C is raised to 1; the 9 other
    // seats among A and B (9,800 members): quotas 9 · 9000 / 9800 = 8.265 and
    // 9 · 800 / 9800 = 0.735 → whole 8 + 0, the last seat to B (.735)  →  A 8, B 1, C 1.
    expect(seatsOf(allocate(kv, { seats: 10, method: 'hare-niemeyer', seed: 1, minimumSeats: 1 }))).toEqual({
      A: 8,
      B: 1,
      C: 1,
    });
  });

  it('gives basic seats first and the rest proportionally; ties inside the seats need no lot', () => {
    // A = 6000, B = 3000, C = 1000, 10 seats, 1 basic seat each: 3 basic, 7 proportional (D'Hondt):
    //   A 6000 3000 2000 1500 1200 1000   B 3000 1500 1000   C 1000
    // Seven largest: 6000, 3000 (A), 3000 (B), 2000, 1500 (A), 1500 (B), 1200 → A 5, B 2, C 0;
    // the equal pairs at 3000 and 1500 both fit, so no lot. Totals: A 6, B 3, C 1.
    const a = allocate(units(6000, 3000, 1000), { seats: 10, method: 'dhondt', seed: 1, basicSeats: 1 });
    expect(seatsOf(a)).toEqual({ A: 6, B: 3, C: 1 });
    expect(a.ties).toEqual([]);
    expect(a.divisor).toBe(1200);
  });

  it('refuses impossible requests and leaves units without members out', () => {
    expect(() =>
      allocate(units(10, 10, 10), { seats: 2, method: 'dhondt', seed: 1, minimumSeats: 1 }),
    ).toThrow(AllocationError);
    expect(() => allocate(units(0, 0), { seats: 2, method: 'dhondt', seed: 1 })).toThrow(AllocationError);
    expect(
      seatsOf(allocate(units(100, 0), { seats: 2, method: 'sainte-lague', seed: 1, basicSeats: 1 })),
    ).toEqual({ A: 2, B: 0 });
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});
