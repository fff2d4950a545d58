-- The portal's license lookup shows a license's deactivation history
-- (GET /admin/v1/companies/{company}/deactivations?license_id=…), newest first. Without this it scans every
-- event of the company. Non-unique and led by company_id, like V2's indexes.
CREATE INDEX deactivation_events_by_license ON deactivation_events (company_id, license_id, event_id);
