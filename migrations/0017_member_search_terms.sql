CREATE TABLE "member_search_terms" (
	"term" text NOT NULL,
	"member_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text NOT NULL,
	"last_name" text NOT NULL,
	"first_name" text NOT NULL,
	CONSTRAINT "member_search_terms_member_id_term_pk" PRIMARY KEY("member_id","term")
);
--> statement-breakpoint
DROP INDEX "members_name_keys_idx";--> statement-breakpoint
CREATE INDEX "member_search_terms_lookup_idx" ON "member_search_terms" USING btree ("term","unit_id","status","last_name","first_name","member_id");--> statement-breakpoint
CREATE INDEX "member_search_terms_order_idx" ON "member_search_terms" USING btree ("term","last_name" COLLATE german,"first_name" COLLATE german,"member_id","unit_id","status");
--> statement-breakpoint
-- The member search reads a term table instead of the members' GIN index (bench finding F14,
-- docs/adr/0035-search-term-table.md). One row per member and folded name term carries the
-- unit (scope), the status (filter) and the names (German order), so that the page of a search
-- and its exact total are index-only scans of member_search_terms_lookup_idx: no member row is
-- read until the page's ids are known. Before, a state-wide "Müller" visited every holder's member
-- row twice, once for the page and once for the count (about 120 + 300 ms at 1,000,000 members).
--
-- Statement-level triggers on members keep the table in step with name_keys, unit, status and
-- names; a bulk insert (import batch, demo load) adds its terms in one statement. Only the
-- owner's SECURITY DEFINER functions read or write the table: the application role has no
-- privilege on it, and row-level security without a policy shuts out every other role too.
REVOKE ALL ON member_search_terms FROM servicestelle_app;
--> statement-breakpoint
ALTER TABLE member_search_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO member_search_terms (term, member_id, unit_id, status, last_name, first_name)
  SELECT k.term, m.id, m.unit_id, m.status, m.last_name, m.first_name
    FROM members m CROSS JOIN LATERAL (SELECT DISTINCT unnest(m.name_keys) AS term) k
   WHERE k.term IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_terms_sync() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_search_terms (term, member_id, unit_id, status, last_name, first_name)
      SELECT k.term, n.id, n.unit_id, n.status, n.last_name, n.first_name
        FROM new_rows n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.name_keys) AS term) k
       WHERE k.term IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only members whose terms, unit, status or names changed: an address edit writes nothing here.
    DELETE FROM member_search_terms t USING new_rows n JOIN old_rows o ON o.id = n.id
     WHERE t.member_id = n.id
       AND (n.name_keys IS DISTINCT FROM o.name_keys OR n.unit_id IS DISTINCT FROM o.unit_id
            OR n.status IS DISTINCT FROM o.status OR n.last_name IS DISTINCT FROM o.last_name
            OR n.first_name IS DISTINCT FROM o.first_name);
    INSERT INTO member_search_terms (term, member_id, unit_id, status, last_name, first_name)
      SELECT k.term, n.id, n.unit_id, n.status, n.last_name, n.first_name
        FROM new_rows n JOIN old_rows o ON o.id = n.id
             CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.name_keys) AS term) k
       WHERE k.term IS NOT NULL
         AND (n.name_keys IS DISTINCT FROM o.name_keys OR n.unit_id IS DISTINCT FROM o.unit_id
              OR n.status IS DISTINCT FROM o.status OR n.last_name IS DISTINCT FROM o.last_name
              OR n.first_name IS DISTINCT FROM o.first_name);
  ELSE
    DELETE FROM member_search_terms t USING old_rows o WHERE t.member_id = o.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_terms_sync() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER member_search_terms_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_terms_sync();
