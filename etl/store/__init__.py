"""The warehouse: connections and migrations (db), the one write entry (writes), what a commit
inserts and re-derives (load), the upload page's engine (uploads_service) and assignments."""
