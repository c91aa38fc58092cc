/**
 * Seat allocation for a delegate key (Delegiertenschlüssel): N seats to units by member count.
 * Pure and deterministic: the same counts, options and seed always give the same table.
 *
 * Methods
 * - dhondt: highest averages with divisors 1, 2, 3, … (favours large units).
 * - sainte-lague (Sainte-Laguë/Schepers): highest averages with divisors 0.5, 1.5, 2.5, …, i.e. a
 *   divisor method with standard rounding (Bundestag since 2009).
 * - hare-niemeyer: each unit gets the whole part of its quota count·S/total, the seats left go to
 *   the largest remainders.
 *
 * Options
 * - basicSeats B: every unit with members gets B seats first; the rest is allocated proportionally.
 * - minimumSeats K: a unit whose result is below K is raised to K; those units are then fixed and
 *   the remaining seats are allocated again among the others, until no unit is below K.
 *
 * Ties: when units compete with equal quotients (or equal remainders) for fewer seats than there
 * are units in the tie, the seats go by lot: the tied units are shuffled with a seeded PRNG
 * (mulberry32) and take the seats in that order. The seed is stored with the result, so the lot
 * can be repeated and checked. Ties that do not decide a seat need no lot.
 */

export type AllocationMethod = 'sainte-lague' | 'hare-niemeyer' | 'dhondt';

export interface AllocationUnit {
  code: string;
  name: string;
  count: number;
}

export interface AllocationOptions {
  seats: number;
  method: AllocationMethod;
  minimumSeats?: number;
  basicSeats?: number;
  seed: number;
}

export interface AllocatedUnit extends AllocationUnit {
  seats: number;
  basicSeats: number;
  /** Raised to the minimum (its proportional result was lower). */
  raisedToMinimum: boolean;
  /** Hare/Niemeyer: count · seats / total of the last round (exact quota); divisor methods: count / divisor. */
  quota: number;
}

export interface Tie {
  /** The units with equal claims, in file order. */
  units: string[];
  seatsAtStake: number;
  /** The lot's order (winners first). */
  lotOrder: string[];
  value: number;
}

export interface Allocation {
  method: AllocationMethod;
  seats: number;
  total: number;
  /** Divisor methods: a divisor that reproduces the proportional seats; Hare/Niemeyer: null. */
  divisor: number | null;
  /** Hare/Niemeyer: members per seat (total / seats) of the proportional round; divisor methods: null. */
  quotaBase: number | null;
  seed: number;
  units: AllocatedUnit[];
  ties: Tie[];
}

export class AllocationError extends Error {}

