import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configVariables } from '@/server/config';
import { openDatabase } from '@/server/db/database';
import { appliedMigrationCount, journal } from '@/server/db/migrate';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-shutdown-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `predicate` holds, checking each time the child writes; rejects if the child exits. */
function waitFor(server: Server, what: string, predicate: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate()) {
        cleanup();
        resolve();
      }
    };
    const exited = () => {
      cleanup();
      reject(new Error(`the server exited while waiting for ${what}:\n${server.output()}`));
    };
    const cleanup = () => {
      server.child.stdout!.off('data', check);
      server.child.stderr!.off('data', check);
      server.child.off('exit', exited);
    };
    server.child.stdout!.on('data', check);
    server.child.stderr!.on('data', check);
    server.child.once('exit', exited);
    check();
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote so far. */
  output(): string;
  /** The messages of its JSON log lines. */
  messages(): string[];
  exit: Promise<number | null>;
}

/** Starts `servicestelle serve` from the sources on a free port and waits until it listens. */
async function serve(): Promise<Server> {
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !configVariables.includes(key) && key !== 'NODE_OPTIONS'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env: {
      ...env,
      NO_COLOR: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: Server = {
    child,
    port,
    exit,
    output: () => output,
    messages: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg)),
  };
  await waitFor(server, 'the server to listen', () => output.includes('Servicestelle läuft'));
  return server;
}

/**
 * Opens a connection and sends a POST whose body is cut short, so the request stays open inside the
 * server until `finish` sends the rest. Resolves `response` with the raw HTTP response.
 */
function startSlowRequest(port: number) {
  const body = JSON.stringify({ note: 'sent in two parts' });
  const socket = net.connect(port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  const response = new Promise<string>((resolve, reject) => {
    socket.once('end', () => resolve(raw));
    socket.once('error', reject);
  });
  socket.write(
    'POST /api/v1/slow-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body.slice(0, 5),
  );
  return { response, finish: () => socket.write(body.slice(5)) };
}

describe('graceful shutdown of `servicestelle serve` on embedded PGlite', () => {
  const expected = journal().entries.length;

  // One scenario in order: start on an empty folder, stop with a request open, start again.
  it('finishes the open request on SIGTERM, exits 0, and finds the data again after a restart', async () => {
    const first = await serve();
    expect(first.messages()).toContain(`migrations: ${expected} applied, ${expected} in total`);
    // A new installation gets the postcode table of the residence principle without the demo.
    expect(first.messages()).toContain('reference data: 559 postcode areas of Hessen loaded');

    const slow = startSlowRequest(first.port);
    await waitFor(first, 'the request to arrive', () => first.output().includes('/api/v1/slow-upload'));

    first.child.kill('SIGTERM');
    await waitFor(first, 'the shutdown to begin', () =>
      first.messages().some((m) => m.startsWith('SIGTERM received')),
    );
    // Still running, because a request is open; and no longer taking new requests.
    expect(first.child.exitCode).toBeNull();
    const probe = await fetch(`http://127.0.0.1:${first.port}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(probe);

    slow.finish();
    const response = await slow.response;
    // The route does not exist: a complete, regular answer proves the request was finished, not cut off.
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
    expect(response).toContain('application/problem+json');
    expect(response).toContain('"code":"request.not_found"');

    expect(await first.exit).toBe(0);
    expect(first.messages()).toContain('stopped');

    // Between the runs, write a row the way an administrator's script would.
    const offline = await openDatabase({ dataDir });
    expect(await appliedMigrationCount(offline)).toBe(expected);
    const [areas] = await offline.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM postcode_areas WHERE postcode = '36037' AND ags = '06631009'`,
    );
    expect(areas!.n).toBe(1);
    await offline.query(
      `INSERT INTO units (code, name, level, path) VALUES ('SHUTDOWN-TEST', 'Testverband', 'federal', '/')`,
    );
    await offline.close();

    const second = await serve();
    expect(second.messages()).toContain(`migrations: up to date (${expected})`);
    expect(second.messages().some((m) => m.startsWith('reference data:'))).toBe(false);
    const ready = await fetch(`http://127.0.0.1:${second.port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'pglite' });
    const unit = await fetch(`http://127.0.0.1:${second.port}/api/v1/units/SHUTDOWN-TEST`);
    expect(unit.status).toBe(200);
    expect(await unit.json()).toMatchObject({ code: 'SHUTDOWN-TEST', name: 'Testverband' });

    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(second.messages()).toContain('stopped');
  }, 180_000);
});
