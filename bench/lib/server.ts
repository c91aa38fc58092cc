import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';

/** The real server (`servicestelle serve`) as a process of its own. */
export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawning the process to the first 200 of /readyz. */
  readyMillis: number;
  /** Resident set size now, in kB (VmRSS of /proc/PID/status). */
  rssKb(): number;
  stop(): Promise<void>;
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

export function readRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in kB. */
export function sampleRss(pid: number, everyMs = 25): { stop(): { peakKb: number; samples: number } } {
  let peakKb = readRssKb(pid);
  let samples = 1;
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, readRssKb(pid));
    samples++;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peakKb = Math.max(peakKb, readRssKb(pid));
      return { peakKb, samples: samples + 1 };
    },
  };
}

export async function startServer(options: {
  bundle: string;
  env: Record<string, string>;
  port: number;
  logFile: string;
  timeoutMs?: number;
  /** Write a V8 CPU profile of the server into this folder (node --cpu-prof). */
  profileDir?: string;
}): Promise<ServerProcess> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  if ((await get(`${baseUrl}/healthz`)) !== 0) {
    throw new Error(`port ${options.port} is in use already; choose another with --port`);
  }
  const log = createWriteStream(options.logFile);
  const started = performance.now();
  const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, options.bundle, 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      BASE_URL: baseUrl,
      // The daily job's first run (a minute after start; about 7 s of database time at 1,000,000
      // members) would otherwise fall into the measurements.
      DAILY_MAINTENANCE: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));

  const deadline = started + (options.timeoutMs ?? 600_000);
  for (;;) {
    if (exited !== null) {
      throw new Error(`the server exited with code ${exited} while starting; see ${options.logFile}`);
    }
    if ((await get(`${baseUrl}/readyz`)) === 200) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready in time; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMillis = performance.now() - started;
  const pid = child.pid!;
  return {
    pid,
    baseUrl,
    readyMillis,
    rssKb: () => readRssKb(pid),
    async stop() {
      if (exited !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
      log.end();
    },
  };
}
