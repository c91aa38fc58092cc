CREATE TABLE "import_mappings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_mappings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"file_id" text NOT NULL,
	"row_index" integer NOT NULL,
	"line" integer NOT NULL,
	"outcome" text NOT NULL,
	"member_id" bigint,
	"duplicate_of_line" integer,
	"issues" jsonb,
	"job_id" uuid,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_rows_file_id_row_index_pk" PRIMARY KEY("file_id","row_index"),
	CONSTRAINT "import_rows_outcome_check" CHECK ("import_rows"."outcome" IN ('imported', 'rejected', 'duplicate'))
);
--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_rows_member_idx" ON "import_rows" USING btree ("member_id");--> statement-breakpoint
-- Import rows quote the file's values (personal data): an account sees the rows of its own
-- imports only. The operator's CLI works on the owner connection and is not bound by this.
ALTER TABLE import_rows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_rows_own ON import_rows FOR ALL TO servicestelle_app
  USING (created_by = (SELECT NULLIF(current_setting('app.user_id', true), ''))::int)
  WITH CHECK (created_by = (SELECT NULLIF(current_setting('app.user_id', true), ''))::int);
