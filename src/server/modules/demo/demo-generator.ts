import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import { genders, memberStatuses, type MemberStatus } from '@/contracts/members';
import type { UnitLevel } from '@/contracts/units';
import { addYears, ageOn, isoDate, isoTimestamp, parseIsoDate } from '@/server/modules/demo/demo-dates';
import type { Bank, DemoReference, Gemeinde, Kreis } from '@/server/modules/demo/demo-reference';
import { germanIban, randomAccount } from '@/server/modules/demo/iban';
import { Random, WeightedTable } from '@/server/modules/demo/random';

/**
 * The demo's content: the fictional Musterpartei over the real map of Hessen, and its members.
 * Everything here is pure: the same reference data, seed and as-of date give the same rows.
 */

export interface DemoUnit {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  /** Materialised id path, e.g. '/1/2/17/'. */
  path: string;
  ags: string | null;
}

export type DemoStatus = MemberStatus;
export type DemoGender = (typeof genders)[number];

export interface DemoPeriod {
  id: number;
  status: DemoStatus;
  validFrom: string;
  /** Exclusive; null while the status lasts. */
  validTo: string | null;
  reason: string;
}

export interface DemoMember {
  id: number;
  memberNumber: string | null;
  salutation: 'Frau' | 'Herr' | null;
  title: string | null;
  firstName: string;
  lastName: string;
  birthdate: string;
  gender: DemoGender;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  email: string | null;
  phone: string | null;
  entryDate: string | null;
  unitId: number;
  /** The Gemeinde (AGS) of the address; the unit is its Stadt- or Gemeindeverband. */
  residenceAgs: string;
  status: DemoStatus;
  createdAt: string;
  updatedAt: string;
  /** One or two periods, oldest first; the last one is open and matches status. */
  history: DemoPeriod[];
  bank: { iban: string; bic: string; accountHolder: string } | null;
}

/** The status mix of the demo (shares of all generated people). */
export const statusMix: Record<DemoStatus, number> = {
  member: 0.85,
  applicant: 0.01,
  provisional: 0.01,
  dormant: 0.005,
  resigned: 0.07,
  deceased: 0.03,
  lapsed: 0.015,
  expelled: 0.005,
  rejected: 0.005,
};

/** Statuses that come with a member number: everyone who was ever admitted. */
export const admittedStatuses: readonly DemoStatus[] = [
  'provisional',
  'member',
  'dormant',
  'resigned',
  'deceased',
  'expelled',
  'lapsed',
];

const reasons: Record<DemoStatus, string> = {
  applicant: 'Aufnahmeantrag',
  provisional: 'Aufnahme durch den Kreisvorstand, Einspruchsfrist läuft',
  member: 'Aufnahme',
  dormant: 'Ruhen der Mitgliedschaft auf Antrag',
  rejected: 'Aufnahmeantrag abgelehnt',
  resigned: 'Austritt',
  deceased: 'Tod',
  expelled: 'Parteiausschluss',
  lapsed: 'Streichung wegen Beitragsrückstand',
};

/** The first running member number is 1,000,001, so every running number has seven digits. */
const memberNumberBase = 1_000_000;
/** Nobody joined the (fictional) party before this day. */
const foundingDay = parseIsoDate('1950-01-01');

