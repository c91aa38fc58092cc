// Import boundaries of the code base (docs: CONVENTIONS.md "Modules own their tables").
// `npm run boundaries` fails on any violation. Paths are relative to the folder depcruise runs in,
// so the same rules also check the fixture tree in test/fixtures/boundaries.

const MODULES = '^src/server/modules/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-other-module-repository',
      severity: 'error',
      comment:
        "A module must not use another module's repository: call that module's service instead " +
        '(routes -> service -> repository, and SQL stays inside its module).',
      from: { path: `${MODULES}([^/]+)/` },
      to: { path: `${MODULES}[^/]+/[^/]+[.]repository[.]ts$`, pathNot: `${MODULES}$1/` },
    },
    {
      name: 'no-other-module-tables',
      severity: 'error',
      comment:
        "A module must not read another module's tables; call its service. Only a *.tables.ts file " +
        "may reference another module's tables (Drizzle foreign keys).",
      from: { path: `${MODULES}([^/]+)/`, pathNot: '[.]tables[.]ts$' },
      to: { path: `${MODULES}[^/]+/[^/]+[.]tables[.]ts$`, pathNot: `${MODULES}$1/` },
    },
    {
      name: 'no-other-module-routes',
      severity: 'error',
      comment: "Routes are wired in src/server/app.ts only; a module never imports another module's routes.",
      from: { path: `${MODULES}([^/]+)/` },
      to: { path: `${MODULES}[^/]+/[^/]+[.]routes[.]ts$`, pathNot: `${MODULES}$1/` },
    },
    {
      name: 'module-internals-stay-inside',
      severity: 'error',
      comment:
        'Code outside the modules (CLI, platform, app assembly) uses services, not repositories or ' +
        'tables. src/server/db/schema.ts is the one file that gathers every *.tables.ts.',
      from: { path: '^src/', pathNot: [`${MODULES}`, '^src/server/db/schema[.]ts$'] },
      to: { path: `${MODULES}[^/]+/[^/]+[.](repository|tables)[.]ts$` },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment: 'src/server/platform is what every module uses; it must not depend on any module.',
      from: { path: '^src/server/platform/' },
      to: { path: MODULES },
    },
    {
      name: 'web-only-contracts',
      severity: 'error',
      comment:
        'The web app talks to the server over HTTP only: it imports src/contracts and src/web, ' +
        'never src/server or src/cli.',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/(web|contracts)/' },
    },
    {
      name: 'contracts-stand-alone',
      severity: 'error',
      comment: 'src/contracts is shared by server, web and CLI and imports none of them.',
      from: { path: '^src/contracts/' },
      to: { path: '^src/', pathNot: '^src/contracts/' },
    },
    {
      name: 'repository-below-service',
      severity: 'error',
      comment: 'Imports flow routes -> service -> repository: a repository imports no service or routes.',
      from: { path: '[.]repository[.]ts$' },
      to: { path: '[.](service|routes)[.]ts$' },
    },
    {
      name: 'service-below-routes',
      severity: 'error',
      comment: 'Imports flow routes -> service -> repository: a service imports no routes.',
      from: { path: '[.]service[.]ts$' },
      to: { path: '[.]routes[.]ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make start-up order fragile and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import must resolve (also the @/ alias, through tsconfig.json paths).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
    // Type-only imports count: a type import across a boundary couples just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
