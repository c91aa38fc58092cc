-- A server that logs in as a role that is only a member of servicestelle_app (docs/security.md)
-- must see whether every migration is applied (start-up and /readyz); it may not apply any.
GRANT USAGE ON SCHEMA drizzle TO servicestelle_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO servicestelle_app;