/** The units: Bundesverband, Landesverband Hessen, one Kreisverband per Kreis, one local unit per Gemeinde. */
export function buildUnits(ref: DemoReference): DemoUnit[] {
  const federal: DemoUnit = {
    id: 1,
    code: 'MP',
    name: 'Musterpartei Bundesverband',
    level: 'federal',
    parentId: null,
    path: '/1/',
    ags: null,
  };
  const state: DemoUnit = {
    id: 2,
    code: 'HE',
    name: 'Landesverband Hessen',
    level: 'state',
    parentId: 1,
    path: '/1/2/',
    ags: null,
  };
  const units = [federal, state];
  // Stadt Kassel and Landkreis Kassel share a name; the Landkreis becomes "Kassel-Land", as parties call it.
  const cityNames = new Set(ref.kreise.filter((k) => k.kreisfrei).map((k) => k.name));
  const districtByAgs = new Map<string, DemoUnit>();
  for (const kreis of ref.kreise) {
    const id = units.length + 1;
    const name = !kreis.kreisfrei && cityNames.has(kreis.name) ? `${kreis.name}-Land` : kreis.name;
    const unit: DemoUnit = {
      id,
      code: `HE-${kreis.ags}`,
      name: `Kreisverband ${name}`,
      level: 'district',
      parentId: state.id,
      path: `${state.path}${id}/`,
      ags: kreis.ags,
    };
    units.push(unit);
    districtByAgs.set(kreis.ags, unit);
  }
  for (const gemeinde of ref.gemeinden) {
    const parent = districtByAgs.get(gemeinde.kreisAgs);
    if (!parent) throw new Error(`reference data: Gemeinde ${gemeinde.ags} lies in an unknown Kreis`);
    const id = units.length + 1;
    units.push({
      id,
      code: `HE-${gemeinde.ags}`,
      name: `${gemeinde.isStadt ? 'Stadtverband' : 'Gemeindeverband'} ${gemeinde.name}`,
      level: 'local',
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      ags: gemeinde.ags,
    });
  }
  return units;
}

interface Place {
  postcode: string;
  gemeinde: Gemeinde;
  kreis: Kreis;
  unitId: number;
}

/**
 * Where members live. Only Kreis populations are available, so each Kreis gets its population
 * share, split among its Gemeinden by number of postcodes (a proxy for size) with Städte
 * counting double; a Gemeinde's postcodes share its weight equally.
 */
function placeTable(ref: DemoReference, units: DemoUnit[]): WeightedTable<Place> {
  const unitByAgs = new Map(units.filter((u) => u.level === 'local').map((u) => [u.ags!, u]));
  const gemeindeByAgs = new Map(ref.gemeinden.map((g) => [g.ags, g]));
  const kreisByAgs = new Map(ref.kreise.map((k) => [k.ags, k]));
  const postcodesOf = new Map<string, string[]>();
  for (const area of ref.postcodeAreas) {
    if (!gemeindeByAgs.has(area.ags)) continue;
    const list = postcodesOf.get(area.ags) ?? [];
    list.push(area.postcode);
    postcodesOf.set(area.ags, list);
  }
  const gemeindeWeight = (g: Gemeinde) => (postcodesOf.get(g.ags)?.length ?? 0) * (g.isStadt ? 2 : 1);
  const kreisTotal = new Map<string, number>();
  for (const g of ref.gemeinden)
    kreisTotal.set(g.kreisAgs, (kreisTotal.get(g.kreisAgs) ?? 0) + gemeindeWeight(g));
  const places: Place[] = [];
  const weights: number[] = [];
  for (const g of ref.gemeinden) {
    const postcodes = postcodesOf.get(g.ags);
    if (!postcodes?.length) throw new Error(`reference data: Gemeinde ${g.ags} ${g.name} has no postcode`);
    const kreis = kreisByAgs.get(g.kreisAgs)!;
    const share = (kreis.population * gemeindeWeight(g)) / kreisTotal.get(g.kreisAgs)!;
    for (const postcode of postcodes) {
      places.push({ postcode, gemeinde: g, kreis, unitId: unitByAgs.get(g.ags)!.id });
      weights.push(share / postcodes.length);
    }
  }
  return new WeightedTable(places, weights);
}

/** Age bands (inclusive years, weight): members are mostly 50+, as in German parties (mean ≈ 57). */
const livingAgeBands: [number, number, number][] = [
  [16, 20, 2],
  [21, 29, 7],
  [30, 39, 10],
  [40, 49, 12],
  [50, 59, 19],
  [60, 69, 23],
  [70, 79, 18],
  [80, 89, 8],
  [90, 95, 1],
];
const deceasedAgeBands: [number, number, number][] = [
  [40, 59, 5],
  [60, 69, 10],
  [70, 79, 30],
  [80, 89, 40],
  [90, 95, 15],
];

