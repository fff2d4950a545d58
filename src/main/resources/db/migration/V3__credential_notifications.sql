-- Every replica caches credentials (API keys, shared keys, OAuth clients). A change to any of them is
-- announced on channel 'credentials_changed' with the company id, so warm caches drop it at once.
CREATE FUNCTION notify_credentials_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('credentials_changed', COALESCE(NEW.company_id, OLD.company_id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER companies_changed AFTER INSERT OR UPDATE OR DELETE ON companies
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER shared_keys_changed AFTER INSERT OR UPDATE OR DELETE ON shared_keys
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER oauth_clients_changed AFTER INSERT OR UPDATE OR DELETE ON oauth_clients
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_changed();
