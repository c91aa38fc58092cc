-- E-mail lookups that row-level security does not turn into a scan of the caller's whole scope
-- (bench finding F13). Under the members policy only leakproof operators can be index conditions,
-- and lower() is not: the duplicate check on every create and edit, and the importer's duplicate
-- lookup per batch, read every visible member to compare e-mails (at 100,000 members 125 of 180 ms
-- of an import batch's lookup). Every writer stores e-mails in lower case (emailSchema,
-- normaliseEmail), so a plain index on email serves the same lookups with text equality.
UPDATE members SET email = lower(btrim(email)) WHERE email IS NOT NULL AND email <> lower(btrim(email));
--> statement-breakpoint
DROP INDEX "members_email_idx";--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree ("email");
--> statement-breakpoint
-- The search function compares the stored (lower-case) e-mail directly, for the new index.
CREATE OR REPLACE FUNCTION member_search_sql(p_words integer, p_field text, p_statuses boolean, p_exclude boolean)
  RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  q text := 'SELECT m.id, m.last_name, m.first_name FROM members m WHERE m.unit_id = ANY ($1)';
BEGIN
  IF p_field IS NOT NULL THEN
    q := q || ' AND ' || CASE p_field
      WHEN 'member_number' THEN 'm.member_number = $5'
      WHEN 'member_number_prefix' THEN 'm.member_number LIKE $5 || ''_'''
      WHEN 'email' THEN 'm.email = $5'
      WHEN 'phone' THEN 'm.phone = $5'
      WHEN 'postcode' THEN 'm.postcode = $5'
      WHEN 'city' THEN 'lower(m.city) = $5'
    END;
    IF q IS NULL THEN
      RAISE EXCEPTION 'unknown member search field %', p_field USING ERRCODE = 'invalid_parameter_value';
    END IF;
  ELSIF p_words IS NULL OR p_words < 1 OR p_words > 5 THEN
    RAISE EXCEPTION 'member search takes 1 to 5 term sets, got %', p_words USING ERRCODE = 'invalid_parameter_value';
  ELSE
    FOR i IN 1..p_words LOOP
      q := q || format(' AND m.name_keys && $%s', i + 5);
    END LOOP;
  END IF;
  IF p_statuses THEN
    q := q || ' AND m.status = ANY ($2)';
  END IF;
  IF p_exclude THEN
    q := q || ' AND m.id <> ALL ($3)';
  END IF;
  RETURN q;
END
$$;
