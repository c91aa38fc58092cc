/**
 * The benchmark: `npm run bench -- [--members N] [--db pglite|postgres] [--only NAME] [--keep]`.
 *
 * Builds a deterministic data set with the demo generator, starts the real server as a process of
 * its own, measures over HTTP from a separate load process (4 keep-alive clients) and prints a
 * table; the figures go to bench/out/*.json and, with --record, into bench/results.md.
 * See bench/README.md.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { build } from 'esbuild';
import { parseArgs, scenarioNames, usage, type BenchOptions, type ScenarioName } from './lib/args';
import { createAccounts, type BenchAccounts } from './lib/accounts';
import {
  copyImportRows,
  copyOut,
  importCsv,
  importPeople,
  removeImported,
  runImport,
  type ImportFigures,
} from './lib/bulk';
import {
  benchRoot,
  datasetFor,
  dropDataset,
  openBenchDatabase,
  out,
  prepareDataset,
  runCli,
  waitForQuiet,
  type Dataset,
} from './lib/dataset';
import { cpuProbe } from './lib/cpu';
import { createClient, type HttpClient } from './lib/http';
import { summariseProfiles } from './lib/profile';
import { gitCommit, machineFacts, markdownSection, textTable, type ResultRow } from './lib/report';
import {
  deepCursor,
  membersPath,
  pickMemberIds,
  pickSearchValues,
  pickUnits,
  searchRequests,
  type BenchUnits,
  type SearchValue,
} from './lib/scenarios';
import { sampleRss, startServer, type ServerProcess } from './lib/server';
import { round } from './lib/stats';
import type { LoadPlan, PlannedScenario, ScenarioResult } from './load';

const projectRoot = path.resolve(benchRoot, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The targets of the issue (defined for 1,000,000 members on PostgreSQL 15, two cores). */
const latencyTargets: Partial<Record<ScenarioName, number>> = {
  'search-kv': 50,
  'search-state': 50,
  'list-first-page': 100,
  'member-detail': 20,
  'stats-state': 200,
  'stats-asof': 200,
};

/**
 * The server bundle, built with the settings of `npm run build:server`. By default from the
 * committed HEAD (extracted into bench/out/head-COMMIT, migrations and reference data included), so
 * that a run measures exactly the commit it records and others' unfinished work in the same tree
 * cannot break it; with --working-tree from the files as they are (the commit is then marked
 * "+changes"). Bundles live in .tmp/bench: below the project so that they find its node_modules.
 */
async function buildBundle(
  o: BenchOptions,
  runId: string,
): Promise<{ bundle: string; cleanup: () => void; commit: string }> {
  // Below the project (for its node_modules) but outside what tsc, ESLint and vitest look at.
  const benchOut = path.join(projectRoot, '.tmp', 'bench');
  let root = projectRoot;
  let outfile: string;
  let cleanup = () => undefined as void;
  if (o.workingTree) {
    const dir = path.join(benchOut, `build-${runId}`);
    outfile = path.join(dir, 'main.js');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    log('building the server bundle from the working tree …');
  } else {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: projectRoot,
      encoding: 'utf8',
    }).trim();
    root = path.join(benchOut, `head-${commit}`);
    outfile = path.join(root, 'dist', 'cli', 'main.js');
    if (!existsSync(path.join(root, 'package.json'))) {
      mkdirSync(root, { recursive: true });
      const archive = spawnSync(
        'git',
        [
          'archive',
          '--format=tar',
          'HEAD',
          'package.json',
          'tsconfig.json',
          'src',
          'migrations',
          'reference-data',
        ],
        {
          cwd: projectRoot,
          maxBuffer: 1024 * 1024 * 1024,
        },
      );
      if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr.toString()}`);
      const untar = spawnSync('tar', ['-x', '-C', root], { input: archive.stdout });
      if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
    }
    log(`building the server bundle from commit ${commit} …`);
  }
  await build({
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return { bundle: outfile, cleanup, commit: gitCommit(o.workingTree) };
}

async function postgresVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: `${url}/postgres` });
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runLoad(plan: LoadPlan, runId: string): Promise<ScenarioResult[]> {
  const planFile = path.join(out.dir, `plan-${runId}.json`);
  const resultFile = path.join(out.dir, `load-${runId}.json`);
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(benchRoot, 'load.ts'), planFile, resultFile],
      { stdio: ['ignore', 'inherit', 'inherit'], cwd: projectRoot },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load process exited with ${code}`));
      resolve((JSON.parse(readFileSync(resultFile, 'utf8')) as { scenarios: ScenarioResult[] }).scenarios);
    });
  });
}

