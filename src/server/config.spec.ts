import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@/server/config';

/** The ConfigError that loadConfig throws for env, or fails the test. */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('starts with nothing set: local port 3000, embedded database in ./data', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      env: 'production',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('data'),
      baseUrl: 'http://127.0.0.1:3000',
      smtpUrl: undefined,
      sessionSecret: undefined,
      logLevel: 'info',
      bodyLimitBytes: 1_048_576,
      shutdownTimeoutMs: 10_000,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      mailFrom: 'Servicestelle <noreply@localhost>',
      auditSigningKeyFile: path.resolve('data', 'audit-signing-key.pem'),
      auditCheckpointMinutes: 10,
      trustProxy: false,
      dailyMaintenance: true,
    });
  });

  it('reads DAILY_MAINTENANCE as on or off', () => {
    expect(loadConfig({ DAILY_MAINTENANCE: 'off' }).dailyMaintenance).toBe(false);
    expect(loadConfig({ DAILY_MAINTENANCE: ' ON ' }).dailyMaintenance).toBe(true);
    const error = configErrorFor({ DAILY_MAINTENANCE: 'sometimes' });
    expect(error.variable).toBe('DAILY_MAINTENANCE');
    expect(error.message).toContain('expects on or off');
  });

  it('reads TRUST_PROXY as off, on, a number of proxies or a list of addresses and ranges', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['yes', '0', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1,', '1.2.3']) {
      const error = configErrorFor({ TRUST_PROXY: bad });
      expect(error.variable).toBe('TRUST_PROXY');
      expect(error.message).toContain('expects false, true, a number of proxies');
    }
  });

  it('reads the values it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://app:pw@db.internal:5432/servicestelle',
      DATA_DIR: '/var/lib/servicestelle',
      SMTP_URL: 'smtps://mail.example.org:465',
      LOG_LEVEL: 'debug',
      BODY_LIMIT_BYTES: '2048',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://app:pw@db.internal:5432/servicestelle',
      dataDir: '/var/lib/servicestelle',
      // Listening on every interface: the default public address is localhost, not 0.0.0.0.
      baseUrl: 'http://localhost:8080',
      smtpUrl: 'smtps://mail.example.org:465',
      logLevel: 'debug',
      bodyLimitBytes: 2048,
    });
  });

  it('treats empty variables as unset and drops a trailing slash from BASE_URL', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', BASE_URL: 'https://mv.example.org/' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.baseUrl).toBe('https://mv.example.org');
  });

  it.each([
    ['PORT', 'abc', /whole number/],
    ['PORT', '70000', /65535/],
    ['PORT', '0', /from 1/],
    ['PORT', '80.5', /whole number/],
    ['DATABASE_URL', 'mysql://root@localhost/servicestelle', /postgres:\/\//],
    ['BASE_URL', 'not-a-url', /absolute URL/],
    ['SMTP_URL', 'http://mail.example.org', /smtp:\/\//],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['SESSION_SECRET', 'too-short', /32 characters/],
    ['BODY_LIMIT_BYTES', '10', /1024/],
  ])('rejects %s=%s with one line that names the variable', (variable, value, expectation) => {
    const error = configErrorFor({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`\\b${variable}\\b`));
    expect(error.message).toMatch(expectation);
    expect(error.message).not.toContain('\n');
  });

  it('names the first bad variable when several are wrong', () => {
    expect(configErrorFor({ PORT: '3000', BASE_URL: 'nope', SMTP_URL: 'ftp://x' }).variable).toBe('BASE_URL');
  });

  it('never repeats a secret or a password in the message', () => {
    const secret = configErrorFor({ SESSION_SECRET: 'hunter2-but-shorter' });
    expect(secret.message).not.toContain('hunter2');
    expect(secret.message).toContain('19 characters');

    const url = configErrorFor({ DATABASE_URL: 'mysql://admin:s3cr3t-pw@db.example.org/members' });
    expect(url.message).not.toContain('s3cr3t-pw');
    expect(url.message).toContain('mysql://admin:***@db.example.org/members');

    const smtp = configErrorFor({ SMTP_URL: 'http://mailer:m41l-pw@mail.example.org' });
    expect(smtp.message).not.toContain('m41l-pw');
  });
});
