-- One statement per audit entry instead of two (bench finding F8): take the audit lock, read the
-- chain's head, hash and insert in one call. The server sends the entry's canonical JSON (keys
-- sorted, no white space) in two parts, before and after the value of "seq", which only the
-- database knows once the lock is held; hash = sha256(prev_hash || before || seq || after), the
-- same text that src/server/platform/audit.ts hashes and `audit verify` checks.
-- VOLATILE: under READ COMMITTED the head is read by a query that starts after the lock is held
-- (migration 0018). p_read_only: as in audit_lock_head (ADR 0034).
CREATE OR REPLACE FUNCTION audit_append(
  p_key bigint, p_read_only boolean, p_before_seq text, p_after_seq text,
  p_occurred_at timestamptz, p_actor_user_id integer, p_actor_token_id integer, p_actor_name text,
  p_action text, p_entity_type text, p_entity_id text, p_unit_id integer, p_subject_ids bigint[],
  p_purpose text, p_basis jsonb, p_details jsonb, p_request_id text, p_ip text)
  RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  v_seq bigint;
  v_prev text;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(p_key);
  IF p_read_only AND pg_current_xact_id_if_assigned() IS NULL THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0) + 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_hash := encode(sha256(convert_to(v_prev || p_before_seq || v_seq::text || p_after_seq, 'UTF8')), 'hex');
  INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_token_id, actor_name, action, entity_type,
      entity_id, unit_id, subject_ids, purpose, basis, details, request_id, ip, prev_hash, hash)
    VALUES (v_seq, p_occurred_at, p_actor_user_id, p_actor_token_id, p_actor_name, p_action, p_entity_type,
      p_entity_id, p_unit_id, p_subject_ids, p_purpose, p_basis, p_details, p_request_id, p_ip, v_prev, v_hash);
  RETURN QUERY SELECT v_seq, v_hash;
END
$$;
--> statement-breakpoint
-- Replaced by audit_append().
DROP FUNCTION IF EXISTS audit_lock_head(bigint, boolean);