interface CpuPerRequest {
  server: number;
  database: number;
}

function latencyRow(name: string, result: ScenarioResult, cpu: CpuPerRequest | null, note = ''): ResultRow {
  const target = latencyTargets[name as ScenarioName];
  const errorsNote = result.summary.errors
    ? `${result.summary.errors} errors (${JSON.stringify(result.statuses)}; first: ${result.firstError ?? ''})`
    : '';
  const labels = Object.keys(result.byLabel);
  const breakdown =
    labels.length > 1
      ? 'p95 by kind: ' + labels.map((l) => `${l} ${round(result.byLabel[l]!.p95, 1)}`).join(', ') + ` ms`
      : '';
  return {
    scenario: name,
    latency: result.summary,
    figure:
      `${round(result.requestsPerSecond, 0)} req/s` +
      (cpu ? `, CPU ${round(cpu.server, 1)} + ${round(cpu.database, 1)} ms/req` : ''),
    target: target ? `p95 ≤ ${target} ms` : '—',
    pass: target === undefined ? null : result.summary.errors === 0 && result.summary.p95 <= target,
    note: [note, breakdown, errorsNote].filter(Boolean).join('; '),
    data: {
      byLabel: result.byLabel,
      statuses: result.statuses,
      wallSeconds: result.wallSeconds,
      cpuMillisPerRequest: cpu,
    },
  };
}

function skipped(scenario: string, note: string, target = '—'): ResultRow {
  return { scenario, target, pass: null, note: `skipped: ${note}` };
}

interface ApiFacts {
  /** Whether a route exists (the not-found handler answers request.not_found for unknown ones). */
  has(path: string, token: string): Promise<boolean>;
}

function apiFacts(client: HttpClient): ApiFacts {
  return {
    async has(path, token) {
      const res = await client.json<{ code?: string } | null>({ path, token });
      return !(res.status === 404 && res.body?.code === 'request.not_found');
    },
  };
}

