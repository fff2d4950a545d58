-- API keys and OAuth client ids name their company on their own, so each must be unique across all companies.
-- The per-company tables cannot say so (their unique keys include company_id, so the schema stays
-- distributable by company); this directory can: one row per credential, keyed by its SHA-256 (no second
-- copy of a key in clear). It is a reference table (with Citus: create_reference_table), small and read only by
-- these triggers. A concurrent second insert of the same key or client id fails with unique_violation, whichever
-- company it is for: no check-then-insert.
CREATE TABLE credential_directory (
    kind       text  NOT NULL CHECK (kind IN ('api_key', 'client_id')),
    credential bytea NOT NULL,
    company_id text  NOT NULL,
    PRIMARY KEY (kind, credential)
);
COMMENT ON TABLE credential_directory IS 'reference table: API keys and client ids unique across companies';

-- What exists already. Duplicates that the old check-then-insert let through stay out of the directory (the
-- gateway already treats a key held by two companies as unknown); new ones are refused from now on.
INSERT INTO credential_directory (kind, credential, company_id)
SELECT 'api_key', sha256(convert_to(api_key, 'UTF8')), min(company_id) FROM api_keys GROUP BY api_key
ON CONFLICT DO NOTHING;
INSERT INTO credential_directory (kind, credential, company_id)
SELECT 'client_id', sha256(convert_to(client_id, 'UTF8')), min(company_id) FROM oauth_clients GROUP BY client_id
ON CONFLICT DO NOTHING;

CREATE FUNCTION claim_api_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM credential_directory
        WHERE kind = 'api_key' AND credential = sha256(convert_to(OLD.api_key, 'UTF8')) AND company_id = OLD.company_id;
        RETURN OLD;
    END IF;
    INSERT INTO credential_directory (kind, credential, company_id)
    VALUES ('api_key', sha256(convert_to(NEW.api_key, 'UTF8')), NEW.company_id);
    RETURN NEW;
END;
$$;

CREATE FUNCTION claim_client_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM credential_directory
        WHERE kind = 'client_id' AND credential = sha256(convert_to(OLD.client_id, 'UTF8')) AND company_id = OLD.company_id;
        RETURN OLD;
    END IF;
    INSERT INTO credential_directory (kind, credential, company_id)
    VALUES ('client_id', sha256(convert_to(NEW.client_id, 'UTF8')), NEW.company_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER api_keys_claim BEFORE INSERT OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION claim_api_key();
CREATE TRIGGER oauth_clients_claim BEFORE INSERT OR DELETE ON oauth_clients
    FOR EACH ROW EXECUTE FUNCTION claim_client_id();
