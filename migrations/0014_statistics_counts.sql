CREATE TABLE "statistics_counts" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text NOT NULL,
	"gender" text,
	"age_band" integer,
	"n" integer NOT NULL,
	"age_sum" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_days" (
	"as_of" date PRIMARY KEY NOT NULL,
	"age_bands" integer[] NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_dirty" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "statistics_dirty_as_of_unit_id_pk" PRIMARY KEY("as_of","unit_id")
);
--> statement-breakpoint
CREATE INDEX "statistics_counts_day_unit_idx" ON "statistics_counts" USING btree ("as_of","unit_id");