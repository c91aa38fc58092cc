-- The member search through SECURITY DEFINER functions that apply the caller's read scope
-- themselves (docs/adr/0031-search-under-row-level-security.md).
--
-- Under row-level security PostgreSQL runs a query's own conditions after the policy, and so
-- never as an index condition, unless they are leakproof. `name_keys && …` (GIN), `lower(email) = …`,
-- `lower(city) = …` and LIKE are not: every name search read the caller's whole scope through the
-- unit index and filtered it. These functions find the candidate ids with the search indexes,
-- restricted to app.read_units of the same transaction (the setting the policies read), so they
-- cannot return an id outside the caller's scope, whoever calls them; with no scope set (the
-- owner connection, PGlite's superuser) they return nothing. The caller then reads the rows by
-- primary key from members, where the policy checks every row again.
--
-- EXECUTE … USING plans each call with its values: the scope array is a constant to the planner
-- (a hashed `= ANY`, real estimates). The candidates are materialised before the German sort so
-- that the planner cannot walk the whole name index hoping to meet the matches early.

-- The query text for one search; $1 scope, $2 statuses, $3 ids to skip, $4 limit, $5 field value,
-- $6..$10 the term sets (one per query word). Builds text only; reads nothing.
CREATE OR REPLACE FUNCTION member_search_sql(p_words integer, p_field text, p_statuses boolean, p_exclude boolean)
  RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  q text := 'SELECT m.id, m.last_name, m.first_name FROM members m WHERE m.unit_id = ANY ($1)';
BEGIN
  IF p_field IS NOT NULL THEN
    q := q || ' AND ' || CASE p_field
      WHEN 'member_number' THEN 'm.member_number = $5'
      WHEN 'member_number_prefix' THEN 'm.member_number LIKE $5 || ''_'''
      WHEN 'email' THEN 'lower(m.email) = $5'
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
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_sql(integer, text, boolean, boolean) FROM PUBLIC;
--> statement-breakpoint
-- The caller's read scope, narrowed to p_units when given: never wider than app.read_units.
CREATE OR REPLACE FUNCTION member_search_scope_units(p_units integer[])
  RETURNS integer[] LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN p_units IS NULL THEN s ELSE ARRAY(SELECT unnest(s) INTERSECT SELECT unnest(p_units)) END
    FROM (SELECT coalesce(NULLIF(current_setting('app.read_units', true), ''), '{}')::integer[] AS s) t
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_scope_units(integer[]) FROM PUBLIC;
--> statement-breakpoint
-- Ids of the first p_limit matches in German name order. Either p_terms (a JSON array of 1 to 5
-- arrays of folded name terms: a member matches when it has one term of every array) or p_field
-- with p_value (an exact lookup).
CREATE OR REPLACE FUNCTION member_search_ids(p_terms jsonb, p_field text, p_value text, p_units integer[],
                                             p_statuses text[], p_exclude bigint[], p_limit integer)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  scope integer[] := member_search_scope_units(p_units);
  q text;
BEGIN
  IF cardinality(scope) = 0 OR p_limit IS NULL OR p_limit < 1 THEN
    RETURN;
  END IF;
  q := member_search_sql(CASE WHEN p_field IS NULL THEN jsonb_array_length(p_terms) END, p_field,
                         p_statuses IS NOT NULL, cardinality(p_exclude) > 0);
  RETURN QUERY EXECUTE 'WITH c AS MATERIALIZED (' || q || ') SELECT c.id FROM c'
      || ' ORDER BY c.last_name COLLATE german, c.first_name COLLATE german, c.id LIMIT $4'
    USING scope, p_statuses, p_exclude, p_limit, p_value,
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 0)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 1)),
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 2)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 3)),
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 4));
END
$$;
--> statement-breakpoint
-- How many members match, in the caller's scope.
CREATE OR REPLACE FUNCTION member_search_count(p_terms jsonb, p_field text, p_value text, p_units integer[],
                                               p_statuses text[])
  RETURNS integer LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  scope integer[] := member_search_scope_units(p_units);
  q text;
  n integer;
BEGIN
  IF cardinality(scope) = 0 THEN
    RETURN 0;
  END IF;
  q := member_search_sql(CASE WHEN p_field IS NULL THEN jsonb_array_length(p_terms) END, p_field,
                         p_statuses IS NOT NULL, false);
  EXECUTE 'SELECT count(*)::integer FROM (' || q || ') c' INTO n
    USING scope, p_statuses, NULL::bigint[], NULL::integer, p_value,
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 0)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 1)),
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 2)), ARRAY(SELECT jsonb_array_elements_text(p_terms -> 3)),
      ARRAY(SELECT jsonb_array_elements_text(p_terms -> 4));
  RETURN n;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_count(jsonb, text, text, integer[], text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer) TO servicestelle_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_search_count(jsonb, text, text, integer[], text[]) TO servicestelle_app;
--> statement-breakpoint
-- A read scope that covers every unit: withScope() sets app.read_all to 'on' when app.read_units
-- holds the id of every unit (so every member's unit, by the foreign key). The policy then need not
-- compare each row's unit with a ~450-element array, which PostgreSQL does element by element for
-- an array that is not a constant (a state-wide count of 200,000 members spent 0.45 s in it).
-- Same rows visible as before; the writes keep comparing with app.write_units.
ALTER POLICY members_select ON members
  USING (COALESCE((SELECT current_setting('app.read_all', true) = 'on')
    OR unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
ALTER POLICY member_status_history_select ON member_status_history
  USING (
    COALESCE((SELECT current_setting('app.read_all', true) = 'on')
      OR unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false)
    OR EXISTS (SELECT 1 FROM members m WHERE m.id = member_status_history.member_id)
  );
