-- The department names each live upload stored, with their rows: a ledger's 责任部门 and 督办单位,
-- an inspection log's 检查部门 (and a ledger's 无隐患 visits), a registry's 监管部门. The upload
-- page compares them with the department directory (config/departments.toml) to tell which
-- uploads were read before the directory gave a name its department (etl.store.uploads_service
-- .directory).
-- Rows: upload_id, file_name, field ('department' / 'supervisor'), name, rows.
-- Params: none.
WITH live AS (SELECT upload_id, file_name FROM upload_log WHERE status = 'live'),
names AS (
    SELECT upload_id, 'department' AS field, department AS name FROM hazard_obs WHERE department <> ''
    UNION ALL
    SELECT upload_id, 'supervisor', supervisor FROM hazard_obs WHERE supervisor <> ''
    UNION ALL
    SELECT upload_id, 'department', department FROM inspection_obs WHERE department <> ''
    UNION ALL
    SELECT upload_id, 'department', department FROM entity_obs WHERE department <> ''
)
SELECT n.upload_id, l.file_name, n.field, n.name, count(*) AS rows
FROM names n JOIN live l USING (upload_id)
GROUP BY ALL
ORDER BY n.upload_id, n.field, n.name
