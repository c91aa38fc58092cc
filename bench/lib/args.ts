/** Command-line options of `npm run bench`. */

export const scenarioNames = [
  'http-floor',
  'search-kv',
  'search-state',
  'list-first-page',
  'list-filtered-sorted',
  'list-deep-page',
  'member-detail',
  'stats-state',
  'stats-kv',
  'stats-asof',
  'import',
  'export',
  'duplicates-scan',
  'pglite',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface BenchOptions {
  members: number;
  db: 'pglite' | 'postgres';
  only: Set<ScenarioName>;
  /** Keep the database / data folder afterwards. */
  keep: boolean;
  /** Use an existing data set of the same size when there is one (and keep it). */
  reuse: boolean;
  /** Few requests per scenario: proves the benchmark works, measures nothing. */
  smoke: boolean;
  iterations: number;
  clients: number;
  port: number;
  /** Append the figures to bench/results.md. */
  record: boolean;
  note: string;
  pgliteMembers: number;
  importRows: number;
  exportRows: number;
  /** PostgreSQL server (without database name) on which the benchmark database is created. */
  postgresUrl: string;
  /** Use dist/cli/main.js as built by `npm run build` instead of building a bundle of its own. */
  useDist: boolean;
  /** Folder for the bundle, data folders, logs and figures (default bench/out). */
  outDir: string | null;
  /** Drop a kept data set of this size and exit. */
  drop: boolean;
  /** Record a V8 CPU profile of the server and print where its CPU went. */
  profile: boolean;
  /** Measure the working tree instead of the committed HEAD. */
  workingTree: boolean;
}

export const usage = `npm run bench -- [options]
  --members N          members in the data set (default 100000)
  --db pglite|postgres the database (default postgres)
  --only A,B           only these scenarios: ${scenarioNames.join(', ')}
  --keep               keep the database / data folder afterwards
  --reuse              reuse a kept data set of the same size (implies --keep)
  --smoke              a few requests per scenario: proves the harness works, measures nothing
  --iterations N       measured requests per latency scenario (default 400, smoke 8)
  --clients N          concurrent clients (default 4)
  --port N             server port (default 3207)
  --pglite-members N   members for the pglite scenario of a PostgreSQL run (default 100000)
  --import-rows N      rows of the import file (default members/10, 1000..100000)
  --export-rows N      rows to export (default 100000, at most the file)
  --postgres URL       PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
  --working-tree       measure the files as they are, not the committed HEAD (the default)
  --dist               run dist/cli/main.js (npm run build) instead of building a bundle
  --out DIR            folder for the bundle, data folders, logs and figures (default bench/out)
  --drop               drop the kept data set of --members/--db and exit
  --profile            record a CPU profile of the server (bench/out/profile-*) and print its top functions
  --record             append the figures to bench/results.md
  --note TEXT          what changed, for the results table`;

function count(name: string, value: string | undefined, min = 0): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) {
    throw new Error(`${name} expects a whole number of at least ${min}`);
  }
  return Number(value);
}

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  const o: BenchOptions = {
    members: 100_000,
    db: 'postgres',
    only: new Set(scenarioNames),
    keep: false,
    reuse: false,
    smoke: false,
    iterations: 0,
    clients: 4,
    port: 3207,
    record: false,
    note: '',
    pgliteMembers: 100_000,
    importRows: 0,
    exportRows: 100_000,
    postgresUrl: 'postgres://postgres@127.0.0.1:5432',
    useDist: false,
    outDir: null,
    drop: false,
    profile: false,
    workingTree: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--members':
        o.members = count(arg, value(), 100);
        break;
      case '--db': {
        const v = value();
        if (v !== 'pglite' && v !== 'postgres') throw new Error('--db expects pglite or postgres');
        o.db = v;
        break;
      }
      case '--only': {
        const names = value().split(',');
        for (const n of names) {
          if (!(scenarioNames as readonly string[]).includes(n)) {
            throw new Error(`--only: unknown scenario ${n} (known: ${scenarioNames.join(', ')})`);
          }
        }
        o.only = new Set(names as ScenarioName[]);
        break;
      }
      case '--keep':
        o.keep = true;
        break;
      case '--reuse':
        o.reuse = true;
        o.keep = true;
        break;
      case '--smoke':
        o.smoke = true;
        break;
      case '--iterations':
        o.iterations = count(arg, value(), 1);
        break;
      case '--clients':
        o.clients = count(arg, value(), 1);
        break;
      case '--port':
        o.port = count(arg, value(), 1);
        break;
      case '--pglite-members':
        o.pgliteMembers = count(arg, value(), 100);
        break;
      case '--import-rows':
        o.importRows = count(arg, value(), 10);
        break;
      case '--export-rows':
        o.exportRows = count(arg, value(), 10);
        break;
      case '--postgres':
        o.postgresUrl = value().replace(/\/+$/, '');
        break;
      case '--dist':
        o.useDist = true;
        break;
      case '--out':
        o.outDir = value();
        break;
      case '--drop':
        o.drop = true;
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--working-tree':
        o.workingTree = true;
        break;
      case '--record':
        o.record = true;
        break;
      case '--note':
        o.note = value();
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (o.iterations === 0) o.iterations = o.smoke ? 8 : 400;
  if (o.importRows === 0) o.importRows = Math.min(100_000, Math.max(1000, Math.round(o.members / 10)));
  return o;
}
