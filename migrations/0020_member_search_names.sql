-- A name search in one statement (bench findings F8 and F16: on two cores every round trip costs
-- server and database time, and a name search took three to six of them). For each query word
-- the dictionary terms (member_match_terms); then the stages exact, prefix, phonetic and fuzzy
-- as src/server/modules/members/members.service.ts walked them, each stage's first matches in
-- German order (member_search_ids) without the members an earlier stage already gave; and the
-- capped total when the candidates fill a page.
--
-- One word that only sounds like or resembles a name is taken as a last name (stages 2 and 3 of
-- a one-word search): "Meyer" should not bring every Maria. The term scan keeps only rows whose
-- term is the member's last name folded, decided in SQL for last names of plain German letters
-- (Schmidt, Müller, Weiß: nearly all) and left to the server for the rest ("von der Heide",
-- "Müller-Lüdenscheidt", "José"), whose German-aware folding (foldGerman) lives there: those
-- candidates carry their last name. A stage stops once the plain ones fill the page; only those
-- are left out of later stages, so a member whose first name matched at one stage can still come
-- by her last name at the next. Candidates may therefore repeat; the server keeps the first.
-- The term rows that may be a last name's: every row of a last name that is not plain German
-- letters, and of a plain one only its folded form. In German order like
-- member_search_terms_order_idx, for the last-name stages of a wide scope: "Meyer" typed with a
-- typo then does not walk every Maria, Mario and Cindy whose first name sounds alike.
CREATE INDEX IF NOT EXISTS member_search_terms_last_name_idx ON member_search_terms
  (term, last_name COLLATE german, first_name COLLATE german, member_id, unit_id, status)
  WHERE last_name !~ '^[A-Za-zÄÖÜäöüß]+$'
     OR term = replace(replace(replace(replace(lower(translate(last_name, 'ÄÖÜäöü', 'AOUaou')), 'ß', 'ss'), 'ae', 'a'), 'oe', 'o'), 'ue', 'u');
