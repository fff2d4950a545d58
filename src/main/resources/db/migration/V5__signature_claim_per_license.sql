-- SPEC §5: an applied inner signature is single-use within the license the file names, not within the
-- whole company: the same user on two user-based products, with the same hardware id in the same second,
-- writes identical inner signatures for two different requests. Files proven by a secret-keyed v2 outer
-- signature may carry no inner signature at all (the Node SDK writes none): then there is nothing to claim.
ALTER TABLE deactivation_requests ALTER COLUMN signature_fingerprint DROP NOT NULL;
ALTER TABLE deactivation_requests DROP CONSTRAINT deactivation_requests_company_id_signature_fingerprint_key;
ALTER TABLE deactivation_requests
    ADD CONSTRAINT deactivation_requests_signature_per_license UNIQUE (company_id, license_id, signature_fingerprint);
