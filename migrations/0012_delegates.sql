CREATE TABLE "delegate_allocations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delegate_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"level" text NOT NULL,
	"parent_code" text NOT NULL,
	"seats" integer NOT NULL,
	"method" text NOT NULL,
	"cutoff" date NOT NULL,
	"minimum_seats" integer DEFAULT 0 NOT NULL,
	"basic_seats" integer DEFAULT 0 NOT NULL,
	"seed" bigint NOT NULL,
	"counts" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