--> statement-breakpoint
DROP FUNCTION IF EXISTS member_search_sql(integer, text, boolean, boolean, text, boolean);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_sql(p_words integer, p_field text, p_statuses boolean, p_exclude boolean,
                                             p_units text, p_per_term boolean DEFAULT false,
                                             p_last_name boolean DEFAULT false)
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
  IF p_last_name THEN
    -- The term must be the last name's: exact for a last name of plain German letters (one word,
    -- folded as foldGerman() folds it), left to the server's check for any other.
    -- The same expression as the predicate of member_search_terms_last_name_idx, so that the
    -- planner can read that index.
    q := q || ' AND (t.last_name !~ ''^[A-Za-zÄÖÜäöüß]+$'' OR t.term = replace(replace(replace(replace(lower('
      || 'translate(t.last_name, ''ÄÖÜäöü'', ''AOUaou'')), ''ß'', ''ss''), ''ae'', ''a''), ''oe'', ''o''), ''ue'', ''u''))';
  END IF;
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
REVOKE ALL ON FUNCTION member_search_sql(integer, text, boolean, boolean, text, boolean, boolean) FROM PUBLIC;
--> statement-breakpoint
DROP FUNCTION IF EXISTS member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_ids(p_terms jsonb, p_field text, p_value text, p_units integer[],
                                             p_statuses text[], p_exclude bigint[], p_limit integer,
                                             p_last_name boolean DEFAULT false)
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
                         mode, mode <> 'index', p_last_name AND jsonb_array_length(p_terms) = 1);
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
REVOKE ALL ON FUNCTION member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_search_ids(jsonb, text, text, integer[], text[], bigint[], integer, boolean) TO servicestelle_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION member_search_names(p_words text[], p_phonetics text[], p_units integer[],
                                               p_statuses text[], p_limit integer, p_cap integer)
  RETURNS TABLE (terms jsonb, ids bigint[], stages integer[], last_names text[], total integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n integer := coalesce(cardinality(p_words), 0);
  matched jsonb := '[]';
  word_terms jsonb;
  sets jsonb;
  last_only boolean;
  fetch_rows integer;
  stage_ids bigint[];
  stage_names text[];
  stage_sure bigint[];
  seen bigint[] := '{}';
  sure integer := 0;
BEGIN
  ids := '{}';
  stages := '{}';
  last_names := '{}';
  IF n < 1 OR n > 5 OR p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'member search takes 1 to 5 words and a limit, got % and %', n, p_limit
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR i IN 1..n LOOP
    SELECT coalesce(jsonb_agg(jsonb_build_array(m.term, m.stage) ORDER BY m.stage, m.term), '[]') INTO word_terms
      FROM member_match_terms(p_words[i], coalesce(p_phonetics[i], ''), char_length(p_words[i]) >= 2,
                              char_length(p_words[i]) >= 3) m;
    matched := matched || jsonb_build_array(word_terms);
  END LOOP;
  terms := matched;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(matched) w WHERE jsonb_array_length(w) = 0) THEN
    RETURN NEXT;
    RETURN;
  END IF;
  FOR s IN 0..3 LOOP
    EXIT WHEN sure >= p_limit;
    -- Each word's terms up to this stage.
    SELECT jsonb_agg(x.term_set ORDER BY x.ord) INTO sets FROM (
      SELECT w.ord, (SELECT coalesce(jsonb_agg(e -> 0), '[]') FROM jsonb_array_elements(w.value) e
                      WHERE (e ->> 1)::integer <= s) AS term_set
        FROM jsonb_array_elements(matched) WITH ORDINALITY AS w(value, ord)) x;
    CONTINUE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(sets) e WHERE jsonb_array_length(e) = 0);
    -- A stage adds something only if one word gained terms in it.
    CONTINUE WHEN s > 0 AND NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(matched) w, jsonb_array_elements(w) e WHERE (e ->> 1)::integer = s);
    last_only := n = 1 AND s >= 2;
    IF last_only THEN
      -- Enough when the plain last names (decided here) fill what the page still needs.
      fetch_rows := p_limit - sure + 8;
      LOOP
        stage_ids := ARRAY(SELECT member_search_ids(sets, NULL, NULL, p_units, p_statuses, NULLIF(seen, '{}'),
                             fetch_rows, true));
        SELECT coalesce(array_agg(CASE WHEN m.last_name ~ '^[A-Za-zÄÖÜäöüß]+$' THEN NULL ELSE m.last_name END
                                  ORDER BY x.ord), '{}'),
               coalesce(array_agg(m.id ORDER BY x.ord) FILTER (WHERE m.last_name ~ '^[A-Za-zÄÖÜäöüß]+$'), '{}')
          INTO stage_names, stage_sure
          FROM unnest(stage_ids) WITH ORDINALITY AS x(id, ord) JOIN members m ON m.id = x.id;
        EXIT WHEN cardinality(stage_ids) < fetch_rows OR cardinality(stage_sure) >= p_limit - sure
                  OR fetch_rows >= 2000;
        fetch_rows := fetch_rows * 4;
      END LOOP;
    ELSE
      stage_ids := ARRAY(SELECT member_search_ids(sets, NULL, NULL, p_units, p_statuses, NULLIF(seen, '{}'),
                           p_limit - sure));
      stage_names := array_fill(NULL::text, ARRAY[cardinality(stage_ids)]);
      stage_sure := stage_ids;
    END IF;
    CONTINUE WHEN cardinality(stage_ids) = 0;
    ids := ids || stage_ids;
    stages := stages || array_fill(s, ARRAY[cardinality(stage_ids)]);
    last_names := last_names || stage_names;
    seen := seen || stage_sure;
    sure := sure + cardinality(stage_sure);
  END LOOP;
  IF cardinality(ids) >= p_limit THEN
    SELECT jsonb_agg((SELECT jsonb_agg(e -> 0) FROM jsonb_array_elements(w.value) e) ORDER BY w.ord) INTO sets
      FROM jsonb_array_elements(matched) WITH ORDINALITY AS w(value, ord);
    total := member_search_count(sets, NULL, NULL, p_units, p_statuses, p_cap);
  END IF;
  RETURN NEXT;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_search_names(text[], text[], integer[], text[], integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_search_names(text[], text[], integer[], text[], integer, integer) TO servicestelle_app;
