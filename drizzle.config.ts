import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the modules' *.tables.ts files with `npm run db:generate`,
// committed, and never edited after they land.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/server/modules/*/*.tables.ts', './src/server/platform/*.tables.ts'],
  out: './migrations',
});
