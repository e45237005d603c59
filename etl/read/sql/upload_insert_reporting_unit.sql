-- upload_insert_reporting_unit (write; runs inside the upload page's writer transaction):
-- records which town or department sent an upload. Params: $upload_id, $reporting_unit.
INSERT INTO upload_reporting_unit (upload_id, reporting_unit) VALUES ($upload_id, $reporting_unit)
