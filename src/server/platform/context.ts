import type { Database } from '@/server/db/database';
import type { Logger } from '@/server/platform/logger';
import type { Actor } from '@/server/platform/scope';

/** What a service call needs to know about who asks and where to work. */
export interface ServiceContext {
  database: Database;
  log: Logger;
  /**
   * The signed-in account or API token with its grants and scope, or null for anonymous callers
   * (filled in by the access module's request hook). Pass it to withScope() for member data.
   */
  actor: Actor | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every request by app.ts before any route runs. */
    ctx: ServiceContext;
  }
}
