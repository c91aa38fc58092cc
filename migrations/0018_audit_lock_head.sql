-- One round trip instead of two before every audit entry (bench finding F8): take the audit lock
-- and read the chain's head in one call. The function is VOLATILE, so under READ COMMITTED its
-- SELECT takes a fresh snapshot after the lock is held and sees every entry committed before,
-- which a single SELECT next to the lock call would not (its snapshot predates the wait).
-- p_read_only: the transaction only records a read; if it holds no transaction id yet it commits
-- without waiting for the disk (docs/adr/0034-read-audit-commits-asynchronously.md).
CREATE OR REPLACE FUNCTION audit_lock_head(p_key bigint, p_read_only boolean)
  RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(p_key);
  IF p_read_only AND pg_current_xact_id_if_assigned() IS NULL THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  RETURN QUERY SELECT a.seq, a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
END
$$;
