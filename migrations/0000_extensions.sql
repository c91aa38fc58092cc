-- Extensions and the German collation that the member file relies on.
-- Each ships with PostgreSQL's contrib package (PostgreSQL 15 and later) and with PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- German order for names: Ä beside A, ß as ss (PGlite's default order is bytewise).
CREATE COLLATION IF NOT EXISTS german (provider = icu, locale = 'de-DE');
