-- Admin reads of one license (GET /admin/v1/companies/{company}/licenses/{license}): its devices newest
-- first and their count, and its users. Without these, both scan every device and user of the table
-- (the only device index is partial, on active devices). Non-unique, so the distribution rule of V1
-- (every unique key includes company_id) is untouched; both lead with company_id all the same.
CREATE INDEX devices_by_license ON devices (company_id, license_id, device_id);
CREATE INDEX license_users_by_license ON license_users (company_id, license_id);