const mobilePrefixes: [string, number][] = [
  ...['1511', '1512', '1514', '1515', '1516', '1517', '1520', '1521', '1522', '1523', '1525', '1529'].map(
    (p): [string, number] => [p, 7],
  ),
  ...['1570', '1573', '1575', '1577', '1578', '1579', '1590'].map((p): [string, number] => [p, 7]),
  ...['160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'].map(
    (p): [string, number] => [p, 8],
  ),
];
const mailDomains = new WeightedTable(['example.org', 'example.com', 'example.net'], [40, 35, 25]);

class NameSource {
  private readonly berlin: Record<'w' | 'm', WeightedTable<string>>;
  private readonly decades = new Map<string, WeightedTable<string>>();
  private readonly lastNames: WeightedTable<string>;

  constructor(private readonly ref: DemoReference['names']) {
    const berlinOf = (g: 'w' | 'm') => {
      const rows = ref.berlin.filter((r) => r.gender === g);
      return new WeightedTable(
        rows.map((r) => r.name),
        rows.map((r) => r.count),
      );
    };
    this.berlin = { w: berlinOf('w'), m: berlinOf('m') };
    for (const decade of new Set(ref.decades.map((d) => d.decade))) {
      for (const g of ['w', 'm'] as const) {
        const rows = ref.decades.filter((d) => d.decade === decade && d.gender === g);
        this.decades.set(
          `${decade}${g}`,
          new WeightedTable(
            rows.map((r) => r.name),
            rows.map((r) => 1 / r.rank),
          ),
        );
      }
    }
    // Zipf-like: rank r has weight 1 / r^0.7 (see reference-data/names/SOURCES.md).
    this.lastNames = new WeightedTable(
      ref.lastNames,
      ref.lastNames.map((_, i) => 1 / Math.pow(i + 1, 0.7)),
    );
  }

  firstName(random: Random, g: 'w' | 'm', birthYear: number): string {
    const faker = g === 'w' ? this.ref.faker.female : this.ref.faker.male;
    const u = random.next();
    if (birthYear >= 2000) return u < 0.8 ? this.berlin[g].pick(random) : random.pick(faker);
    if (birthYear >= 1990) {
      if (u < 0.55) return this.decades.get(`1990${g}`)!.pick(random);
      return u < 0.8 ? this.berlin[g].pick(random) : random.pick(faker);
    }
    if (u < 0.65) {
      const decade = Math.max(1930, Math.floor(birthYear / 10) * 10);
      return this.decades.get(`${decade}${g}`)!.pick(random);
    }
    return u < 0.9 ? random.pick(faker) : this.berlin[g].pick(random);
  }

  genericFirstName(random: Random): string {
    return random.pick(this.ref.faker.generic);
  }

  lastName(random: Random): string {
    return this.lastNames.pick(random);
  }
}

const transliteration: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
const mailPartCache = new Map<string, string>();

/** A name as it appears in an e-mail address: lower case ASCII, umlauts spelt out. */
export function mailPart(name: string): string {
  let part = mailPartCache.get(name);
  if (part === undefined) {
    part = name
      .toLowerCase()
      .replace(/[äöüß]/g, (c) => transliteration[c]!)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9-]+/g, '');
    if (part === '') part = 'mitglied';
    mailPartCache.set(name, part);
  }
  return part;
}

function email(random: Random, first: string, last: string, birthYear: number): string {
  const f = mailPart(first);
  const l = mailPart(last);
  const u = random.next();
  let local: string;
  if (u < 0.4) local = `${f}.${l}`;
  else if (u < 0.55) local = `${f[0]}.${l}`;
  else if (u < 0.7) local = `${f}${l}`;
  else if (u < 0.8) local = `${l}.${f}`;
  else if (u < 0.9) local = `${f}.${l}${String(birthYear % 100).padStart(2, '0')}`;
  else local = `${f}${l[0]}${random.int(1, 999)}`;
  return `${local}@${mailDomains.pick(random)}`;
}

function phone(random: Random, kreis: Kreis): string {
  if (random.chance(0.55)) {
    const [prefix, digits] = random.pick(mobilePrefixes);
    return `+49${prefix}${random.int(1, 9)}${random.digits(digits - 1)}`;
  }
  const area = random.pick(kreis.areaCodes).slice(1);
  return `+49${area}${random.int(2, 9)}${random.digits(9 - area.length)}`;
}

