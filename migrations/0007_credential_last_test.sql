-- The outcome of a saved credential's last Test (written with its credential.test audit row), so
-- the "expiring soon" view and the credentials list can show credentials whose Test failed. NULL:
-- never tested since it was created or last changed. Only an error code is kept, never a message
-- (a server's description could echo what was sent).
ALTER TABLE credentials ADD COLUMN last_test_at TEXT;
ALTER TABLE credentials ADD COLUMN last_test_ok INTEGER;
ALTER TABLE credentials ADD COLUMN last_test_error TEXT;

CREATE INDEX credentials_by_failed_test ON credentials (tenant_id) WHERE last_test_ok = 0;
