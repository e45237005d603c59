-- upload_audit: the newest entries of the audit log (uploads, rollbacks, account and mapping
-- changes) with the user. Returns at_time, user_name, action, detail (JSON text). Params: $limit.
SELECT at_time, user_name, action, CAST(detail AS VARCHAR) AS detail
FROM audit_log
ORDER BY at_time DESC
LIMIT $limit
