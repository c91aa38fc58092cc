import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleKeys, roles, type RoleKey } from '@/contracts/access';
import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import { buildApp } from '@/server/app';
import type { Database } from '@/server/db/database';
import { createTokenAsOperator, createUserAsOperator } from '@/server/modules/access/access.service';
import { totpAt } from '@/server/modules/access/totp';
import { appendAudit } from '@/server/platform/audit';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  createTestMembers,
  createUnitTree,
  type TestUnit,
  type TestUnitCode,
} from '../support/auth-fixtures';
import {
  TEST_SESSION_SECRET,
  cookiesOf,
  createAccount,
  signIn,
  testAccessSettings,
  testClock,
  type TestAccount,
  type TestClock,
  type TestSession,
} from '../support/auth';

/**
 * Every role holds its grant at TEST-KA (a Kreisverband). The target of each call lies in one of
 * four positions relative to it:
 *
 *   parent  TEST-LV     ← above the grant: out of scope
 *   own     TEST-KA     ← the grant's unit
 *   child   TEST-KA-1   ← below it: in scope (grants hold for the whole subtree)
 *   sibling TEST-KB     ← beside it: out of scope
 *
 * Every registered API route has a row: `rows` for routes whose answer depends on where the
 * target lies, `unitFreeRows` for routes that act on the caller's own account, on public data or
 * on the caller's own jobs only (the position axis does not apply to them). The first test fails
 * on a registered route without a row.
 */
const positions = ['own', 'child', 'sibling', 'parent'] as const;
type Position = (typeof positions)[number];
const unitAt: Record<Position, TestUnitCode> = {
  own: 'TEST-KA',
  child: 'TEST-KA-1',
  sibling: 'TEST-KB',
  parent: 'TEST-LV',
};
const HOME: TestUnitCode = 'TEST-KA';
/** Members of the fixture are counted on this day; members added by calls start later. */
const COUNT_DAY = '2020-06-01';
const IBAN = 'DE02120300000000202051';

interface World {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  units: Record<TestUnitCode, TestUnit>;
  members: Record<TestUnitCode, number>;
  /** A person account (local-chair) whose unit is at each position: the target of user routes. */
  targets: Record<Position, TestAccount>;
  /** A service account (local-chair) at each position: the owner of tokens made by others. */
  services: Record<Position, number>;
  /** An audit entry in each position's unit. */
  auditSeq: Record<Position, number>;
  /** A state-admin at TEST-LV that sets up things in every position. */
  root: TestSession;
  accounts: Record<RoleKey, TestAccount>;
  sessions: Record<RoleKey, TestSession>;
  catalogue: { functionCode: string; mandateCode: string; purpose: string };
  /** The fixture members of a unit's subtree on COUNT_DAY. */
  subtreeCount: Record<Position, number>;
  next: () => number;
}

type Call = (
  w: World,
  session: TestSession | null,
  position: Position,
  role: RoleKey | null,
) => Promise<LightMyRequestResponse>;

interface Row {
  /** METHOD and URL as registered. */
  route: string;
  /** The cells that succeed; every other role × position cell is a denied cell and asserted as one. */
  allowed: Record<RoleKey, readonly Position[]>;
  call: Call;
  /** For lists: is the target in the answer? (denied = absent, or 403). */
  present?: (res: LightMyRequestResponse, w: World, position: Position) => boolean;
  /** Field rules, checked on every allowed cell (on top of the rules checked on every answer). */
  fields?: (res: LightMyRequestResponse, role: RoleKey) => void;
}

const inScope = ['own', 'child'] as const;
const none = [] as const;
const only = (holders: readonly RoleKey[]): Record<RoleKey, readonly Position[]> => {
  const table = {} as Record<RoleKey, readonly Position[]>;
  for (const r of roleKeys) table[r] = holders.includes(r) ? inScope : none;
  return table;
};
/** Roles holding a permission, read from the role definitions (and asserted below). */
const holding = (permission: string) =>
  roleKeys.filter((r) => (roles[r].permissions as readonly string[]).includes(permission));

const memberReaders = only(['state-admin', 'district-admin', 'district-treasurer', 'local-chair']);
const memberWriters = only(['state-admin', 'district-admin']);
const exporters = only(['state-admin', 'district-admin', 'district-treasurer']);
const accountManagers = only(['state-admin', 'district-admin', 'system-admin']);
const auditors = only(['data-protection-officer']);

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function send(
  w: World,
  session: TestSession | null,
  method: Method,
  url: string,
  body?: object,
): Promise<LightMyRequestResponse> {
  if (session) return session.request(method, url, body ?? (method === 'GET' ? undefined : {}));
  return w.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: body ?? {} }) });
}

const member = (w: World, p: Position) => w.members[unitAt[p]];
const target = (w: World, p: Position) => w.targets[p].userId;
const ok = (res: LightMyRequestResponse) => res.statusCode >= 200 && res.statusCode < 300;

/** Returns the answer after checking that a set-up call by the root account worked. */
async function setup(res: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const answer = await res;
  if (!ok(answer)) throw new Error(`set-up failed: ${answer.statusCode} ${answer.body}`);
  return answer;
}