function houseNumber(random: Random): string {
  const n = 1 + Math.floor(120 * random.next() ** 2);
  return random.chance(0.07) ? `${n}${random.pick(['a', 'b', 'c'])}` : String(n);
}

function bankTables(ref: DemoReference): Map<string, WeightedTable<Bank>> {
  const tables = new Map<string, WeightedTable<Bank>>();
  for (const kreis of ref.kreise) {
    const banks = ref.banks.filter((b) => b.kreise === null || b.kreise.includes(kreis.ags));
    tables.set(
      kreis.ags,
      new WeightedTable(
        banks,
        banks.map((b) => b.weight),
      ),
    );
  }
  return tables;
}

export interface GenerateOptions {
  members: number;
  seed: number;
  /** The day the data describes ("today" for ages, pending applications, …), ISO date. */
  asOf: string;
}

/** "No such date" in the day arrays (day numbers before 1970 are negative). */
const NO_DAY = -2147483648;

const statusCodes = Object.fromEntries(memberStatuses.map((s, i) => [s, i])) as Record<DemoStatus, number>;

/**
 * Generates the members in two passes. The first decides for every person the status and the
 * dates (kept in typed arrays: a million people fit in a few dozen megabytes); ids then follow
 * the date the record was opened, so older members have lower ids and member numbers. The
 * second pass, in id order, adds names, address and contact data.
 */