/** mulberry32: a small, well-known 32-bit PRNG; good enough for drawing lots, and reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const EPSILON = 1e-9;
const equal = (a: number, b: number) => Math.abs(a - b) <= EPSILON * Math.max(1, Math.abs(a), Math.abs(b));

interface Round {
  seats: Map<string, number>;
  divisor: number | null;
  quotaBase: number | null;
  quotas: Map<string, number>;
  ties: Tie[];
}

/** Distributes `seats` proportionally among `units` (all with count > 0). */
function proportional(
  units: AllocationUnit[],
  seats: number,
  method: AllocationMethod,
  random: () => number,
): Round {
  const result = new Map(units.map((u) => [u.code, 0]));
  const ties: Tie[] = [];
  const total = units.reduce((s, u) => s + u.count, 0);
  if (seats === 0 || units.length === 0) {
    return {
      seats: result,
      divisor: null,
      quotaBase: null,
      quotas: new Map(units.map((u) => [u.code, 0])),
      ties,
    };
  }
  if (method === 'hare-niemeyer') {
    const quotas = new Map(units.map((u) => [u.code, (u.count * seats) / total]));
    let given = 0;
    for (const u of units) {
      const whole = Math.floor(quotas.get(u.code)! + EPSILON);
      result.set(u.code, whole);
      given += whole;
    }
    let left = seats - given;
    const remainders = units
      .map((u) => ({ code: u.code, r: quotas.get(u.code)! - result.get(u.code)! }))
      .sort((a, b) => b.r - a.r);
    let i = 0;
    while (left > 0) {
      const value = remainders[i]!.r;
      const group = remainders.filter((x) => equal(x.r, value));
      if (group.length <= left) {
        for (const g of group) result.set(g.code, result.get(g.code)! + 1);
        left -= group.length;
        i += group.length;
        continue;
      }
      const codes = units.filter((u) => group.some((g) => g.code === u.code)).map((u) => u.code);
      const order = shuffle(codes, random);
      ties.push({ units: codes, seatsAtStake: left, lotOrder: order, value });
      for (const code of order.slice(0, left)) result.set(code, result.get(code)! + 1);
      left = 0;
    }
    return { seats: result, divisor: null, quotaBase: total / seats, quotas, ties };
  }
  // Highest averages: the next seat goes to the largest count / divisor(seats so far).
  const divisorOf = (k: number) => (method === 'dhondt' ? k + 1 : k + 0.5);
  let left = seats;
  let lastWinning = Infinity;
  while (left > 0) {
    let best = -Infinity;
    for (const u of units) best = Math.max(best, u.count / divisorOf(result.get(u.code)!));
    const group = units.filter((u) => equal(u.count / divisorOf(result.get(u.code)!), best));
    lastWinning = best;
    if (group.length <= left) {
      for (const g of group) result.set(g.code, result.get(g.code)! + 1);
      left -= group.length;
      continue;
    }
    const codes = group.map((g) => g.code);
    const order = shuffle(codes, random);
    ties.push({ units: codes, seatsAtStake: left, lotOrder: order, value: best });
    for (const code of order.slice(0, left)) result.set(code, result.get(code)! + 1);
    left = 0;
  }
  const divisor = lastWinning;
  return {
    seats: result,
    divisor,
    quotaBase: null,
    quotas: new Map(units.map((u) => [u.code, u.count / divisor])),
    ties,
  };
}

export function allocate(units: readonly AllocationUnit[], options: AllocationOptions): Allocation {
  const { seats, method } = options;
  const minimum = options.minimumSeats ?? 0;
  const basic = options.basicSeats ?? 0;
  if (!Number.isInteger(seats) || seats < 1)
    throw new AllocationError('The number of seats must be a whole number of at least 1.');
  if (!Number.isInteger(minimum) || minimum < 0 || !Number.isInteger(basic) || basic < 0) {
    throw new AllocationError('Minimum and basic seats must be whole numbers of 0 or more.');
  }
  if (units.some((u) => !Number.isInteger(u.count) || u.count < 0))
    throw new AllocationError('Member counts must be whole numbers of 0 or more.');
  const eligible = units.filter((u) => u.count > 0);
  if (eligible.length === 0) throw new AllocationError('No unit has members on the cut-off date.');
  if (basic * eligible.length > seats) {
    throw new AllocationError(
      `${basic} basic seats for ${eligible.length} units need ${basic * eligible.length} seats; only ${seats} are to be allocated.`,
    );
  }
  if (Math.max(minimum, basic) * eligible.length > seats) {
    throw new AllocationError(
      `A minimum of ${minimum} seats for ${eligible.length} units needs more than the ${seats} seats.`,
    );
  }
  const random = mulberry32(options.seed);
  const fixed = new Map<string, number>(); // units raised to the minimum
  let round: Round;
  for (;;) {
    const open = eligible.filter((u) => !fixed.has(u.code));
    const reserved = [...fixed.values()].reduce((s, n) => s + n, 0) + basic * open.length;
    round = proportional(open, seats - reserved, method, random);
    const below = open.filter((u) => basic + round.seats.get(u.code)! < minimum);
    if (below.length === 0) break;
    for (const u of below) fixed.set(u.code, minimum);
  }
  const total = eligible.reduce((s, u) => s + u.count, 0);
  return {
    method,
    seats,
    total,
    divisor: round.divisor,
    quotaBase: round.quotaBase,
    seed: options.seed,
    ties: round.ties,
    units: units.map((u) => {
      const isFixed = fixed.has(u.code);
      const proportionalSeats = round.seats.get(u.code) ?? 0;
      return {
        ...u,
        basicSeats: u.count > 0 ? basic : 0,
        seats: u.count === 0 ? 0 : isFixed ? fixed.get(u.code)! : basic + proportionalSeats,
        raisedToMinimum: isFixed,
        quota: round.quotas.get(u.code) ?? 0,
      };
    }),
  };
}
