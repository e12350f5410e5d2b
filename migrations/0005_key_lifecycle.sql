-- Key lifecycle: master key generations (rotation), a recovery key, passphrase changes.
-- The OS keyring account of generation 1 is master-key-<install_id>; later ones add -<generation>.

ALTER TABLE key_material ADD COLUMN generation INTEGER NOT NULL DEFAULT 1;
ALTER TABLE key_material ADD COLUMN rotated_at TEXT;
-- the master key sealed with a key derived from the recovery key (shown once, never stored)
ALTER TABLE key_material ADD COLUMN recovery_wrapped_key BLOB;
ALTER TABLE key_material ADD COLUMN recovery_created_at TEXT;
ALTER TABLE key_material ADD COLUMN passphrase_changed_at TEXT;