--> statement-breakpoint
CREATE TRIGGER member_search_terms_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_terms_sync();
--> statement-breakpoint
CREATE TRIGGER member_search_terms_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_search_terms_sync();
--> statement-breakpoint
-- The query text for one search; $1 scope, $2 statuses, $3 ids to skip, $4 limit, $5 field value,
-- $6..$10 the term sets (one per query word). Name searches read member_search_terms only: the
-- first word's terms drive, every further word is a semi-join on the same table. p_units says
-- how the scope is applied to the term rows: 'all' (the scope is every unit: no condition),
-- 'index' (an index condition: on PostgreSQL before 17 the scan descends once per term and unit,
-- fine for a Kreisverband's few units) or 'filter' (a hashed filter on the index-only scan of the
-- terms: for a state office's 450 units times 40 terms, which would be 18,000 descents).
-- A member may hold several terms of one word (Maria Meyer: both sound like "Meyer"), so a name
-- search can return a member more than once; the callers below remove the repeats.
DROP FUNCTION IF EXISTS member_search_sql(integer, text, boolean, boolean);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_sql(p_words integer, p_field text, p_statuses boolean, p_exclude boolean,
                                             p_units text, p_per_term boolean DEFAULT false)
  RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  q text;
BEGIN
  IF p_field IS NOT NULL THEN
    q := 'SELECT m.id, m.last_name, m.first_name FROM members m WHERE m.unit_id = ANY ($1) AND ' || CASE p_field
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
    IF p_statuses THEN
      q := q || ' AND m.status = ANY ($2)';
    END IF;
    IF p_exclude THEN
      q := q || ' AND m.id <> ALL ($3)';
    END IF;
    RETURN q;
  END IF;
  IF p_words IS NULL OR p_words < 1 OR p_words > 5 THEN
    RAISE EXCEPTION 'member search takes 1 to 5 term sets, got %', p_words USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- p_per_term: the first word's condition is on w.term, one term of $6 that the caller joins.
  q := 'SELECT t.member_id AS id, t.last_name, t.first_name FROM member_search_terms t WHERE '
    || CASE WHEN p_per_term THEN 't.term = w.term' ELSE 't.term = ANY ($6)' END
    || member_search_unit_condition('t', p_units);
  IF p_statuses THEN
    q := q || ' AND t.status = ANY ($2)';
  END IF;
  IF p_exclude THEN
    q := q || ' AND t.member_id <> ALL ($3)';
  END IF;
  FOR i IN 2..p_words LOOP
    q := q || format(' AND t.member_id IN (SELECT t%1$s.member_id FROM member_search_terms t%1$s WHERE t%1$s.term = ANY ($%2$s)%3$s)',
                     i, i + 5, member_search_unit_condition('t' || i, p_units));
  END LOOP;
  RETURN q;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_sql(integer, text, boolean, boolean, text, boolean) FROM PUBLIC;
--> statement-breakpoint
-- How a name search applies the scope (see member_search_sql): 'all' when the scope is every unit
-- (withScope() sets app.read_all then, the setting the read policies trust as well) and no unit
-- filter narrows it; 'index' for a Kreisverband's few units (at most 64, and at most 4,000 pairs of
-- unit and term): the scan reads only the scope's holders of each term; otherwise 'filter': each
-- term's first holders in German order, skipping those outside the scope, which for a wide scope
-- are few.
CREATE OR REPLACE FUNCTION member_search_unit_mode(p_units integer[], p_scope integer[], p_terms jsonb)
  RETURNS text LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN p_units IS NULL AND coalesce(current_setting('app.read_all', true), '') = 'on' THEN 'all'
    WHEN cardinality(p_scope) <= 64
      AND cardinality(p_scope) * coalesce((SELECT max(jsonb_array_length(w)) FROM jsonb_array_elements(p_terms) w), 1) <= 4000
      THEN 'index'
    ELSE 'filter'
  END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_unit_mode(integer[], integer[], jsonb) FROM PUBLIC;
--> statement-breakpoint
-- The scope condition on one alias of member_search_terms. "+ 0" keeps it out of the index
-- condition, so that it is a hashed filter.
CREATE OR REPLACE FUNCTION member_search_unit_condition(p_alias text, p_mode text)
  RETURNS text LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT CASE p_mode
    WHEN 'all' THEN ''
    WHEN 'index' THEN format(' AND %s.unit_id = ANY ($1)', p_alias)
    ELSE format(' AND %s.unit_id + 0 = ANY ($1)', p_alias)
  END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_unit_condition(text, text) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_ids(p_terms jsonb, p_field text, p_value text, p_units integer[],
                                             p_statuses text[], p_exclude bigint[], p_limit integer)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  scope integer[] := member_search_scope_units(p_units);
  mode text;
  q text;
  raw_rows integer;
  ids bigint[];
  fetch_rows integer;
