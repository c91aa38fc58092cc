// Every module's tables, gathered for Drizzle's typed queries and for drizzle-kit.
// Modules own their tables; this file only lists them.
export * from '@/server/modules/org-units/org-units.tables';
export * from '@/server/modules/members/members.tables';
export * from '@/server/platform/audit.tables';
export * from '@/server/modules/access/access.tables';
export * from '@/server/platform/jobs.tables';
export * from '@/server/modules/tasks/tasks.tables';
export * from '@/server/modules/imports/imports.tables';
export * from '@/server/modules/exports/exports.tables';
export * from '@/server/modules/delegates/delegates.tables';