/** A fresh member (status member since 2021) in a unit, inserted as the owner. */
async function freshMember(w: World, p: Position, lastName = `Neu-${w.next()}`): Promise<number> {
  const unitId = w.units[unitAt[p]].id;
  const [row] = await w.database.query<{ id: number }>(
    `INSERT INTO members (member_number, first_name, last_name, birthdate, unit_id, status, notes, email)
     VALUES ($1, 'Erika', $2, '1980-05-17', $3, 'member', 'vertraulich', NULL) RETURNING id`,
    [memberNumberWithCheckDigit(4_800_000 + w.next()), lastName, unitId],
  );
  await w.database.query(
    `INSERT INTO member_status_history (member_id, status, unit_id, valid_from) VALUES ($1, 'member', $2, '2021-01-01')`,
    [row!.id, unitId],
  );
  return Number(row!.id);
}

/**
 * Jobs and saved lists belong to whoever made them. The cell's target is the caller's own one
 * where the caller may make it at that position, else one the root account made there (which the
 * caller must not see either way).
 */
async function ownOrRoot(
  w: World,
  session: TestSession | null,
  make: (s: TestSession) => Promise<LightMyRequestResponse>,
): Promise<{ res: LightMyRequestResponse; owner: TestSession }> {
  if (session) {
    const mine = await make(session);
    if (ok(mine)) return { res: mine, owner: session };
  }
  return { res: await setup(make(w.root)), owner: w.root };
}

