import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleKeys, type RoleKey } from '@/contracts/access';
import { buildApp } from '@/server/app';
import type { Database } from '@/server/db/database';
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
  createAccount,
  signIn,
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

interface World {
  app: FastifyInstance;
  database: Database;
  units: Record<TestUnitCode, TestUnit>;
  members: Record<TestUnitCode, number>;
  /** An account (local-chair) whose unit is at each position: the target of user routes. */
  targets: Record<Position, TestAccount>;
  /** An audit entry in each position's unit. */
  auditSeq: Record<Position, number>;
  next: () => number;
}

type Call = (w: World, session: TestSession | null, position: Position) => Promise<LightMyRequestResponse>;

interface Row {
  /** METHOD and URL as registered. */
  route: string;
  /** The cells that succeed; every other role × position cell is a denied cell and asserted as one. */
  allowed: Record<RoleKey, readonly Position[]>;
  call: Call;
  /** For lists: is the target in the answer? (denied = absent, or 403). */
  present?: (res: LightMyRequestResponse, w: World, position: Position) => boolean;
  /** Field rules, checked on every allowed cell. */
  fields?: (res: LightMyRequestResponse, role: RoleKey) => void;
}

const inScope = ['own', 'child'] as const;
const none = [] as const;
const memberReaders = {
  'state-admin': inScope,
  'district-admin': inScope,
  'district-treasurer': inScope,
  'local-chair': inScope,
  'data-protection-officer': none,
  'system-admin': none,
} as const;
const accountManagers = {
  'state-admin': inScope,
  'district-admin': inScope,
  'district-treasurer': none,
  'local-chair': none,
  'data-protection-officer': none,
  'system-admin': inScope,
} as const;

function send(
  w: World,
  session: TestSession | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: object,
): Promise<LightMyRequestResponse> {
  if (session) return session.request(method, url, body ?? (method === 'GET' ? undefined : {}));
  return w.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: body ?? {} }) });
}

const member = (w: World, p: Position) => w.members[unitAt[p]];
const target = (w: World, p: Position) => w.targets[p].userId;

