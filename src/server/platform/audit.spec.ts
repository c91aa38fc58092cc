import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, splitAtSeq, type AuditRecord } from '@/server/platform/audit';

const base: AuditRecord = {
  seq: 0,
  occurredAt: '2026-11-29T20:00:00.000Z',
  actorUserId: 8,
  actorTokenId: null,
  actorName: 'kv-admin@example.org',
  action: 'member.search',
  entityType: null,
  entityId: null,
  unitId: null,
  subjectIds: [3, 17],
  purpose: null,
  basis: null,
  details: { query: 'Müller', count: 2 },
  requestId: 'req-1',
  ip: '127.0.0.1',
};

/** What audit_append() hashes in the database, done here with the same parts. */
function joinedHash(prev: string, record: AuditRecord, seq: number): string {
  const { beforeSeq, afterSeq } = splitAtSeq(record);
  return createHash('sha256').update(`${prev}${beforeSeq}${seq}${afterSeq}`, 'utf8').digest('hex');
}

describe('splitAtSeq', () => {
  it.each([
    ['a search entry', base],
    ['details that hold a key named seq', { ...base, details: { seq: 0, nested: { seq: 0 } } }],
    ['a text that spells the marker', { ...base, actorName: ',"seq":0,', purpose: '"seq":0' }],
    [
      'no subjects, a unit and basis',
      { ...base, subjectIds: null, unitId: 12, basis: [{ role: 'r', unitCode: 'X' }] },
    ],
    [
      'everything empty',
      { ...base, details: null, subjectIds: null, requestId: null, ip: null, actorName: null },
    ],
  ])('joins around the sequence number to the text entryHash hashes: %s', (_name, record) => {
    for (const seq of [1, 9, 10, 123_456_789]) {
      expect(joinedHash(GENESIS_HASH, record, seq)).toBe(entryHash(GENESIS_HASH, { ...record, seq }));
    }
  });
});