async function finished(session: TestSession, url: string): Promise<void> {
  for (;;) {
    const res = await session.get(url);
    if (['completed', 'failed', 'cancelled'].includes(res.json().status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const csvBody = 'Vorname;Nachname;E-Mail\nErika;Probe;probe@example.org\n';

async function uploadFile(w: World, session: TestSession | null): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'text/csv', 'x-file-name': 'probe.csv' };
  if (session) {
    headers.cookie = session.cookieHeader;
    headers['x-csrf-token'] = session.cookies.ss_csrf ?? '';
  }
  return w.app.inject({ method: 'POST', url: '/api/v1/imports/files', headers, payload: csvBody });
}

async function startImport(w: World, s: TestSession, p: Position): Promise<LightMyRequestResponse> {
  const file = await setup(uploadFile(w, w.root));
  return s.post('/api/v1/imports', {
    fileId: file.json().fileId,
    mapping: { columns: { Vorname: 'firstName', Nachname: 'lastName', 'E-Mail': 'email' } },
    unitCode: unitAt[p],
    dryRun: true,
  });
}

/** An import job in the cell's position (the caller's own where allowed), finished. */
async function importJob(w: World, s: TestSession | null, p: Position): Promise<string> {
  const { res, owner } = await ownOrRoot(w, s, (as) => startImport(w, as, p));
  const id = res.json().id as string;
  await finished(owner, `/api/v1/imports/${id}`);
  return id;
}

const startExport = (w: World, s: TestSession, p: Position) =>
  s.post('/api/v1/exports', {
    unit: unitAt[p],
    purpose: w.catalogue.purpose,
    format: 'csv',
    columns: 'memberNumber,firstName,lastName,birthdate',
  });

async function exportJob(
  w: World,
  s: TestSession | null,
  p: Position,
): Promise<{ id: string; token: string }> {
  const { res, owner } = await ownOrRoot(w, s, (as) => startExport(w, as, p));
  const { id, downloadToken } = res.json() as { id: string; downloadToken: string };
  await finished(owner, `/api/v1/exports/${id}`);
  return { id, token: downloadToken };
}

/** The matrix. A route whose answer depends on the target's unit is one more row. */
const rows: Row[] = [
  // ----------------------------------------------------------------------------------------
  // Member file
  {
    route: 'GET /api/v1/members/:id',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}`),
    fields: (res, role) => {
      const body = res.json();
      if (role === 'local-chair') {
        expect(body).not.toHaveProperty('birthdate');
        expect(body).not.toHaveProperty('notes');
      } else {
        expect(body.birthdate).toBe('1980-05-17');
        expect(body.notes).toBe('vertraulich');
      }
      expect(body.lastName).toMatch(/^Muster-/);
    },
  },
  {
    route: 'GET /api/v1/members',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/members?limit=500'),
    present: (res, w, p) =>
      res.statusCode === 200 && res.json().items.some((m: { id: number }) => m.id === member(w, p)),
    fields: (res, role) => {
      for (const item of res.json().items) expect('birthdate' in item).toBe(role !== 'local-chair');
    },
  },
  {
    route: 'POST /api/v1/members',
    allowed: memberWriters,
    call: (w, s, p) =>
      send(w, s, 'POST', '/api/v1/members', {
        firstName: 'Neue',
        lastName: `Antrag-${w.next()}`,
        unitCode: unitAt[p],
        status: 'applicant',
        residenceException: 'Wunsch des Mitglieds',
        confirmDuplicate: true,
      }),
  },
  {
    // Candidates come only from the caller's units (the search runs under row-level security).
    route: 'POST /api/v1/members/duplicate-check',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const [row] = await w.database.query<{ email: string }>('SELECT email FROM members WHERE id = $1', [
        member(w, p),
      ]);
      return send(w, s, 'POST', '/api/v1/members/duplicate-check', {
        firstName: 'Erika',
        lastName: `Muster-${unitAt[p]}`,
        email: row!.email,
      });
    },
    present: (res, w, p) =>
      res.statusCode === 200 && res.json().candidates.some((c: { id: number }) => c.id === member(w, p)),
  },
  {
    // A unit above the caller's is narrowed to the caller's part, so the whole subtree is not counted.
    route: 'GET /api/v1/members/as-of-count',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/as-of-count?unit=${unitAt[p]}&date=${COUNT_DAY}`),
    present: (res, w, p) => res.statusCode === 200 && res.json().count === w.subtreeCount[p],
  },
  {
    route: 'PATCH /api/v1/members/:id',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const [row] = await w.database.query<{ version: number }>('SELECT version FROM members WHERE id = $1', [
        member(w, p),
      ]);
      const headers: Record<string, string> = { 'if-match': `"${row!.version}"` };
      if (s) {
        headers.cookie = s.cookieHeader;
        headers['x-csrf-token'] = s.cookies.ss_csrf ?? '';
      }
      return w.app.inject({
        method: 'PATCH',
        url: `/api/v1/members/${member(w, p)}`,
        headers,
        payload: { phone: `+49661${String(w.next()).padStart(6, '0')}` },
      });
    },
  },
  {
    route: 'POST /api/v1/members/:id/transitions',
    allowed: memberWriters,
    call: async (w, s, p) =>
      send(w, s, 'POST', `/api/v1/members/${await freshMember(w, p)}/transitions`, {
        type: 'suspend',
        effectiveDate: '2026-03-02',
      }),
  },
  {
    route: 'GET /api/v1/members/:id/history',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}/history`),
  },
  {
    route: 'GET /api/v1/members/:id/functions',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}/functions`),
  },
  {
    route: 'POST /api/v1/members/:id/functions',
    allowed: memberWriters,
    call: (w, s, p) =>
      send(w, s, 'POST', `/api/v1/members/${member(w, p)}/functions`, {
        code: w.catalogue.functionCode,
        unitCode: unitAt[p],
        startDate: '2024-01-01',
      }),
  },
  {
    route: 'POST /api/v1/members/:id/functions/:functionId/end',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const added = await setup(
        w.root.post(`/api/v1/members/${member(w, p)}/functions`, {
          code: w.catalogue.functionCode,
          unitCode: unitAt[p],
          startDate: '2024-01-01',
        }),
      );
      return send(w, s, 'POST', `/api/v1/members/${member(w, p)}/functions/${added.json().id}/end`, {
        endDate: '2025-12-31',
      });
    },
  },
  {
    route: 'POST /api/v1/members/:id/mandates',
    allowed: memberWriters,
    call: (w, s, p) =>
      send(w, s, 'POST', `/api/v1/members/${member(w, p)}/mandates`, {
        code: w.catalogue.mandateCode,
        unitCode: unitAt[p],
        startDate: '2024-01-01',
      }),
  },
  {
    route: 'POST /api/v1/members/:id/mandates/:mandateId/end',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const added = await setup(
        w.root.post(`/api/v1/members/${member(w, p)}/mandates`, {
          code: w.catalogue.mandateCode,
          unitCode: unitAt[p],
          startDate: '2024-01-01',
        }),
      );
      return send(w, s, 'POST', `/api/v1/members/${member(w, p)}/mandates/${added.json().id}/end`, {
        endDate: '2025-12-31',
      });
    },
  },
  {
    route: 'GET /api/v1/mandates',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/mandates?limit=1000'),
    present: (res, _w, p) =>
      res.statusCode === 200 &&
      res.json().items.some((m: { memberUnitCode: string }) => m.memberUnitCode === unitAt[p]),
  },
  {
    route: 'GET /api/v1/transfers',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/transfers?limit=500'),
    present: (res, w, p) =>
      res.statusCode === 200 &&
      res.json().items.some((t: { memberId: number }) => t.memberId === member(w, p)),
  },
  {
    route: 'POST /api/v1/members/merges',
    allowed: memberWriters,
    call: async (w, s, p) =>
      send(w, s, 'POST', '/api/v1/members/merges', {
        keepId: await freshMember(w, p),
        mergeId: await freshMember(w, p),
        reason: 'Doppelt erfasst',
      }),
  },
  {
    route: 'POST /api/v1/members/merges/:id/undo',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const merged = await setup(
        w.root.post('/api/v1/members/merges', {
          keepId: await freshMember(w, p),
          mergeId: await freshMember(w, p),
          reason: 'Doppelt erfasst',
        }),
      );
      return send(w, s, 'POST', `/api/v1/members/merges/${merged.json().mergeId}/undo`);
    },
  },
  {
    route: 'GET /api/v1/saved-lists',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/saved-lists'),
    present: (res, _w, p) =>
      res.statusCode === 200 && res.json().items.some((l: { name: string }) => l.name === `geteilt ${p}`),
  },
  {
    route: 'POST /api/v1/saved-lists',
    allowed: memberReaders,
    call: (w, s, p) =>
      send(w, s, 'POST', '/api/v1/saved-lists', {
        name: `Liste ${w.next()}`,
        query: { status: ['member'] },
        sharedWithUnitCode: unitAt[p],
      }),
  },
  {
    route: 'DELETE /api/v1/saved-lists/:id',
    allowed: memberReaders,
    call: async (w, s, p) => {
      const { res: list } = await ownOrRoot(w, s, (as) =>
        as.post('/api/v1/saved-lists', {
          name: `Zu löschen ${w.next()}`,
          query: {},
          sharedWithUnitCode: unitAt[p],
        }),
      );
      return send(w, s, 'DELETE', `/api/v1/saved-lists/${list.json().id}`);
    },
  },
  // ----------------------------------------------------------------------------------------
  // Tasks, statistics, delegates
  {
    route: 'GET /api/v1/tasks',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/tasks'),
    present: (res, _w, p) =>
      res.statusCode === 200 &&
      res.json().notifications.some((n: { params: { probe?: string } }) => n.params.probe === p),
  },
  {
    route: 'GET /api/v1/notifications',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/notifications?limit=500'),
    present: (res, _w, p) =>
      res.statusCode === 200 &&
      res.json().items.some((n: { params: { probe?: string } }) => n.params.probe === p),
  },
  {
    route: 'POST /api/v1/notifications/:id/done',
    allowed: memberReaders,
    call: async (w, s, p) => {
      const [row] = await w.database.query<{ id: number }>(
        `INSERT INTO notifications (unit_id, kind, params) VALUES ($1, 'matrix.probe', '{}') RETURNING id`,
        [w.units[unitAt[p]].id],
      );
      return send(w, s, 'POST', `/api/v1/notifications/${row!.id}/done`);
    },
  },
  {
    route: 'GET /api/v1/statistics/members',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/statistics/members?unit=${unitAt[p]}&asOf=${COUNT_DAY}`),
    fields: (res) => expect(res.json().total).toBeGreaterThan(0),
  },
  {
    route: 'POST /api/v1/delegates/allocations',
    allowed: memberReaders,
    call: (w, s, p) =>
      send(w, s, 'POST', '/api/v1/delegates/allocations', {
        level: 'local',
        parent: unitAt[p],
        seats: 10,
        method: 'sainte-lague',
        cutoff: COUNT_DAY,
      }),
  },
  {
    route: 'GET /api/v1/delegates/allocations',
    allowed: memberReaders,
    call: (w, s) => send(w, s, 'GET', '/api/v1/delegates/allocations'),
    present: (res, _w, p) =>
      res.statusCode === 200 && res.json().items.some((a: { parent: string }) => a.parent === unitAt[p]),
  },
  ...(['', '/table.csv', '/openslides.csv'] as const).map((suffix): Row => ({
    route: `GET /api/v1/delegates/allocations/:id${suffix}`,
    allowed: memberReaders,
    call: async (w, s, p) => {
      const made = await setup(
        w.root.post('/api/v1/delegates/allocations', {
          level: 'local',
          parent: unitAt[p],
          seats: 10,
          method: 'sainte-lague',
          cutoff: COUNT_DAY,
        }),
      );
      return send(w, s, 'GET', `/api/v1/delegates/allocations/${made.json().id}${suffix}`);
    },
  })),
  // ----------------------------------------------------------------------------------------
  // Import and export (jobs belong to whoever started them)
  {
    route: 'POST /api/v1/imports',
    allowed: memberWriters,
    call: async (w, s, p) => {
      const file = await setup(uploadFile(w, w.root));
      return send(w, s, 'POST', '/api/v1/imports', {
        fileId: file.json().fileId,
        mapping: { columns: { Vorname: 'firstName', Nachname: 'lastName', 'E-Mail': 'email' } },
        unitCode: unitAt[p],
        dryRun: true,
      });
    },
  },
  {
    route: 'GET /api/v1/imports/:id',
    allowed: memberWriters,
    call: async (w, s, p) => send(w, s, 'GET', `/api/v1/imports/${await importJob(w, s, p)}`),
  },
  {
    route: 'POST /api/v1/imports/:id/cancel',
    allowed: memberWriters,
    call: async (w, s, p) => send(w, s, 'POST', `/api/v1/imports/${await importJob(w, s, p)}/cancel`),
  },
  {
    route: 'GET /api/v1/imports/:id/report.csv',
    allowed: memberWriters,
    call: async (w, s, p) => send(w, s, 'GET', `/api/v1/imports/${await importJob(w, s, p)}/report.csv`),
  },
  {
    route: 'POST /api/v1/exports',
    allowed: exporters,
    call: (w, s, p) =>
      send(w, s, 'POST', '/api/v1/exports', { unit: unitAt[p], purpose: w.catalogue.purpose, format: 'csv' }),
  },
  {
    route: 'GET /api/v1/exports/:id',
    allowed: exporters,
    call: async (w, s, p) => send(w, s, 'GET', `/api/v1/exports/${(await exportJob(w, s, p)).id}`),
  },
  {
    route: 'GET /api/v1/exports/:id/download',
    allowed: exporters,
    call: async (w, s, p) => {
      const job = await exportJob(w, s, p);
      return send(w, s, 'GET', `/api/v1/exports/${job.id}/download?token=${job.token}`);
    },
    fields: (res, role) => {
      expect(res.body).toContain('Muster-');
      expect(res.body.includes('17.05.1980')).toBe(role !== 'local-chair');
    },
  },
  // ----------------------------------------------------------------------------------------
  // Audit
  {
    route: 'GET /api/v1/members/:id/access-report',
    allowed: auditors,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}/access-report`),
  },
  {
    route: 'GET /api/v1/audit',
    allowed: auditors,
    call: (w, s) => send(w, s, 'GET', '/api/v1/audit?action=matrix.probe&limit=500'),
    present: (res, w, p) =>
      res.statusCode === 200 && res.json().items.some((e: { seq: number }) => e.seq === w.auditSeq[p]),
  },
  // ----------------------------------------------------------------------------------------
  // Accounts and grants (user:manage at the account's unit)
  {
    route: 'GET /api/v1/users/:id',
    allowed: accountManagers,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/users/${target(w, p)}`),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    allowed: accountManagers,
    call: (w, s, p) =>
      send(w, s, 'PATCH', `/api/v1/users/${target(w, p)}`, { displayName: `Name ${w.next()}` }),
  },
  {
    route: 'GET /api/v1/users',
    allowed: accountManagers,
    call: (w, s) => send(w, s, 'GET', '/api/v1/users'),
    present: (res, w, p) =>
      res.statusCode === 200 && res.json().items.some((u: { id: number }) => u.id === target(w, p)),
  },
  {
    route: 'POST /api/v1/users',
    allowed: accountManagers,
    call: (w, s, p) =>
      send(w, s, 'POST', '/api/v1/users', {
        email: `new-${w.next()}@example.org`,
        displayName: 'Neu',
        unitCode: unitAt[p],
      }),
  },
  {
    // Granting local-chair needs user:manage and member:read at the unit: a system-admin has no
    // member data, so may not hand any out.
    route: 'POST /api/v1/users/:id/grants',
    allowed: { ...accountManagers, 'system-admin': none },
    call: (w, s, p) =>
      send(w, s, 'POST', `/api/v1/users/${target(w, 'own')}/grants`, {
        role: 'local-chair',
        unitCode: unitAt[p],
      }),
  },
  {
    route: 'DELETE /api/v1/users/:id/grants/:grantId',
    allowed: accountManagers,
    call: async (w, s, p) => {
      const user = await setup(
        w.root.post(`/api/v1/users/${target(w, p)}/grants`, {
          role: 'district-treasurer',
          unitCode: unitAt[p],
        }),
      );
      const grant = (user.json().grants as { id: number; role: string }[]).find(
        (g) => g.role === 'district-treasurer',
      )!;
      return send(w, s, 'DELETE', `/api/v1/users/${target(w, p)}/grants/${grant.id}`);
    },
  },
  {
    route: 'POST /api/v1/users/:id/setup-link',
    allowed: accountManagers,
    call: (w, s, p) => send(w, s, 'POST', `/api/v1/users/${target(w, p)}/setup-link`),
  },
  {
    route: 'POST /api/v1/users/:id/2fa/reset',
    allowed: accountManagers,
    call: (w, s, p) => send(w, s, 'POST', `/api/v1/users/${target(w, p)}/2fa/reset`),
  },
  {
    route: 'GET /api/v1/users/:id/tokens',
    allowed: accountManagers,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/users/${target(w, p)}/tokens`),
  },
  {
    // A token never carries more than its maker holds: the service account is a local-chair, so a
    // token with member:read, which a system-admin lacks, is not theirs to issue.
    route: 'POST /api/v1/users/:id/tokens',
    allowed: { ...accountManagers, 'system-admin': none },
    call: (w, s, p) =>
      send(w, s, 'POST', `/api/v1/users/${w.services[p]}/tokens`, { name: `Probe ${w.next()}`, days: 1 }),
  },
  {
    route: 'DELETE /api/v1/users/:id/tokens/:tokenId',
    allowed: accountManagers,
    call: async (w, s, p) => {
      const [owner] = await w.database.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [
        w.services[p],
      ]);
      const { info } = await createTokenAsOperator(w.database, testAccessSettings(w.clock), {
        email: owner!.email,
        name: `Probe ${w.next()}`,
        days: 1,
      });
      return send(w, s, 'DELETE', `/api/v1/users/${w.services[p]}/tokens/${info.id}`);
    },
  },
];

