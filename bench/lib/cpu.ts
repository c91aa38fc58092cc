import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU time spent by the server process and by the PostgreSQL backends of the benchmark database,
 * from /proc. Divided by the requests of a scenario it gives the CPU cost of one request, which,
 * unlike its latency, hardly depends on what else the machine is doing.
 */
let ticksPerSecond = 0;
function clockTicks(): number {
  if (!ticksPerSecond) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU of a process in milliseconds; null when it is gone. */
export function cpuMillis(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) / clockTicks()) * 1000;
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  server: number;
  backends: Map<number, number>;
}

export interface CpuProbe {
  snapshot(): Promise<CpuSnapshot>;
  /** Milliseconds of CPU since `before`: the server process and the database backends. */
  since(before: CpuSnapshot): Promise<{ server: number; database: number }>;
  close(): Promise<void>;
}

/** For PGlite the database runs inside the server process: pass no database. */
export async function cpuProbe(
  serverPid: number,
  database: { url: string; name: string } | null,
): Promise<CpuProbe> {
  let client: pg.Client | null = null;
  if (database) {
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }
  const backends = async (): Promise<Map<number, number>> => {
    const out = new Map<number, number>();
    if (!client || !database) return out;
    const rows = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );
    for (const { pid } of rows.rows) {
      const ms = cpuMillis(pid);
      if (ms !== null) out.set(pid, ms);
    }
    return out;
  };
  return {
    async snapshot() {
      return { server: cpuMillis(serverPid) ?? 0, backends: await backends() };
    },
    async since(before) {
      const server = (cpuMillis(serverPid) ?? 0) - before.server;
      let database = 0;
      // Backends that began during the interval count whole; one that ended during it is lost.
      for (const [pid, ms] of await backends()) database += ms - (before.backends.get(pid) ?? 0);
      return { server, database };
    },
    async close() {
      await client?.end();
    },
  };
}
