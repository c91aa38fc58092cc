import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The whole configuration, read once from the environment at start.
 * A wrong value stops the process with one line naming the variable and what it expects.
 */
const TRUST_PROXY_EXPECTS =
  'expects false, true, a number of proxies in front (e.g. 1) or a comma-separated list of proxy addresses ' +
  'or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1; also loopback, linklocal, uniquelocal)';
const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a TRUST_PROXY list: an IP address, a CIDR range or one of proxy-addr's names. */
function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the server may name the client in X-Forwarded-For (Fastify's
 * trustProxy). Off by default: without it request.ip is the proxy's address, and per-IP sign-in
 * throttling would throttle everyone behind the proxy together.
 */
export type TrustProxy = boolean | number | string[];

const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 100) return hops;
    } else {
      const entries = value.split(',').map((e) => e.trim());
      if (entries.length > 0 && entries.every(isProxyAddress)) return entries;
    }
    ctx.addIssue({ code: 'custom', message: TRUST_PROXY_EXPECTS });
    return z.NEVER;
  });

const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'expects development, production or test' })
    .default('production'),
  PORT: z.coerce
    .number({ error: 'expects a whole number from 1 to 65535' })
    .int('expects a whole number from 1 to 65535')
    .min(1, 'expects a whole number from 1 to 65535')
    .max(65535, 'expects a whole number from 1 to 65535')
    .default(3000),
  HOST: z.string().min(1, 'expects a host name or IP address to listen on').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expects a URL like postgres://user:password@host:5432/database')
    .optional(),
  DATA_DIR: z.string().min(1, 'expects a folder path').default('./data'),
  BASE_URL: z.url({ error: 'expects an absolute URL like https://servicestelle.example.org' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expects a URL like smtp://user:password@mail.example.org:587')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'expects at least 32 characters of random text').optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expects one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number({ error: 'expects a number of bytes' })
    .int('expects a whole number of bytes')
    .min(1024, 'expects at least 1024 bytes')
    .default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: 'expects milliseconds' })
    .int('expects whole milliseconds')
    .min(0)
    .default(10_000),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ error: 'expects minutes' })
    .int('expects whole minutes')
    .min(1, 'expects at least 1 minute')
    .max(1440, 'expects at most 1440 minutes (a day)')
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ error: 'expects hours' })
    .int('expects whole hours')
    .min(1, 'expects at least 1 hour')
    .max(720, 'expects at most 720 hours (30 days)')
    .default(12),
  MAIL_FROM: z
    .string()
    .min(3, 'expects a sender like "Servicestelle <noreply@example.org>"')
    .default('Servicestelle <noreply@localhost>'),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1, 'expects a file path').optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number({ error: 'expects minutes' })
    .int('expects whole minutes')
    .min(0, 'expects 0 (off) or more minutes')
    .default(10),
  TRUST_PROXY: trustProxySchema,
  DAILY_MAINTENANCE: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['on', 'off'], { error: 'expects on or off' }))
    .default('on'),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  env: RawConfig['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  baseUrl: string;
  smtpUrl: string | undefined;
  sessionSecret: string | undefined;
  logLevel: RawConfig['LOG_LEVEL'];
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  /** Sessions end after this long without a request. */
  sessionIdleMinutes: number;
  /** Sessions end this long after sign-in, however active. */
  sessionAbsoluteHours: number;
  mailFrom: string;
  /** Ed25519 key that signs audit checkpoints; outside the database (default DATA_DIR/audit-signing-key.pem). */
  auditSigningKeyFile: string;
  /** A signed checkpoint every this many minutes when the trail grew (0: only on demand). */
  auditCheckpointMinutes: number;
  /** Proxies trusted to name the client (X-Forwarded-For), so request.ip is the client's. */
  trustProxy: TrustProxy;
  /**
   * Whether this process queues the daily maintenance (status steps that fall due, today's
   * statistics). Off on all but one of several instances, or while measuring (bench/).
   */
  dailyMaintenance: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
    readonly received: string | undefined,
  ) {
    super(
      `Configuration error: ${variable} ${expectation}` +
        (received === undefined ? '' : ` (got ${received})`),
    );
    this.name = 'ConfigError';
  }
}

/**
 * The rejected value as it may appear in an error message, which ends up in logs and terminals:
 * secrets are described by their length only, and passwords inside URLs are masked.
 */
function printable(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/SECRET|PASSWORD|TOKEN|KEY/.test(variable)) return `${value.length} characters`;
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@'));
}

/** Reads and validates the configuration; throws ConfigError for the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const input = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, issue.message, printable(variable, env[variable]));
  }
  const c = parsed.data;
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    baseUrl: (c.BASE_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(
      /\/$/,
      '',
    ),
    smtpUrl: c.SMTP_URL,
    sessionSecret: c.SESSION_SECRET,
    logLevel: c.LOG_LEVEL,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: c.SESSION_ABSOLUTE_HOURS,
    mailFrom: c.MAIL_FROM,
    auditSigningKeyFile: path.resolve(
      c.AUDIT_SIGNING_KEY_FILE ?? path.join(c.DATA_DIR, 'audit-signing-key.pem'),
    ),
    auditCheckpointMinutes: c.AUDIT_CHECKPOINT_MINUTES,
    trustProxy: c.TRUST_PROXY,
    dailyMaintenance: c.DAILY_MAINTENANCE === 'on',
  };
}

/** The variables, for the README table and `--help`. */
export const configVariables = Object.keys(configSchema.shape);
