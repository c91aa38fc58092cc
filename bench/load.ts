/**
 * The load process: runs the latency scenarios of a plan against the server over HTTP with N
 * concurrent keep-alive clients and writes the latencies as JSON. Started by bench/run.ts as a
 * process of its own so that the client's work does not run on the server's event loop.
 *
 *   node --import tsx bench/load.ts PLAN.json RESULT.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createClient } from './lib/http';
import { summarise, type Summary } from './lib/stats';

export interface PlannedRequest {
  /** Groups the samples inside a scenario (e.g. the kind of search). */
  label: string;
  path: string;
  token: string;
  method?: string;
}

export interface PlannedScenario {
  name: string;
  /** Requests before measuring (caches, JIT, connection set-up). */
  warmup: number;
  /** Measured requests in total, shared by the clients; requests are taken round-robin. */
  iterations: number;
  /** Stop starting requests after this many seconds (slow scenarios on large data sets). */
  maxSeconds?: number;
  requests: PlannedRequest[];
}

export interface LoadPlan {
  baseUrl: string;
  clients: number;
  scenarios: PlannedScenario[];
}

export interface ScenarioResult {
  name: string;
  summary: Summary;
  byLabel: Record<string, Summary>;
  statuses: Record<string, number>;
  firstError: string | null;
  wallSeconds: number;
  requestsPerSecond: number;
  /** The time budget ran out before all requests were sent. */
  stoppedEarly: boolean;
  /** Requests sent, warm-up included (for CPU per request). */
  sent: number;
}

async function runScenario(
  client: ReturnType<typeof createClient>,
  clients: number,
  scenario: PlannedScenario,
): Promise<ScenarioResult> {
  const statuses: Record<string, number> = {};
  const samples: number[] = [];
  const byLabel = new Map<string, { samples: number[]; errors: number }>();
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const total = scenario.warmup + scenario.iterations;
  const budget = (scenario.maxSeconds ?? Infinity) * 1000;
  const deadline = performance.now() + budget;
  // A slow scenario must not spend its budget warming up: at most a third of it.
  const warmDeadline = performance.now() + budget / 3;
  let stoppedEarly = false;
  const worker = async () => {
    for (;;) {
      let i = next++;
      if (i < scenario.warmup && i > 0 && performance.now() > warmDeadline) {
        next = Math.max(next, scenario.warmup);
        i = next++;
      }
      if (i >= total) return;
      if (i > scenario.warmup && performance.now() > deadline) {
        stoppedEarly = true;
        return;
      }
      const planned = scenario.requests[i % scenario.requests.length]!;
      const measured = i >= scenario.warmup;
      let ok = false;
      let millis = 0;
      try {
        const res = await client.request({
          method: planned.method ?? 'GET',
          path: planned.path,
          token: planned.token,
        });
        millis = res.millis;
        ok = res.status >= 200 && res.status < 300;
        if (measured) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!ok && firstError === null) {
          firstError = `${res.status} ${planned.path}: ${res.body.toString('utf8').slice(0, 300)}`;
        }
      } catch (error) {
        if (measured) statuses.network = (statuses.network ?? 0) + 1;
        if (firstError === null) firstError = `${planned.path}: ${(error as Error).message}`;
      }
      if (!measured) continue;
      const group = byLabel.get(planned.label) ?? { samples: [], errors: 0 };
      byLabel.set(planned.label, group);
      if (ok) {
        samples.push(millis);
        group.samples.push(millis);
      } else {
        errors++;
        group.errors++;
      }
    }
  };
  // The first `warmup` requests of the shared sequence are sent but not measured.
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    name: scenario.name,
    summary: summarise(samples, errors),
    byLabel: Object.fromEntries([...byLabel].map(([label, g]) => [label, summarise(g.samples, g.errors)])),
    statuses,
    firstError,
    wallSeconds,
    requestsPerSecond: (samples.length + errors) / wallSeconds,
    stoppedEarly,
    sent: Math.min(next, total),
  };
}

async function main(): Promise<void> {
  const [planFile, resultFile] = process.argv.slice(2);
  if (!planFile || !resultFile) throw new Error('usage: load.ts PLAN.json RESULT.json');
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as LoadPlan;
  const client = createClient(plan.baseUrl, plan.clients);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of plan.scenarios) {
      process.stderr.write(`  ${scenario.name}: ${scenario.iterations} requests, ${plan.clients} clients\n`);
      results.push(await runScenario(client, plan.clients, scenario));
    }
  } finally {
    client.close();
  }
  writeFileSync(resultFile, JSON.stringify({ scenarios: results }, null, 2));
}

await main();
