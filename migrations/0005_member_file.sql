CREATE TABLE "member_catalogue_entries" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"level" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "member_catalogue_entries_kind_code_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "member_associations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_associations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"association_code" text NOT NULL,
	"since" date NOT NULL,
	"until" date
);
--> statement-breakpoint
CREATE TABLE "member_consents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"granted_on" date NOT NULL,
	"source" text NOT NULL,
	"withdrawn_on" date,
	"withdrawal_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_consents_channel_check" CHECK ("member_consents"."channel" in ('email', 'phone', 'post'))
);
--> statement-breakpoint
CREATE TABLE "member_functions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_functions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"function_code" text NOT NULL,
	"unit_id" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_mandates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_mandates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"mandate_code" text NOT NULL,
	"body" text,
	"constituency" text,
	"unit_id" integer,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_merges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_merges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kept_id" bigint NOT NULL,
	"retired_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_name_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"phonetic" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_transfers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" bigint NOT NULL,
	"member_number" text,
	"member_name" text NOT NULL,
	"from_unit_id" integer NOT NULL,
	"to_unit_id" integer NOT NULL,
	"cross_district" boolean NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text,
	"actor_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_member_lists" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_member_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"owner_user_id" integer NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"shared_unit_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"member_id" bigint,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_user_id" integer
);
--> statement-breakpoint
ALTER TABLE "member_status_history" ADD COLUMN "transition" text;--> statement-breakpoint
ALTER TABLE "member_status_history" ADD COLUMN "actor_user_id" integer;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "residence_ags" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "residence_exception" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_keys" text[];--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "last_name_key" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "first_name_key" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "address_key" text;--> statement-breakpoint
ALTER TABLE "member_associations" ADD CONSTRAINT "member_associations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_consents" ADD CONSTRAINT "member_consents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_functions" ADD CONSTRAINT "member_functions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_functions" ADD CONSTRAINT "member_functions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_mandates" ADD CONSTRAINT "member_mandates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_mandates" ADD CONSTRAINT "member_mandates_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_from_unit_id_units_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_to_unit_id_units_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_member_lists" ADD CONSTRAINT "saved_member_lists_shared_unit_id_units_id_fk" FOREIGN KEY ("shared_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_associations_member_idx" ON "member_associations" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_associations_code_idx" ON "member_associations" USING btree ("association_code");--> statement-breakpoint
CREATE INDEX "member_consents_member_idx" ON "member_consents" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_functions_member_idx" ON "member_functions" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_functions_code_idx" ON "member_functions" USING btree ("function_code","unit_id");--> statement-breakpoint
CREATE INDEX "member_mandates_member_idx" ON "member_mandates" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_mandates_code_idx" ON "member_mandates" USING btree ("mandate_code");--> statement-breakpoint
CREATE INDEX "member_mandates_unit_idx" ON "member_mandates" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "member_merges_kept_idx" ON "member_merges" USING btree ("kept_id");--> statement-breakpoint
CREATE INDEX "member_merges_retired_idx" ON "member_merges" USING btree ("retired_id");--> statement-breakpoint
CREATE INDEX "member_name_terms_phonetic_idx" ON "member_name_terms" USING btree ("phonetic");--> statement-breakpoint
CREATE INDEX "member_name_terms_prefix_idx" ON "member_name_terms" USING btree ("term" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "member_name_terms_trgm_idx" ON "member_name_terms" USING gin ("term" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "member_transfers_member_idx" ON "member_transfers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_transfers_from_idx" ON "member_transfers" USING btree ("from_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "member_transfers_to_idx" ON "member_transfers" USING btree ("to_unit_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_member_lists_owner_name_idx" ON "saved_member_lists" USING btree ("owner_user_id","name");--> statement-breakpoint
CREATE INDEX "notifications_unit_idx" ON "notifications" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "member_status_history_unit_range_idx" ON "member_status_history" USING btree ("unit_id","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "members_name_keys_idx" ON "members" USING gin ("name_keys");--> statement-breakpoint
CREATE INDEX "members_unit_sort_idx" ON "members" USING btree ("unit_id","last_name" COLLATE german,"first_name" COLLATE german,"id");--> statement-breakpoint
CREATE INDEX "members_sort_idx" ON "members" USING btree ("last_name" COLLATE german,"first_name" COLLATE german,"id");--> statement-breakpoint
CREATE INDEX "members_dup_name_idx" ON "members" USING btree ("last_name_key","birthdate");--> statement-breakpoint
CREATE INDEX "members_address_key_idx" ON "members" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "members_postcode_idx" ON "members" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "members_city_idx" ON "members" USING btree (lower("city"));