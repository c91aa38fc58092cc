CREATE TABLE "export_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"format" text NOT NULL,
	"filter" jsonb NOT NULL,
	"file_name" text NOT NULL,
	"rows" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "export_files_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE INDEX "export_files_expires_idx" ON "export_files" USING btree ("expires_at");