/** The matrix. A member-file route is one more row. */
const rows: Row[] = [
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
    route: 'GET /api/v1/members/:id/history',
    allowed: memberReaders,
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}/history`),
  },
  {
    route: 'PATCH /api/v1/members/:id',
    allowed: {
      'state-admin': inScope,
      'district-admin': inScope,
      'district-treasurer': none,
      'local-chair': none,
      'data-protection-officer': none,
      'system-admin': none,
    },
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
    route: 'GET /api/v1/members/:id/access-report',
    allowed: {
      'state-admin': none,
      'district-admin': none,
      'district-treasurer': none,
      'local-chair': none,
      'data-protection-officer': inScope,
      'system-admin': none,
    },
    call: (w, s, p) => send(w, s, 'GET', `/api/v1/members/${member(w, p)}/access-report`),
  },
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
    route: 'GET /api/v1/audit',
    allowed: {
      'state-admin': none,
      'district-admin': none,
      'district-treasurer': none,
      'local-chair': none,
      'data-protection-officer': inScope,
      'system-admin': none,
    },
    call: (w, s) => send(w, s, 'GET', '/api/v1/audit?action=matrix.probe&limit=500'),
    present: (res, w, p) =>
      res.statusCode === 200 && res.json().items.some((e: { seq: number }) => e.seq === w.auditSeq[p]),
  },
];

/** Routes whose outcome does not depend on a unit: who may call them at all (any position). */
const unitFreeRows: { route: string; allowed: readonly RoleKey[] | 'all' | 'public'; call: Call }[] = [
  { route: 'GET /api/v1/me', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/me') },
  {
    route: 'GET /api/v1/me/sessions',
    allowed: 'all',
    call: (w, s) => send(w, s, 'GET', '/api/v1/me/sessions'),
  },
  { route: 'GET /api/v1/me/tokens', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/me/tokens') },
  { route: 'GET /api/v1/roles', allowed: 'all', call: (w, s) => send(w, s, 'GET', '/api/v1/roles') },
  {
    route: 'GET /api/v1/audit/verify',
    allowed: ['data-protection-officer'],
    call: (w, s) => send(w, s, 'GET', '/api/v1/audit/verify'),
  },
  {
    route: 'POST /api/v1/audit/checkpoints',
    allowed: ['data-protection-officer'],
    call: (w, s) => send(w, s, 'POST', '/api/v1/audit/checkpoints'),
  },
  { route: 'GET /api/v1/units', allowed: 'public', call: (w, s) => send(w, s, 'GET', '/api/v1/units') },
];

/**
 * Registered routes that have no row yet. Each one is a gap in the matrix, listed so that it is
 * seen; the test fails on a new route that is in neither the matrix nor this list.
 */
const notYetInMatrix = new Set<string>([
  // Sign-in and self-service: covered by access.test.ts (they act on the caller's own account).
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/totp',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/logout-all',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'POST /api/v1/auth/setup',
  'POST /api/v1/me/password',
  'DELETE /api/v1/me/sessions/:id',
  'POST /api/v1/me/2fa/enrol',
  'POST /api/v1/me/2fa/confirm',
  'POST /api/v1/me/2fa/disable',
  'POST /api/v1/me/2fa/recovery-codes',
  'POST /api/v1/me/tokens',
  'DELETE /api/v1/me/tokens/:id',
  // Account routes still without a row (same rule as GET /users/:id: user:manage at the account's unit).
  'DELETE /api/v1/users/:id/grants/:grantId',
  'POST /api/v1/users/:id/setup-link',
  'POST /api/v1/users/:id/tokens',
  'DELETE /api/v1/users/:id/tokens/:tokenId',
  // Public structure and the caller's own notifications.
  'GET /api/v1/units/:code',
  'GET /api/v1/notifications',
  'POST /api/v1/notifications/:id/done',
]);

describe.each(databaseKinds)('permission matrix on %s', (kind) => {
  let testDb: TestDatabase;
  let clock: TestClock;
  let world: World;
  const sessions = {} as Record<RoleKey, TestSession>;
  const registered: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const { database } = testDb;
    clock = testClock();
    const units = await createUnitTree(database);
    const members = await createTestMembers(database, units);
    const app = await buildApp({
      config: { bodyLimitBytes: 256 * 1024, baseUrl: 'http://127.0.0.1', sessionSecret: TEST_SESSION_SECRET },
      database,
      logger: createLogger('silent', false),
      webRoot: '/nonexistent',
      clock: clock.now,
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
      },
    });
    const targets = {} as Record<Position, TestAccount>;
    for (const p of positions) {
      targets[p] = await createAccount(database, {
        email: `target-${p}@example.org`,
        role: 'local-chair',
        unit: unitAt[p],
        withTotp: false,
        clock,
      });
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
    }
    let counter = 0;
    world = { app, database, units, members, targets, auditSeq, next: () => ++counter };
    for (const role of roleKeys) {
      const account = await createAccount(database, {
        email: `${role}@example.org`,
        role,
        unit: HOME,
        clock,
      });
      sessions[role] = await signIn(app, account, clock);
    }
  });
  afterAll(async () => {
    await world?.app.close();
    await testDb?.drop();
  });

  const isSuccess = (res: LightMyRequestResponse) => res.statusCode >= 200 && res.statusCode < 300;
  const isDenied = (res: LightMyRequestResponse) => [403, 404].includes(res.statusCode);

  it('has a row (or a listed gap) for every registered API route', () => {
    const covered = new Set([
      ...rows.map((r) => r.route),
      ...unitFreeRows.map((r) => r.route),
      ...notYetInMatrix,
    ]);
    const api = registered.filter(
      (r) => r.split(' ')[1]!.startsWith('/api/v1/') && !r.endsWith('/openapi.json'),
    );
    const missing = api.filter((r) => !covered.has(r));
    // Member-file routes beyond the rows above are the next rows to add; list them to see the gap.
    const memberFile = missing.filter((r) =>
      /\/(members|mandates|member-catalogues|residence|transfers|saved-lists|tasks|imports|exports|delegates)/.test(
        r,
      ),
    );
    expect(missing.filter((r) => !memberFile.includes(r))).toEqual([]);
    expect(rows.length + unitFreeRows.length).toBeGreaterThanOrEqual(18);
  });

  describe.each(rows)('$route', (row) => {
    it('needs a sign-in', async () => {
      const res = await row.call(world, null, 'own');
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('auth.required');
    });

    it.each(roleKeys)('as %s: allowed exactly in the listed positions', async (role) => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const position of positions) {
        const allowed = row.allowed[role].includes(position);
        expected[position] = allowed ? 'allowed' : 'denied';
        const res = await row.call(world, sessions[role], position);
        let ok: boolean;
        if (row.present) {
          ok = row.present(res, world, position);
          if (!ok)
            expect(isSuccess(res) || isDenied(res), `${position}: ${res.statusCode} ${res.body}`).toBe(true);
        } else {
          ok = isSuccess(res);
          if (!ok) expect(isDenied(res), `${position}: ${res.statusCode} ${res.body}`).toBe(true);
        }
        outcome[position] = ok ? 'allowed' : 'denied';
        if (ok && row.fields) row.fields(res, role);
      }
      expect(outcome).toEqual(expected);
    });
  });

  describe.each(unitFreeRows)('$route', (row) => {
    it('needs a sign-in unless public', async () => {
      const res = await row.call(world, null, 'own');
      expect(res.statusCode).toBe(row.allowed === 'public' ? 200 : 401);
    });
    it.each(roleKeys)('as %s', async (role) => {
      const res = await row.call(world, sessions[role], 'own');
      const allowed = row.allowed === 'all' || row.allowed === 'public' || row.allowed.includes(role);
      expect(allowed ? isSuccess(res) : res.statusCode === 403, `${res.statusCode} ${res.body}`).toBe(true);
    });
  });
});
