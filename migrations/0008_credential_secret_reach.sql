-- How far up a credential's secret references may resolve. A reference resolves through
-- inheritance when the credential mints, so deleting a namespace's own secret would make it send
-- a parent's secret of the same name, one that whoever saved the credential could not use. Saving
-- records the highest scope where the saver had use ('' for tenant level: everywhere) and, when
-- the saver was a principal (not the person at the machine), its name: minting refuses a secret
-- defined above that scope, or above where that principal may use secrets now.
--
-- Rows saved before these columns: the person at the machine (actor cli:… or desktop:…, a name no
-- principal can have) may use everything; a principal's reach is unknown, so it is the
-- credential's own scope until someone saves it again.
ALTER TABLE credentials ADD COLUMN secret_reach TEXT;
ALTER TABLE credentials ADD COLUMN saved_by_principal TEXT;
-- Where each reference was found when it was saved, as a JSON object {"KEY": "namespace"}: a
-- reference resolves no higher than that at mint time. NULL (rows from before): not limited.
ALTER TABLE credentials ADD COLUMN secret_origins TEXT;

UPDATE credentials
SET secret_reach = CASE WHEN instr(updated_by, ':') > 0 THEN '' ELSE scope END,
    saved_by_principal = CASE WHEN instr(updated_by, ':') > 0 THEN NULL ELSE updated_by END;