/**
 * Routes whose outcome does not depend on a unit: they act on the caller's own account, read
 * public or role-independent data, or hand out nothing but the caller's own things.
 */
interface UnitFreeRow {
  route: string;
  /** Who succeeds; 'public' also without a session. */
  allowed: readonly RoleKey[] | 'all' | 'public';
  call: Call;
  /** The answer for everyone when it does not depend on the caller (e.g. an invalid link). */
  status?: number;
  /** The status of a denied call when it is not 403. */
  deniedStatus?: number;
}

/** A throwaway account with the role at HOME, signed in (for calls that end sessions or change secrets). */
async function spareSession(
  w: World,
  role: RoleKey,
  options: { withTotp?: boolean } = {},
): Promise<{ session: TestSession; account: TestAccount }> {
  const account = await createAccount(w.database, {
    email: `spare-${w.next()}@example.org`,
    role,
    unit: HOME,
    clock: w.clock,
    ...(options.withTotp === false ? { withTotp: false } : {}),
  });
  return { session: await signIn(w.app, account, w.clock), account };
}

function nextCode(w: World, secret: string): string {
  w.clock.advance(30_000);
  return totpAt(secret, w.clock.now());
}

const memberCreators = holding('member:create');

const unitFreeRows: UnitFreeRow[] = [
  // Public: the same answer with and without a session.
  { route: 'GET /api/v1/units', allowed: 'public', call: (w, s) => send(w, s, 'GET', '/api/v1/units') },
  {
    route: 'GET /api/v1/units/:code',
    allowed: 'public',
    call: (w, s) => send(w, s, 'GET', '/api/v1/units/TEST-KB'),
  },
  {
    route: 'GET /api/v1/auth/session',
    allowed: 'public',
    call: (w, s) => send(w, s, 'GET', '/api/v1/auth/session'),
  },
  {
    route: 'POST /api/v1/auth/login',
    allowed: 'public',
    call: (w, _s, _p, role) =>
      w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: {
          email: role ? w.accounts[role].email : w.accounts['local-chair'].email,
          password: w.accounts['local-chair'].password,
        },
      }),
  },
  {
    route: 'POST /api/v1/auth/totp',
    allowed: 'public',
    call: async (w, _s, _p, role) => {
      const account = w.accounts[role ?? 'local-chair'];
      const first = await w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: account.email, password: account.password },
      });
      return w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp',
        payload: { code: nextCode(w, account.totpSecret!) },
        headers: { cookie: `ss_session=${cookiesOf(first).ss_session}` },
      });
    },
  },
  {
    // Always "accepted", whether the address exists or not (no account enumeration).
    route: 'POST /api/v1/auth/password-reset',
    allowed: 'public',
    call: (w, s) => send(w, s, 'POST', '/api/v1/auth/password-reset', { email: 'niemand@example.org' }),
  },
  {
    route: 'POST /api/v1/auth/password-reset/confirm',
    allowed: 'public',
    status: 400,
    call: (w, s) =>
      send(w, s, 'POST', '/api/v1/auth/password-reset/confirm', {
        token: 'x'.repeat(43),
        password: 'Kornblume-Wanderweg-2001',
      }),
  },
  {
    route: 'POST /api/v1/auth/setup',
    allowed: 'public',
    status: 400,
    call: (w, s) =>
      send(w, s, 'POST', '/api/v1/auth/setup', {
        token: 'x'.repeat(43),
        password: 'Kornblume-Wanderweg-2001',
      }),
  },
  // The caller's own account.
  { route: 'GET /api/v1/me', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/me') },
  {
    route: 'GET /api/v1/me/sessions',
    allowed: 'all',
    call: (w, s) => send(w, s, 'GET', '/api/v1/me/sessions'),
  },
  {
    route: 'DELETE /api/v1/me/sessions/:id',
    allowed: 'all',
    call: async (w, s, _p, role) => {
      if (!s || !role) return send(w, s, 'DELETE', '/api/v1/me/sessions/1');
      const other = await signIn(w.app, w.accounts[role], w.clock);
      const listed = (await other.get('/api/v1/me/sessions')).json().items as {
        id: number;
        current: boolean;
      }[];
      const id = listed.find((x) => x.current)!.id;
      return send(w, s, 'DELETE', `/api/v1/me/sessions/${id}`);
    },
  },
  {
    route: 'POST /api/v1/auth/logout',
    allowed: 'all',
    call: async (w, s, _p, role) =>
      send(
        w,
        s && role ? await signIn(w.app, w.accounts[role], w.clock) : null,
        'POST',
        '/api/v1/auth/logout',
      ),
  },
  {
    route: 'POST /api/v1/auth/logout-all',
    allowed: 'all',
    call: async (w, s, _p, role) =>
      send(w, s && role ? (await spareSession(w, role)).session : null, 'POST', '/api/v1/auth/logout-all'),
  },
  {
    route: 'POST /api/v1/me/password',
    allowed: 'all',
    call: async (w, s, _p, role) => {
      const spare = s && role ? (await spareSession(w, role)).session : null;
      return send(w, spare, 'POST', '/api/v1/me/password', {
        currentPassword: 'Kornblume-Wanderweg-1987',
        newPassword: 'Sonnenblume-Feldweg-2044',
      });
    },
  },
  {
    route: 'POST /api/v1/me/2fa/enrol',
    allowed: 'all',
    call: async (w, s, _p, role) =>
      send(
        w,
        s && role ? (await spareSession(w, role, { withTotp: false })).session : null,
        'POST',
        '/api/v1/me/2fa/enrol',
      ),
  },
  {
    route: 'POST /api/v1/me/2fa/confirm',
    allowed: 'all',
    call: async (w, s, _p, role) => {
      if (!s || !role) return send(w, null, 'POST', '/api/v1/me/2fa/confirm', { code: '000000' });
      const spare = (await spareSession(w, role, { withTotp: false })).session;
      const enrol = await setup(spare.post('/api/v1/me/2fa/enrol'));
      return spare.post('/api/v1/me/2fa/confirm', { code: nextCode(w, enrol.json().secret) });
    },
  },
  {
    // Every predefined role requires a second factor, so no one may switch theirs off.
    route: 'POST /api/v1/me/2fa/disable',
    allowed: [],
    deniedStatus: 409,
    call: async (w, s, _p, role) => {
      if (!s || !role) return send(w, null, 'POST', '/api/v1/me/2fa/disable', { code: '000000' });
      const { session, account } = await spareSession(w, role);
      return session.post('/api/v1/me/2fa/disable', { code: nextCode(w, account.totpSecret!) });
    },
  },
  {
    route: 'POST /api/v1/me/2fa/recovery-codes',
    allowed: 'all',
    call: (w, s, _p, role) =>
      send(w, s, 'POST', '/api/v1/me/2fa/recovery-codes', {
        code: role ? nextCode(w, w.accounts[role].totpSecret!) : '000000',
      }),
  },
  { route: 'GET /api/v1/me/tokens', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/me/tokens') },
  {
    route: 'POST /api/v1/me/tokens',
    allowed: 'all',
    call: (w, s) => send(w, s, 'POST', '/api/v1/me/tokens', { name: `Eigen ${w.next()}`, days: 1 }),
  },
  {
    route: 'DELETE /api/v1/me/tokens/:id',
    allowed: 'all',
    call: async (w, s) => {
      if (!s) return send(w, null, 'DELETE', '/api/v1/me/tokens/1');
      const made = await setup(s.post('/api/v1/me/tokens', { name: `Weg ${w.next()}`, days: 1 }));
      return send(w, s, 'DELETE', `/api/v1/me/tokens/${made.json().info.id}`);
    },
  },
  { route: 'GET /api/v1/roles', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/roles') },
  {
    route: 'GET /api/v1/member-catalogues',
    allowed: 'all',
    call: (w, s) => send(w, s, 'GET', '/api/v1/member-catalogues'),
  },
  // Reference data behind a permission; no member data in the answer.
  {
    route: 'GET /api/v1/residence',
    allowed: memberCreators,
    call: (w, s) => send(w, s, 'GET', '/api/v1/residence?postcode=36037'),
  },
  {
    route: 'POST /api/v1/imports/files',
    allowed: memberCreators,
    call: (w, s) => uploadFile(w, s),
  },
  {
    route: 'GET /api/v1/imports/mappings',
    allowed: memberCreators,
    call: (w, s) => send(w, s, 'GET', '/api/v1/imports/mappings'),
  },
  {
    route: 'POST /api/v1/imports/mappings',
    allowed: memberCreators,
    call: (w, s) =>
      send(w, s, 'POST', '/api/v1/imports/mappings', {
        name: `Vorlage ${w.next()}`,
        mapping: { columns: { Vorname: 'firstName' } },
      }),
  },
  {
    route: 'GET /api/v1/exports/purposes',
    allowed: holding('member:export'),
    call: (w, s) => send(w, s, 'GET', '/api/v1/exports/purposes'),
  },
  {
    route: 'GET /api/v1/audit/verify',
    allowed: holding('audit:read'),
    call: (w, s) => send(w, s, 'GET', '/api/v1/audit/verify'),
  },
  {
    route: 'POST /api/v1/audit/checkpoints',
    allowed: holding('audit:read'),
    call: (w, s) => send(w, s, 'POST', '/api/v1/audit/checkpoints'),
  },
];

/** Not API data: the OpenAPI document describes the routes, it holds nothing. */
const outsideMatrix = new Set(['GET /api/v1/openapi.json']);

describe.each(databaseKinds)('permission matrix on %s', (kind) => {
  let testDb: TestDatabase;
  let dataDir: string;
  let world: World;
  const registered: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    dataDir = await mkdtemp(path.join(tmpdir(), 'matrix-'));
    const { database } = testDb;
    const clock = testClock();
    const units = await createUnitTree(database);
    const members = await createTestMembers(database, units);
    const app = await buildApp({
      config: { bodyLimitBytes: 256 * 1024, baseUrl: 'http://127.0.0.1', sessionSecret: TEST_SESSION_SECRET },
      database,
      logger: createLogger(process.env.MATRIX_LOG ?? 'silent', false),
      webRoot: '/nonexistent',
      dataDir,
      clock: clock.now,
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
      },
    });
    await app.ready();
    const targets = {} as Record<Position, TestAccount>;
    const services = {} as Record<Position, number>;
    for (const p of positions) {
      targets[p] = await createAccount(database, {
        email: `target-${p}@example.org`,
        role: 'local-chair',
        unit: unitAt[p],
        withTotp: false,
        clock,
      });
      services[p] = (
        await createUserAsOperator(database, testAccessSettings(clock), {
          email: `service-${p}@example.org`,
          displayName: `Schnittstelle ${p}`,
          role: 'local-chair',
          unitCode: unitAt[p],
          kind: 'service',
        })
      ).userId;
    }
    const auditSeq = {} as Record<Position, number>;
    for (const p of positions) {
      auditSeq[p] = (
        await appendAudit(database, {
          action: 'matrix.probe',
          unitId: units[unitAt[p]].id,
          actor: { userId: null },
        })
      ).seq;
      // A transfer and a notification in every position, for the lists that show them.
      const unitId = units[unitAt[p]].id;
      await database.query(
        `INSERT INTO member_transfers (member_id, member_name, from_unit_id, to_unit_id, cross_district, effective_date)
         VALUES ($1, 'Erika Muster', $2, $2, false, '2025-01-01')`,
        [members[unitAt[p]], unitId],
      );
      await database.query(
        `INSERT INTO notifications (unit_id, kind, params) VALUES ($1, 'matrix.probe', $2::jsonb)`,
        [unitId, JSON.stringify({ probe: p })],
      );
    }
    const rootAccount = await createAccount(database, {
      email: 'root@example.org',
      role: 'state-admin',
      unit: 'TEST-LV',
      clock,
    });
    const root = await signIn(app, rootAccount, clock);
    const accounts = {} as Record<RoleKey, TestAccount>;
    const sessions = {} as Record<RoleKey, TestSession>;
    for (const role of roleKeys) {
      accounts[role] = await createAccount(database, {
        email: `${role}@example.org`,
        role,
        unit: HOME,
        clock,
      });
      sessions[role] = await signIn(app, accounts[role], clock);
    }
    const catalogues = (await setup(root.get('/api/v1/member-catalogues'))).json();
    const purposes = (await setup(root.get('/api/v1/exports/purposes'))).json();
    let counter = 0;
    world = {
      app,
      database,
      clock,
      units,
      members,
      targets,
      services,
      auditSeq,
      root,
      accounts,
      sessions,
      catalogue: {
        functionCode: catalogues.functions[0].code,
        mandateCode: catalogues.mandates[0].code,
        purpose: purposes.items[0].code,
      },
      // TEST-KA: itself and TEST-KA-1; TEST-LV: all five units.
      subtreeCount: { own: 2, child: 1, sibling: 2, parent: 5 },
      next: () => ++counter,
    };
    // A mandate and a shared list in every position, set up by the root account.
    for (const p of positions) {
      await setup(
        root.post(`/api/v1/members/${members[unitAt[p]]}/mandates`, {
          code: world.catalogue.mandateCode,
          unitCode: unitAt[p],
          startDate: '2024-01-01',
        }),
      );
      await setup(
        root.post('/api/v1/saved-lists', { name: `geteilt ${p}`, query: {}, sharedWithUnitCode: unitAt[p] }),
      );
      await setup(
        root.post('/api/v1/delegates/allocations', {
          level: 'local',
          parent: unitAt[p],
          seats: 10,
          method: 'sainte-lague',
          cutoff: COUNT_DAY,
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await world?.app.close();
    await testDb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const isSuccess = (res: LightMyRequestResponse) => res.statusCode >= 200 && res.statusCode < 300;
  const isDenied = (res: LightMyRequestResponse) => [403, 404].includes(res.statusCode);

  /** Rules every answer to a role obeys, whatever the route. */
  function fieldRules(res: LightMyRequestResponse, role: RoleKey) {
    if (!(roles[role].permissions as readonly string[]).includes('member:finance:read'))
      expect(res.body, 'bank data without member:finance:read').not.toContain(IBAN);
    if (roles[role].memberFields !== 'all') {
      expect(res.body, 'birthdate for a role without personal fields').not.toMatch(/1980-05-17|17\.05\.1980/);
      expect(res.body, 'notes for a role without personal fields').not.toContain('vertraulich');
    }
  }

  it('has a row for every registered API route, and each row names a registered route', () => {
    const covered = [...rows.map((r) => r.route), ...unitFreeRows.map((r) => r.route)];
    const api = registered.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/') && !outsideMatrix.has(r));
    expect(
      api.filter((r) => !covered.includes(r)),
      'routes without a row',
    ).toEqual([]);
    expect(
      covered.filter((r) => !api.includes(r)),
      'rows without a route',
    ).toEqual([]);
    expect(new Set(covered).size).toBe(covered.length);
  });

  it('uses the permissions the roles really hold', () => {
    expect(memberCreators).toEqual(['state-admin', 'district-admin']);
    for (const [name, table, permission] of [
      ['memberReaders', memberReaders, 'member:read'],
      ['memberWriters', memberWriters, 'member:update'],
      ['exporters', exporters, 'member:export'],
      ['accountManagers', accountManagers, 'user:manage'],
      ['auditors', auditors, 'audit:read'],
    ] as const) {
      const holders = roleKeys.filter((r) => table[r].length > 0);
      expect(holders, name).toEqual(holding(permission));
    }
  });

  describe.each(rows)('$route', (row) => {
    it('needs a sign-in', async () => {
      const res = await row.call(world, null, 'own', null);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('auth.required');
    });

    it.each(roleKeys)('as %s: allowed exactly in the listed positions', async (role) => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const position of positions) {
        const allowed = row.allowed[role].includes(position);
        expected[position] = allowed ? 'allowed' : 'denied';
        const res = await row.call(world, world.sessions[role], position, role);
        let ok: boolean;
        if (row.present) {
          ok = row.present(res, world, position);
          if (!ok)
            expect(isSuccess(res) || isDenied(res), `${position}: ${res.statusCode} ${res.body}`).toBe(true);
        } else {
          ok = isSuccess(res);
          if (!ok) expect(isDenied(res), `${position}: ${res.statusCode} ${res.body}`).toBe(true);
        }
        outcome[position] = ok ? 'allowed' : `denied`;
        fieldRules(res, role);
        if (ok && row.fields) row.fields(res, role);
      }
      expect(outcome).toEqual(expected);
    });
  });

  describe.each(unitFreeRows)('$route', (row) => {
    it(row.allowed === 'public' ? 'answers without a sign-in' : 'needs a sign-in', async () => {
      const res = await row.call(world, null, 'own', null);
      if (row.allowed === 'public') expect(res.statusCode, res.body).toBe(row.status ?? res.statusCode);
      if (row.allowed === 'public' && row.status === undefined) expect(isSuccess(res), res.body).toBe(true);
      if (row.allowed !== 'public') {
        expect(res.statusCode, res.body).toBe(401);
        expect(res.json().code).toBe('auth.required');
      }
    });
    it.each(roleKeys)('as %s', async (role) => {
      const res = await row.call(world, world.sessions[role], 'own', role);
      const allowed = row.allowed === 'all' || row.allowed === 'public' || row.allowed.includes(role);
      if (row.status !== undefined) expect(res.statusCode, res.body).toBe(row.status);
      else if (allowed) expect(isSuccess(res), `${res.statusCode} ${res.body}`).toBe(true);
      else expect(res.statusCode, res.body).toBe(row.deniedStatus ?? 403);
      fieldRules(res, role);
    });
  });
});