/** Fails early, with the reason, when the API does not let the benchmark's accounts in. */
async function checkAccess(client: HttpClient, accounts: BenchAccounts): Promise<void> {
  for (const [who, account] of Object.entries(accounts)) {
    const res = await client.json<unknown>({ path: membersPath({ limit: 1 }), token: account.token });
    if (res.status !== 200) {
      throw new Error(
        `GET /api/v1/members as the ${who} account answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
  }
}

/** Checks that the API's cursor has the shape deepCursor() builds. */
async function checkCursorShape(client: HttpClient, token: string): Promise<boolean> {
  const res = await client.json<{ nextCursor: string | null }>({ path: membersPath({ limit: 2 }), token });
  if (!res.body?.nextCursor) return false;
  try {
    const v = JSON.parse(Buffer.from(res.body.nextCursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && Number.isInteger(v[2]);
  } catch {
    return false;
  }
}

interface Prepared {
  units: BenchUnits;
  searchKv: SearchValue[];
  searchState: SearchValue[];
  memberIds: number[];
  deep: string;
  accounts: BenchAccounts;
  maxId: number;
}

async function prepare(dataset: Dataset): Promise<Prepared> {
  const db = await openBenchDatabase(dataset);
  try {
    const units = await pickUnits(db);
    const maxId = (await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::float8 AS n FROM members'))[0]!
      .n;
    return {
      units,
      searchKv: await pickSearchValues(db, units.kvUnitIds),
      searchState: await pickSearchValues(db, null),
      memberIds: await pickMemberIds(db, units.kvUnitIds, 400),
      deep: await deepCursor(db, units.kvUnitIds, 0.8),
      accounts: await createAccounts(db, { kvCode: units.kvCode, stateCode: units.stateCode }),
      maxId: Number(maxId),
    };
  } finally {
    await db.close();
  }
}

async function latencyPlan(
  o: BenchOptions,
  p: Prepared,
  want: (n: ScenarioName) => boolean,
  api: ApiFacts,
  rows: ResultRow[],
): Promise<PlannedScenario[]> {
  const kv = p.accounts.kv.token;
  const state = p.accounts.state.token;
  // PGlite is WebAssembly: V8 optimises its functions only after many calls, so a fresh PGlite
  // server needs about 200 requests before it runs at its steady speed (an in-process search took
  // 20.9 ms per request over the first 200 and 10.4 ms afterwards). Start-up is measured apart.
  const warmup =
    o.db === 'pglite' && !o.smoke ? 200 : Math.max(2, Math.min(40, Math.round(o.iterations / 10)));
  const scenario = (name: string, requests: PlannedScenario['requests']): PlannedScenario => ({
    name,
    warmup,
    iterations: o.iterations,
    maxSeconds: o.smoke ? 30 : 150,
    requests,
  });
  const plan: PlannedScenario[] = [];
  // What any request costs on this machine at this moment (no database): the floor under the rest.
  if (want('http-floor'))
    plan.push(scenario('http-floor', [{ label: 'healthz', path: '/healthz', token: '' }]));
  if (want('search-kv')) plan.push(scenario('search-kv', searchRequests(p.searchKv, kv)));
  if (want('search-state')) plan.push(scenario('search-state', searchRequests(p.searchState, state)));
  if (want('list-first-page')) {
    plan.push(scenario('list-first-page', [{ label: 'name', path: membersPath({ limit: 50 }), token: kv }]));
  }
  if (want('list-filtered-sorted')) {
    const filter = { status: 'member', ageMin: 30, ageMax: 50, limit: 50 };
    plan.push(
      scenario('list-filtered-sorted', [
        { label: 'by entry date', path: membersPath({ ...filter, sort: '-entryDate' }), token: kv },
        { label: 'by name', path: membersPath({ ...filter, sort: 'name' }), token: kv },
      ]),
    );
  }
  if (want('list-deep-page')) {
    plan.push(
      scenario('list-deep-page', [
        { label: 'at 80 %', path: membersPath({ limit: 50, cursor: p.deep }), token: kv },
      ]),
    );
  }
  if (want('member-detail')) {
    plan.push(
      scenario(
        'member-detail',
        p.memberIds.map((id) => ({ label: 'detail', path: `/api/v1/members/${id}`, token: kv })),
      ),
    );
  }
  const stats = '/api/v1/statistics/members';
  const hasStats = await api.has(`${stats}?unit=${p.units.stateCode}`, state);
  const statsScenarios: [ScenarioName, string, string][] = [
    ['stats-state', `${stats}?unit=${p.units.stateCode}`, state],
    ['stats-kv', `${stats}?unit=${p.units.kvCode}`, kv],
    ['stats-asof', `${stats}?unit=${p.units.stateCode}&asOf=2024-12-31`, state],
  ];
  for (const [name, url, token] of statsScenarios) {
    if (!want(name)) continue;
    if (!hasStats) {
      rows.push(
        skipped(
          name,
          `GET ${stats} is not in the API yet`,
          latencyTargets[name] ? `p95 ≤ ${latencyTargets[name]} ms` : '—',
        ),
      );
    } else plan.push(scenario(name, [{ label: 'stats', path: url, token }]));
  }
  return plan;
}

/** Import, then COPY of the same rows; returns the figures (COPY filled in by the caller on PGlite). */
async function importScenario(
  client: HttpClient,
  p: Prepared,
  o: BenchOptions,
  runId: string,
): Promise<{
  figures: Omit<ImportFigures, 'copySeconds' | 'copyRowsPerSecond' | 'ratio'>;
  people: ReturnType<typeof importPeople>;
}> {
  const people = importPeople(o.importRows);
  const csv = importCsv(people, runId);
  log(`import: ${people.length} rows (${(csv.length / 1e6).toFixed(1)} MB) through POST /api/v1/imports …`);
  const figures = await runImport(client, p.accounts.state.token, csv, log);
  return { figures, people };
}

function importRow(f: ImportFigures): ResultRow {
  const pass = f.ratio >= 0.5;
  return {
    scenario: 'import',
    figure: `${Math.round(f.rowsPerSecond)} rows/s vs COPY ${Math.round(f.copyRowsPerSecond)} rows/s = ${Math.round(f.ratio * 100)} %`,
    target: '≥ 50 % of COPY',
    pass,
    note:
      `${f.rows} rows: ${f.imported} imported, ${f.duplicates} duplicates, ${f.rejected} rejected; ` +
      `job ${round(f.jobSeconds, 1)} s, upload ${round(f.uploadSeconds, 1)} s, start to finish ${round(f.wallSeconds, 1)} s; COPY ${round(f.copySeconds, 2)} s` +
      (f.settledSeconds
        ? `; waited for a quiet database ${round(f.settledSeconds[0], 1)} s before the import, ${round(f.settledSeconds[1], 1)} s before COPY`
        : ''),
    data: { ...f },
  };
}

interface ExportPlan {
  unitCode: string;
  rows: number;
  select: string;
}

async function exportPlan(dataset: Dataset, units: BenchUnits, wanted: number): Promise<ExportPlan> {
  const db = await openBenchDatabase(dataset);
  try {
    // The unit whose members (status member, the export's default) come closest to `wanted`:
    // the whole Land on small data sets, the largest Kreisverband at 1,000,000.
    const candidates = await db.query<{ code: string; path: string; n: number }>(
      `SELECT k.code, k.path, count(m.id)::int AS n
         FROM units k JOIN units u ON u.path LIKE k.path || '%' JOIN members m ON m.unit_id = u.id
        WHERE k.level IN ('state', 'district') AND m.status = 'member' GROUP BY k.code, k.path
        ORDER BY abs(count(m.id) - $1), k.code LIMIT 1`,
      [wanted],
    );
    const c = candidates[0] ?? { code: units.stateCode, path: '/', n: units.totalMembers };
    // The export's default columns, in its order.
    const select = `SELECT m.member_number, m.salutation, m.title, m.first_name, m.last_name, m.street,
        m.house_number, m.postcode, m.city, m.email, m.phone, m.status, u.code AS unit
      FROM members m JOIN units u ON u.id = m.unit_id
      WHERE u.path LIKE '${c.path.replace(/'/g, "''")}%' AND m.status = 'member'
      ORDER BY m.last_name COLLATE german, m.first_name COLLATE german, m.id`;
    return { unitCode: c.code, rows: c.n, select };
  } finally {
    await db.close();
  }
}

interface ExportFigures {
  /** The job (server clock) plus the download. */
  seconds: number;
  jobSeconds: number;
  downloadSeconds: number;
  /** From the request to the last byte, including the queue's pick-up. */
  wallSeconds: number;
  rows: number;
  bytes: number;
  rssGrowthMb: number;
  baseMb: number;
}

interface ExportJobView {
  id: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { message: string } | null;
  export: { rows: number } | null;
  downloadToken?: string;
}

/** POST /exports (a background job), wait for it, download the file; the server's RSS sampled throughout. */
async function exportScenario(
  client: HttpClient,
  server: ServerProcess,
  api: ApiFacts,
  token: string,
  plan: ExportPlan,
): Promise<ExportFigures | string> {
  if (!(await api.has('/api/v1/exports/purposes', token))) return 'no export endpoint in the API yet';
  const purposes = await client.json<{ items: { code: string }[] }>({
    path: '/api/v1/exports/purposes',
    token,
  });
  const purpose = purposes.body.items?.find((p) => p.code === 'data_maintenance') ?? purposes.body.items?.[0];
  if (!purpose) return 'no export purpose configured';
  const base = server.rssKb();
  const sampler = sampleRss(server.pid);
  const started = performance.now();
  try {
    const start = await client.json<ExportJobView>({
      method: 'POST',
      path: '/api/v1/exports',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: plan.unitCode, purpose: purpose.code, format: 'csv' }),
    });
    if (start.status !== 202 || !start.body.downloadToken) {
      return `POST /exports answered ${start.status}: ${JSON.stringify(start.body).slice(0, 200)}`;
    }
    let job = start.body;
    while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await client.json<ExportJobView>({ path: `/api/v1/exports/${job.id}`, token });
      if (res.status !== 200) return `GET /exports/{id} answered ${res.status}`;
      job = res.body;
    }
    if (job.status !== 'completed') return `export ${job.status}: ${job.error?.message ?? ''}`;
    const downloadStarted = performance.now();
    const file = await client.request({
      path: `/api/v1/exports/${job.id}/download?token=${encodeURIComponent(start.body.downloadToken)}`,
      token,
      discardBody: true,
    });
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    if (file.status !== 200) return `download answered ${file.status}`;
    const jobSeconds =
      job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : NaN;
    const { peakKb } = sampler.stop();
    return {
      seconds: jobSeconds + downloadSeconds,
      jobSeconds,
      downloadSeconds,
      wallSeconds: (performance.now() - started) / 1000,
      rows: job.export?.rows ?? plan.rows,
      bytes: file.bytes,
      rssGrowthMb: (peakKb - base) / 1024,
      baseMb: base / 1024,
    };
  } finally {
    sampler.stop();
  }
}

async function runMain(o: BenchOptions, bundle: string, runId: string, rows: ResultRow[]): Promise<string> {
  const want = (n: ScenarioName) => o.only.has(n);
  const dataset = await prepareDataset({
    kind: o.db,
    members: o.members,
    postgresUrl: o.postgresUrl,
    bundle,
    reuse: o.reuse,
    log,
  });
  let datasetText =
    `${o.members.toLocaleString('en')} demo members (seed 1) on ${o.db}` +
    (dataset.buildSeconds !== null ? `, built in ${round(dataset.buildSeconds, 0)} s` : ', reused') +
    (dataset.keySeconds !== null
      ? `; search keys filled afterwards in ${round(dataset.keySeconds, 0)} s`
      : '');
  let server: ServerProcess | null = null;
  let client: HttpClient | null = null;
  const settled = { import: 0, copy: 0 };
  let imported: {
    figures: Awaited<ReturnType<typeof importScenario>>['figures'];
    people: ReturnType<typeof importPeople>;
  } | null = null;
  let p: Prepared | null = null;
  let exported: (ExportFigures & { plan: ExportPlan }) | null = null;
  try {
    p = await prepare(dataset);
    datasetText += `; ${p.units.kvName} (${p.units.kvCode}) with ${p.units.kvMembers.toLocaleString('en')} members`;
    const exportTarget = want('export') ? await exportPlan(dataset, p.units, o.exportRows) : null;

    log(`starting the server (${path.relative(projectRoot, bundle)} serve) on port ${o.port} …`);
    server = await startServer({
      bundle,
      env: dataset.env,
      port: o.port,
      logFile: path.join(out.dir, `server-${runId}.log`),
      ...(o.profile ? { profileDir: path.join(out.dir, `profile-${runId}`) } : {}),
    });
    log(`  ready after ${Math.round(server.readyMillis)} ms`);
    client = createClient(server.baseUrl, 2);
    await checkAccess(client, p.accounts);
    const api = apiFacts(client);
    if (want('list-deep-page') && !(await checkCursorShape(client, p.accounts.kv.token))) {
      throw new Error(
        'the list cursor no longer has the shape [lastName, firstName, id]: update bench/lib/scenarios.ts',
      );
    }

    const plan = await latencyPlan(o, p, want, api, rows);
    if (plan.length > 0) {
      log(`measuring ${plan.length} latency scenarios from a separate load process …`);
      const probe = await cpuProbe(
        server.pid,
        dataset.kind === 'postgres' ? { url: dataset.adminUrl!, name: dataset.name } : null,
      );
      try {
        // One load process per scenario, so that the CPU of server and database can be read between them.
        for (const s of plan) {
          const before = await probe.snapshot();
          const [r] = await runLoad(
            { baseUrl: server.baseUrl, clients: o.clients, scenarios: [s] },
            `${runId}-${s.name}`,
          );
          const used = await probe.since(before);
          const sent = Math.max(1, r!.sent);
          rows.push(
            latencyRow(
              r!.name,
              r!,
              { server: used.server / sent, database: used.database / sent },
              r!.stoppedEarly ? `stopped after ${s.maxSeconds} s` : '',
            ),
          );
        }
      } finally {
        await probe.close();
      }
    }

    if (want('pglite') && o.db === 'pglite') {
      const search = [...results(rows, 'search-kv'), ...results(rows, 'search-state')];
      rows.push(pgliteRow(server.readyMillis, search, o.members));
    }

    if (want('import')) {
      try {
        settled.import = await waitForQuiet(dataset);
        if (settled.import > 0)
          log(`import: the database settled for ${round(settled.import, 1)} s (autovacuum, checkpoint)`);
        imported = await importScenario(client, p, o, runId);
      } catch (error) {
        rows.push(skipped('import', (error as Error).message, '≥ 50 % of COPY'));
      }
    }

    if (want('export') && exportTarget) {
      const e = await exportScenario(client, server, api, p.accounts.state.token, exportTarget);
      if (typeof e === 'string') rows.push(skipped('export', e, '≤ 5 s, RSS growth ≤ 100 MB'));
      else exported = { ...e, plan: exportTarget };
    }
  } finally {
    client?.close();
    if (server) await server.stop();
  }
  if (o.profile) {
    const dir = path.join(out.dir, `profile-${runId}`);
    const summary = summariseProfiles(dir);
    writeFileSync(path.join(dir, 'summary.txt'), summary + '\n');
    log(summary);
  }

  // What needs the database to itself (PGlite has one process per data folder).
  const db = await openBenchDatabase(dataset);
  try {
    if (imported && p) {
      settled.copy = await waitForQuiet(dataset);
      const copySeconds = await copyImportRows(dataset, db, imported.people);
      const copyRowsPerSecond = imported.people.length / copySeconds;
      const f: ImportFigures = {
        ...imported.figures,
        copySeconds,
        copyRowsPerSecond,
        ratio: imported.figures.rowsPerSecond / copyRowsPerSecond,
        settledSeconds: [settled.import, settled.copy],
      };
      rows.push(importRow(f));
      await removeImported(db, p.maxId);
    }
    if (exported) {
      const copySeconds = await copyOut(dataset, db, exported.plan.select);
      rows.push({
        scenario: 'export',
        figure:
          `${round(exported.seconds, 2)} s, RSS +${round(exported.rssGrowthMb, 0)} MB; ` +
          `COPY TO ${round(copySeconds, 2)} s (${round(exported.seconds / copySeconds, 1)}×)`,
        target: '≤ 5 s, RSS growth ≤ 100 MB',
        pass: exported.seconds <= 5 && exported.rssGrowthMb <= 100,
        note:
          `${exported.rows} rows of ${exported.plan.unitCode} as CSV (${round(exported.bytes / 1e6, 1)} MB): ` +
          `job ${round(exported.jobSeconds, 2)} s + download ${round(exported.downloadSeconds, 2)} s ` +
          `(request to last byte ${round(exported.wallSeconds, 2)} s); server RSS before ${round(exported.baseMb, 0)} MB; ` +
          `COPY TO: the same rows and columns as CSV`,
        data: { ...exported, plan: undefined, unitCode: exported.plan.unitCode, copySeconds },
      });
    }
  } finally {
    await db.close();
  }
  if (want('duplicates-scan')) {
    log('duplicates scan (servicestelle duplicates scan) …');
    const csvFile = path.join(out.dir, `duplicates-${runId}.csv`);
    const r = await runCli(bundle, ['duplicates', 'scan', '--out', csvFile], dataset.env, { quiet: true });
    const pairs = /(\d+) possible duplicate pair/.exec(r.stderr)?.[1];
    rows.push(
      r.code === 0
        ? {
            scenario: 'duplicates-scan',
            figure: `${round(r.seconds, 1)} s`,
            target: '≤ 300 s',
            pass: r.seconds <= 300,
            note: `${pairs ?? '?'} pairs; the whole CLI process (start, migrations check, scan, CSV)`,
            data: { seconds: r.seconds, pairs: pairs ? Number(pairs) : null },
          }
        : skipped('duplicates-scan', `exit ${r.code}: ${r.stderr.trim().slice(-300)}`, '≤ 300 s'),
    );
  }
  if (!o.keep) await dropDataset(dataset);
  return datasetText;
}

function results(rows: ResultRow[], name: string): ResultRow[] {
  return rows.filter((r) => r.scenario === name && r.latency);
}

function pgliteRow(readyMillis: number, search: ResultRow[], members: number): ResultRow {
  const p95 = Math.max(...search.map((r) => r.latency!.p95));
  return {
    scenario: 'pglite',
    figure: `search p95 ${round(p95, 1)} ms, start-up ${round(readyMillis / 1000, 2)} s`,
    target: 'search p95 ≤ 100 ms, start-up ≤ 5 s',
    pass: search.length > 0 && p95 <= 100 && readyMillis <= 5000,
    note: `${members.toLocaleString('en')} members; start-up = process start to the first 200 of /readyz; search p95 = the worse of search-kv and search-state`,
    data: { readyMillis, searchP95: p95 },
  };
}

/** The pglite scenario of a PostgreSQL run: its own PGlite data set, start-up and search. */
async function runPgliteScenario(o: BenchOptions, bundle: string, runId: string): Promise<ResultRow[]> {
  const sub: BenchOptions = {
    ...o,
    db: 'pglite',
    members: o.pgliteMembers,
    only: new Set<ScenarioName>(['search-kv', 'search-state', 'pglite']),
    record: false,
  };
  const rows: ResultRow[] = [];
  await runMain(sub, bundle, `${runId}-pglite`, rows);
  return rows.filter((r) => r.scenario === 'pglite');
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const o = parsed;
  if (o.outDir) out.dir = path.resolve(o.outDir);
  mkdirSync(out.dir, { recursive: true });
  if (o.drop) {
    const dataset = datasetFor(o.db, o.members, o.postgresUrl);
    await dropDataset(dataset);
    log(`dropped ${dataset.name}`);
    return;
  }
  const date = new Date();
  const runId = date.toISOString().replace(/[:.]/g, '-');
  const built = o.useDist
    ? {
        bundle: path.join(projectRoot, 'dist/cli/main.js'),
        cleanup: () => undefined,
        commit: gitCommit(true),
      }
    : await buildBundle(o, runId);
  const bundle = built.bundle;
  process.on('exit', built.cleanup);
  const machine = machineFacts(await postgresVersion(o.postgresUrl));
  log(
    `bench: ${o.members.toLocaleString('en')} members on ${o.db}, ${o.clients} clients, ${o.iterations} requests per scenario` +
      `${o.smoke ? ' (smoke)' : ''}; load average ${machine.loadAverageStart.join(' ')}`,
  );
  const rows: ResultRow[] = [];
  const main = scenarioNames.filter((n) => n !== 'pglite' && o.only.has(n));
  let datasetText = '';
  if (main.length > 0 || (o.db === 'pglite' && o.only.has('pglite'))) {
    const only = new Set(o.only);
    if (o.db === 'pglite' && only.has('pglite')) {
      only.add('search-kv');
      only.add('search-state');
    }
    datasetText = await runMain({ ...o, only }, bundle, runId, rows);
  }
  if (o.db === 'postgres' && o.only.has('pglite')) {
    if (main.length > 0) {
      // A kept data set may still be vacuumed after the import: not on PGlite's time.
      const waited = await waitForQuiet(datasetFor('postgres', o.members, o.postgresUrl)).catch(() => 0);
      if (waited > 0) log(`pglite: PostgreSQL settled for ${round(waited, 1)} s first`);
    }
    log(`pglite scenario: ${o.pgliteMembers.toLocaleString('en')} members in PGlite …`);
    rows.push(...(await runPgliteScenario(o, bundle, runId)));
  }
  machine.loadAverageEnd = loadavg().map((n) => round(n, 2));

  const order = (r: ResultRow) => scenarioNames.indexOf(r.scenario as ScenarioName);
  rows.sort((a, b) => order(a) - order(b));
  const header = {
    date: date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    // The commit the bundle was built from (HEAD may move while a long run is going on).
    commit: built.commit,
    db: o.db,
    members: o.members,
    smoke: o.smoke,
    machine,
    dataset: datasetText || '—',
    note: o.note,
  };
  process.stdout.write(`\n${textTable(rows)}\n`);
  const jsonFile = path.join(out.dir, `bench-${o.db}-${o.members}-${runId}.json`);
  writeFileSync(jsonFile, JSON.stringify({ ...header, options: { ...o, only: [...o.only] }, rows }, null, 2));
  log(`\nfigures: ${path.relative(projectRoot, jsonFile)}`);
  if (o.record) {
    appendFileSync(path.join(benchRoot, 'results.md'), `\n${markdownSection(header, rows)}`);
    log('appended to bench/results.md');
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
