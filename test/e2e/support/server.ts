import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'dist/cli/main.js');
const webIndex = path.join(root, 'dist/web/index.html');

export interface TestServer {
  baseURL: string;
  /** What the server printed, for the message of a failing test. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Only what a process needs plus the server's settings: the test runner's own environment
 * (vitest sets BASE_URL=/, a developer may have DATABASE_URL) must not configure this server.
 */
function serverEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'TZ', 'SystemRoot'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...settings };
}

/** Runs `servicestelle <args>` with the given standard input; resolves with its standard output. */
export type CliRunner = (args: string[], input?: string) => Promise<string>;

function runCli(args: string[], dataDir: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: serverEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`servicestelle ${args.join(' ')} exited ${code}:\n${err}${out}`)),
    );
    child.stdin.end(input ?? '');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the built server (`npm run build` first) on a free port with a fresh data folder and
 * the demo (Hessen's units and a few members), and waits until /readyz says it is ready.
 */
export async function startServer(
  options: {
    demoMembers?: number;
    timeoutMs?: number;
    /**
     * Runs CLI commands against the server's fresh data folder before the server starts, e.g.
     * `demo` and then `user add` (the server then finds the database filled and loads no demo).
     */
    prepare?: (cli: CliRunner) => Promise<void>;
  } = {},
): Promise<TestServer> {
  for (const file of [cli, webIndex]) {
    if (!existsSync(file))
      throw new Error(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-e2e-'));
  const baseURL = `http://127.0.0.1:${port}`;
  if (options.prepare) {
    try {
      await options.prepare((args, input) => runCli(args, dataDir, input));
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--demo-if-empty', '--demo-members', String(options.demoMembers ?? 200)],
    {
      cwd: root,
      env: serverEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (!(await exited(child, 0))) {
      child.kill('SIGTERM');
      if (!(await exited(child, 15_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${baseURL}/readyz`);
      if (response.ok) return { baseURL, output: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The server was not ready within ${options.timeoutMs ?? 150_000} ms:\n${output}`);
}