export function* generateMembers(
  ref: DemoReference,
  units: DemoUnit[],
  options: GenerateOptions,
): Generator<DemoMember> {
  const n = options.members;
  const asOf = parseIsoDate(options.asOf);
  const core = new Random(options.seed, 1);
  const statusTable = new WeightedTable(
    memberStatuses as readonly DemoStatus[],
    memberStatuses.map((s) => statusMix[s]),
  );
  const livingAges = new WeightedTable(
    livingAgeBands,
    livingAgeBands.map((b) => b[2]),
  );
  const deceasedAges = new WeightedTable(
    deceasedAgeBands,
    deceasedAgeBands.map((b) => b[2]),
  );
  const genderShare: Record<DemoGender, number> = {
    female: 0.325,
    male: 0.665,
    diverse: 0.003,
    unspecified: 0.007,
  };
  const genderTable = new WeightedTable<DemoGender>(
    genders,
    genders.map((g) => genderShare[g]),
  );

  const status = new Uint8Array(n);
  const birth = new Int32Array(n);
  const start1 = new Int32Array(n);
  const start2 = new Int32Array(n).fill(NO_DAY);
  const entry = new Int32Array(n).fill(NO_DAY);

  for (let i = 0; i < n; i++) {
    const s = statusTable.pick(core);
    status[i] = statusCodes[s];
    const [lo, hi] = (s === 'deceased' ? deceasedAges : livingAges).pick(core);
    // Statuses with two periods need the person to have been 16 for a while.
    const age = Math.max(s === 'member' || s === 'applicant' ? 16 : 17, core.int(lo, hi));
    const b = core.int(addYears(asOf, -(age + 1)) + 1, addYears(asOf, -age));
    birth[i] = b;
    const earliest = Math.max(addYears(b, 16), foundingDay);
    const joined = (latest: number) => {
      const span = latest - earliest;
      if (core.chance(0.35)) return earliest + core.int(0, Math.min(span, 15 * 365));
      return latest - Math.floor(span * core.next() ** 1.6);
    };
    switch (s) {
      case 'member':
        entry[i] = start1[i] = joined(asOf);
        break;
      // Deadlines as in the default statute (members/lifecycle.ts): the Kreisverband decides within
      // 28 days, the Landesverband may object within 28 days. A few applications are overdue.
      case 'applicant':
        start1[i] = core.int(Math.max(earliest, asOf - 35), asOf);
        break;
      case 'provisional': {
        const admitted = core.int(asOf - 27, asOf);
        start1[i] = admitted - core.int(7, 28);
        entry[i] = start2[i] = admitted;
        break;
      }
      case 'rejected': {
        const applied = core.int(Math.max(earliest, asOf - 730), asOf - 7);
        start1[i] = applied;
        start2[i] = core.int(applied + 7, Math.min(applied + 28, asOf));
        break;
      }
      default: {
        // dormant and the former members: a member period, then the status that ended it.
        const e = joined(asOf - 60);
        entry[i] = start1[i] = e;
        start2[i] = core.int(e + 30, asOf);
      }
    }
  }

  // Record order: by the day the record was opened; the index breaks ties (stable, deterministic).
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = (start1[i]! + 100_000) * 8_388_608 + i;
  order.sort();

  const names = new NameSource(ref.names);
  const places = placeTable(ref, units);
  const banks = bankTables(ref);
  const detail = new Random(options.seed, 2);
  let runningNumber = memberNumberBase;
  let historyId = 0;

  for (let k = 0; k < n; k++) {
    const i = order[k]! % 8_388_608;
    const s = memberStatuses[status[i]!]!;
    const b = birth[i]!;
    const birthYear = Number(isoDate(b).slice(0, 4));
    const age = ageOn(b, asOf);
    const gender = genderTable.pick(detail);
    const nameGender = gender === 'female' ? 'w' : gender === 'male' ? 'm' : detail.chance(0.5) ? 'w' : 'm';
    const firstName =
      gender === 'diverse' && detail.chance(0.3)
        ? names.genericFirstName(detail)
        : names.firstName(detail, nameGender, birthYear);
    const lastName = names.lastName(detail);
    let title: string | null = null;
    if (age >= 40 && detail.chance(0.004)) title = 'Prof. Dr.';
    else if (age >= 30 && detail.chance(0.035)) title = 'Dr.';
    const place = places.pick(detail);

    const id = k + 1;
    const createdSecond = detail.int(7 * 3600, 17 * 3600 - 1);
    const updatedSecond = detail.int(7 * 3600, 17 * 3600 - 1);
    const createdAt = isoTimestamp(start1[i]!, createdSecond);
    const history: DemoPeriod[] = [];
    const firstStatus: DemoStatus =
      s === 'applicant' || s === 'provisional' || s === 'rejected' ? 'applicant' : 'member';
    const second = start2[i] !== NO_DAY ? start2[i]! : null;
    history.push({
      id: ++historyId,
      status: firstStatus,
      validFrom: isoDate(start1[i]!),
      validTo: second === null ? null : isoDate(second),
      reason: reasons[firstStatus],
    });
    if (second !== null) {
      history.push({
        id: ++historyId,
        status: s,
        validFrom: isoDate(second),
        validTo: null,
        reason: reasons[s],
      });
    }
    const member: DemoMember = {
      id,
      memberNumber: admittedStatuses.includes(s) ? memberNumberWithCheckDigit(++runningNumber) : null,
      salutation: gender === 'female' ? 'Frau' : gender === 'male' ? 'Herr' : null,
      title,
      firstName,
      lastName,
      birthdate: isoDate(b),
      gender,
      street: detail.pick(ref.names.streets),
      houseNumber: houseNumber(detail),
      postcode: place.postcode,
      city: place.gemeinde.name,
      email: detail.chance(0.88) ? email(detail, firstName, lastName, birthYear) : null,
      phone: detail.chance(0.72) ? phone(detail, place.kreis) : null,
      entryDate: entry[i] !== NO_DAY ? isoDate(entry[i]!) : null,
      unitId: place.unitId,
      residenceAgs: place.gemeinde.ags,
      status: s,
      createdAt,
      updatedAt: second === null ? createdAt : isoTimestamp(second, updatedSecond),
      history,
      bank: null,
    };
    if (detail.chance(0.9)) {
      const bank = banks.get(place.kreis.ags)!.pick(detail);
      member.bank = {
        iban: germanIban(bank.blz, randomAccount(bank.checkMethod, detail)),
        bic: bank.bic,
        accountHolder: `${firstName} ${lastName}`,
      };
    }
    yield member;
  }
}
