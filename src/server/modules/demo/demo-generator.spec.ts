import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidEmail, isValidPostcode, normalisePhone } from '@/contracts/contact';
import { isValidMemberNumber } from '@/contracts/member-number';
import { ageOn, parseIsoDate } from '@/server/modules/demo/demo-dates';
import {
  admittedStatuses,
  buildUnits,
  generateMembers,
  mailPart,
  type DemoMember,
} from '@/server/modules/demo/demo-generator';
import { loadDemoReference } from '@/server/modules/demo/demo-reference';
import { isValidIban } from '@/server/modules/demo/iban';

const reference = loadDemoReference();
const units = buildUnits(reference);
const asOf = '2026-11-01';
const generate = (members: number, seed: number): DemoMember[] => [
  ...generateMembers(reference, units, { members, seed, asOf }),
];
const hash = (rows: DemoMember[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

describe('demo units', () => {
  it('has the federal and state level, 26 Kreisverbände and 422 local units with unique codes', () => {
    expect(units).toHaveLength(450);
    expect(new Set(units.map((u) => u.code)).size).toBe(450);
    expect(units.filter((u) => u.level === 'district')).toHaveLength(26);
    expect(units.filter((u) => u.level === 'local')).toHaveLength(422);
    expect(new Set(units.map((u) => u.name)).size).toBe(450);
  });
});

describe('demo members', () => {
  const sample = generate(5000, 99);

  it('is deterministic: the same seed gives the same members, another seed others', () => {
    expect(hash(generate(300, 99))).toBe(hash(generate(300, 99)));
    expect(hash(generate(300, 99))).not.toBe(hash(generate(300, 100)));
  });

  it('numbers ids from 1 in the order records were opened', () => {
    expect(sample.map((m) => m.id)).toEqual(sample.map((_, i) => i + 1));
    const opened = sample.map((m) => m.history[0]!.validFrom);
    expect(opened).toEqual([...opened].sort());
    const historyIds = sample.flatMap((m) => m.history.map((h) => h.id));
    expect(historyIds).toEqual(historyIds.map((_, i) => i + 1));
  });

  it('gives every generated IBAN a valid mod-97 check', () => {
    const ibans = sample.flatMap((m) => (m.bank ? [m.bank.iban] : []));
    expect(ibans.length).toBeGreaterThan(4000);
    expect(ibans.filter((iban) => !isValidIban(iban))).toEqual([]);
  });

  it('gives member numbers to the admitted only, valid and ascending', () => {
    const numbered = sample.filter((m) => m.memberNumber !== null);
    expect(numbered.every((m) => admittedStatuses.includes(m.status))).toBe(true);
    expect(sample.filter((m) => admittedStatuses.includes(m.status))).toHaveLength(numbered.length);
    expect(numbered.every((m) => isValidMemberNumber(m.memberNumber!))).toBe(true);
    const numbers = numbered.map((m) => m.memberNumber!);
    expect(numbers).toEqual([...numbers].sort());
  });

  it('keeps ages between 16 and 95 and entry after the 16th birthday', () => {
    const day = parseIsoDate(asOf);
    const wrong = sample.filter((m) => {
      const birth = parseIsoDate(m.birthdate);
      const age = ageOn(birth, day);
      return age < 16 || age > 95 || (m.entryDate !== null && ageOn(birth, parseIsoDate(m.entryDate)) < 16);
    });
    expect(wrong).toEqual([]);
  });

  it('writes contact data that the member file accepts as it is', () => {
    const phones = sample.flatMap((m) => (m.phone ? [m.phone] : []));
    expect(phones.filter((p) => normalisePhone(p) !== p)).toEqual([]);
    expect(phones.filter((p) => p.startsWith('+491')).length / phones.length).toBeGreaterThan(0.4);
    const emails = sample.flatMap((m) => (m.email ? [m.email] : []));
    expect(emails.filter((e) => !isValidEmail(e) || !/@example\.(org|com|net)$/.test(e))).toEqual([]);
    expect(sample.filter((m) => !isValidPostcode(m.postcode))).toEqual([]);
  });

  it('draws common names more often than rare ones', () => {
    const lastNames = new Map<string, number>();
    for (const m of sample) lastNames.set(m.lastName, (lastNames.get(m.lastName) ?? 0) + 1);
    const rank1000 = reference.names.lastNames[999]!;
    expect(lastNames.get('Müller') ?? 0).toBeGreaterThan(60);
    expect(lastNames.get('Müller')!).toBeGreaterThan(10 * (lastNames.get(rank1000) ?? 0));
  });
});

describe('mail addresses', () => {
  it('spell out umlauts and drop everything that is not a letter or digit', () => {
    expect(mailPart('Jürgen')).toBe('juergen');
    expect(mailPart('Groß')).toBe('gross');
    expect(mailPart("Auf'm Berg")).toBe('aufmberg');
    expect(mailPart('Zoë-Renée')).toBe('zoe-renee');
  });
});