BEGIN
  IF cardinality(scope) = 0 OR p_limit IS NULL OR p_limit < 1 THEN
    RETURN;
  END IF;
  IF p_field IS NOT NULL THEN
    q := member_search_sql(NULL, p_field, p_statuses IS NOT NULL, cardinality(p_exclude) > 0, 'index');
    RETURN QUERY EXECUTE 'WITH c AS MATERIALIZED (' || q || ') SELECT c.id FROM c'
        || ' ORDER BY c.last_name COLLATE german, c.first_name COLLATE german, c.id LIMIT $4'
      USING scope, p_statuses, p_exclude, p_limit, p_value;
    RETURN;
  END IF;
  mode := member_search_unit_mode(p_units, scope, p_terms);
  q := member_search_sql(jsonb_array_length(p_terms), NULL, p_statuses IS NOT NULL, cardinality(p_exclude) > 0,
                         mode, mode <> 'index');
  IF mode <> 'index' THEN
    -- A wide scope: each term's first holders in German order from member_search_terms_order_idx,
    -- instead of sorting every holder of a common name.
    q := 'SELECT x.id, x.last_name, x.first_name FROM unnest($6) AS w(term) CROSS JOIN LATERAL ('
      || q || ' ORDER BY t.last_name COLLATE german, t.first_name COLLATE german, t.member_id LIMIT $11) x';
  END IF;
  -- The first rows in German order (a top-N sort, no hash of every match), then without repeats;
  -- a member's repeats sort next to each other. Too few left after removing repeats: fetch more.
  fetch_rows := p_limit + 16;
  LOOP
    EXECUTE 'WITH c AS MATERIALIZED (SELECT * FROM (' || q || ') i'
        || ' ORDER BY i.last_name COLLATE german, i.first_name COLLATE german, i.id LIMIT $11)'
        || ' SELECT (SELECT count(*) FROM c)::integer, ARRAY(SELECT DISTINCT ON (c.last_name COLLATE german,'
        || ' c.first_name COLLATE german, c.id) c.id FROM c'
        || ' ORDER BY c.last_name COLLATE german, c.first_name COLLATE german, c.id LIMIT $4)'
      INTO raw_rows, ids
      USING scope, p_statuses, p_exclude, p_limit, p_value,
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 0)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 1)),
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 2)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 3)),
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 4)), fetch_rows;
    EXIT WHEN raw_rows < fetch_rows OR cardinality(ids) >= p_limit;
    fetch_rows := fetch_rows * 4;
  END LOOP;
  RETURN QUERY SELECT unnest(ids);
END
$$;
--> statement-breakpoint
-- How many members match, in the caller's scope; with p_cap at most p_cap + 1 ("more than p_cap"):
-- a search result page shows the best matches, and its total need not visit every holder of a
-- common name (a state-wide count of 30,000 "Müller" is most of a search's time).
DROP FUNCTION IF EXISTS member_search_count(jsonb, text, text, integer[], text[]);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_count(p_terms jsonb, p_field text, p_value text, p_units integer[],
                                               p_statuses text[], p_cap integer DEFAULT NULL)
  RETURNS integer LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  scope integer[] := member_search_scope_units(p_units);
  q text;
  n integer;
  raw_rows integer;
  fetch_rows integer;
BEGIN
  IF cardinality(scope) = 0 THEN
    RETURN 0;
  END IF;
  q := member_search_sql(CASE WHEN p_field IS NULL THEN jsonb_array_length(p_terms) END, p_field,
                         p_statuses IS NOT NULL, false,
                         CASE WHEN p_field IS NULL THEN member_search_unit_mode(p_units, scope, p_terms) ELSE 'index' END);
  -- Rows, not members: a member may match with several terms. Too few members among the rows
  -- read: read more.
  fetch_rows := CASE WHEN p_cap IS NULL THEN NULL ELSE (p_cap + 1) * 2 END;
  LOOP
    EXECUTE 'SELECT count(*)::integer, count(DISTINCT c.id)::integer FROM (' || q || ' LIMIT $11) c'
      INTO raw_rows, n
      USING scope, p_statuses, NULL::bigint[], NULL::integer, p_value,
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 0)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 1)),
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 2)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 3)),
        ARRAY(SELECT jsonb_array_elements_text(p_terms -> 4)), fetch_rows;
    EXIT WHEN fetch_rows IS NULL OR raw_rows < fetch_rows OR n > p_cap;
    fetch_rows := fetch_rows * 4;
  END LOOP;
  RETURN CASE WHEN p_cap IS NULL THEN n ELSE least(n, p_cap + 1) END;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_count(jsonb, text, text, integer[], text[], integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_search_count(jsonb, text, text, integer[], text[], integer) TO servicestelle_app;
--> statement-breakpoint
-- Dictionary terms for one query word: exact (0), prefix (1), same Kölner code (2), similar (3).
-- A function so that each connection plans the four lookups once: as a statement of its own the
-- query cost more to parse and plan (about 3 ms) than to run (0.5 ms).
CREATE OR REPLACE FUNCTION member_match_terms(p_word text, p_phonetic text, p_prefix boolean, p_fuzzy boolean)
  RETURNS TABLE (term text, stage integer) LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY
    SELECT t.term, min(t.stage)::integer FROM (
        SELECT n.term, 0 AS stage FROM member_name_terms n WHERE n.term = p_word
        UNION ALL
        (SELECT n.term, 1 FROM member_name_terms n WHERE p_prefix AND n.term LIKE p_word || '%' ORDER BY n.term LIMIT 100)
        UNION ALL
        (SELECT n.term, 2 FROM member_name_terms n WHERE p_phonetic <> '' AND n.phonetic = p_phonetic LIMIT 200)
        UNION ALL
        (SELECT n.term, 3 FROM member_name_terms n WHERE p_fuzzy AND n.term % p_word
          ORDER BY similarity(n.term, p_word) DESC LIMIT 20)
      ) t GROUP BY t.term;
END
$$;
