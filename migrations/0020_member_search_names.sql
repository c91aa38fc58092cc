-- A name search in one statement (bench findings F8 and F16: on two cores every round trip costs
-- server and database time, and a name search took three to six of them). For each query word
-- the dictionary terms (member_match_terms); then the stages exact, prefix, phonetic and fuzzy
-- as src/server/modules/members/members.service.ts walked them, each stage's first matches in
-- German order (member_search_ids) without the members an earlier stage already gave; and the
-- capped total when the candidates fill a page.
--
-- One word that only sounds like or resembles a name is taken as a last name (stages 2 and 3 of
-- a one-word search). Which terms a last name has is German-aware folding that lives in the
-- server, so the server filters those stages' candidates by their last names, returned here.
-- The function counts a candidate as surely kept when its member's last_name_key (the whole
-- folded last name) is a term of the stage, stops once surely kept candidates fill the page,
-- and fetches enough for the server's filter: it leaves out of later stages only those surely
-- kept, so a member whose first name matched at one stage can still come by her last name at
-- the next. Candidates may therefore repeat; the server keeps each member's first.
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
  stage_terms text[];
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
    stage_ids := ARRAY(SELECT member_search_ids(sets, NULL, NULL, p_units, p_statuses, NULLIF(seen, '{}'),
                         CASE WHEN last_only THEN least(500, (p_limit - sure) * 5) ELSE p_limit - sure END));
    CONTINUE WHEN cardinality(stage_ids) = 0;
    IF last_only THEN
      stage_terms := ARRAY(SELECT jsonb_array_elements_text(sets -> 0));
      SELECT array_agg(m.last_name ORDER BY x.ord),
             coalesce(array_agg(m.id ORDER BY x.ord) FILTER (WHERE m.last_name_key = ANY (stage_terms)), '{}')
        INTO stage_names, stage_sure
        FROM unnest(stage_ids) WITH ORDINALITY AS x(id, ord) JOIN members m ON m.id = x.id;
    ELSE
      stage_names := array_fill(NULL::text, ARRAY[cardinality(stage_ids)]);
      stage_sure := stage_ids;
    END IF;
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
