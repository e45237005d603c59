-- upload_audit: the newest entries of the audit log (uploads, rollbacks, account and mapping
-- changes) with the user. Returns at_time, user_name, action, detail (JSON text). Params: $limit.
-- Entries of one transaction share its timestamp: the later-written comes first (rowid; the log is append-only).
SELECT at_time, user_name, action, CAST(detail AS VARCHAR) AS detail
FROM audit_log
ORDER BY at_time DESC, rowid DESC
LIMIT $limit
