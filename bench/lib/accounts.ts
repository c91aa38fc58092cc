import type { Database } from '@/server/db/database';

/** The two callers of the benchmark: a Kreisverband admin and a state admin, each with an API token. */
export interface BenchAccounts {
  kv: { email: string; unitCode: string; token: string };
  state: { email: string; unitCode: string; token: string };
}

interface OperatorAccess {
  createUserAsOperator(
    database: Database,
    settings: unknown,
    input: {
      email: string;
      displayName: string;
      role: string;
      unitCode: string;
      kind?: 'person' | 'service';
    },
  ): Promise<unknown>;
  createTokenAsOperator(
    database: Database,
    settings: unknown,
    input: { email: string; name: string; days: number },
  ): Promise<{ token: string }>;
}

/**
 * Accounts and tokens through the identity module's operator functions (what the CLI's user and
 * token commands do): service accounts, so no second factor is involved. An account kept from an
 * earlier run is reused; every run gets new tokens.
 */
export async function createAccounts(
  database: Database,
  units: { kvCode: string; stateCode: string },
): Promise<BenchAccounts> {
  const access = (await import('@/server/modules/access/access.service')) as unknown as OperatorAccess;
  const settings = {
    baseUrl: 'http://127.0.0.1',
    secureCookies: false,
    idleTimeoutMs: 30 * 60_000,
    absoluteTimeoutMs: 12 * 3_600_000,
    secretKey: Buffer.alloc(32, 7),
    mailer: { send: async () => undefined },
    clock: () => new Date(),
    issuer: 'Servicestelle',
  };
  const make = async (email: string, role: string, unitCode: string, displayName: string) => {
    try {
      await access.createUserAsOperator(database, settings, {
        email,
        displayName,
        role,
        unitCode,
        kind: 'service',
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'user.email_taken') throw error;
    }
    const { token } = await access.createTokenAsOperator(database, settings, {
      email,
      name: `bench ${new Date().toISOString()}`,
      days: 1,
    });
    return { email, unitCode, token };
  };
  return {
    kv: await make('bench-kv@bench.invalid', 'district-admin', units.kvCode, 'Benchmark Kreisverband'),
    state: await make('bench-state@bench.invalid', 'state-admin', units.stateCode, 'Benchmark Land'),
  };
}
