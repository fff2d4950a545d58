-- lg_deactivate again, leaner, unchanged in what it decides (issue 15). pgbench measured the gateway's
-- transaction at 0.47 of the minimal exactly-once statement on the same PostgreSQL, and a serial call at 2.3
-- times its time: the function ran eight statements for a plain file and re-planned the license lookup in
-- every transaction. Now a file without consumptions (what a device writes when it only frees its seat)
-- costs three statements:
--   1. the claim, which reads the device inside its INSERT (that read was a statement of its own);
--   2. the license row lock (its wait reported as in V41, but only for a single file, whose caller reads it);
--   3. one statement that deactivates the device and, only if it did, counts the license down and records the
--      event. No row changed means device_not_found: the UPDATE's own "AND active", under the license lock,
--      is the check that V41 made with a second read of the device.
-- lg_license_id becomes PL/pgSQL: a SQL function with sub-selects is never inlined, and its plan was made
-- again in each transaction; PL/pgSQL keeps its plans for the connection. A file with consumptions or
-- features takes V41's path unchanged (its checks sit between the device check and the writes). Everything
-- else is V41's body; the lines that differ are marked "V42" (a migration never edits an applied one).
-- A batch chunk (lg_deactivate_all, also replaced below) counts each license down once at its end instead of
-- once per file: a hot chunk of one license no longer writes a row version of it per file.

-- The license a file names, as in V40, in PL/pgSQL: a SQL function with sub-selects is not inlined, and its
-- plan was made again in every transaction that called it; PL/pgSQL keeps its plans for the connection.
CREATE OR REPLACE FUNCTION lg_license_id(p_company text, p_product text, p_license_key text, p_username text)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_license_key IS NOT NULL THEN
        RETURN (SELECT l.license_id FROM products p
                JOIN licenses l ON l.company_id = p.company_id AND l.product_id = p.product_id
                WHERE p.company_id = p_company AND p.code = p_product AND p.authorization_method = 'license-key'
                  AND l.license_key = p_license_key);
    END IF;
    RETURN (SELECT u.license_id FROM products p
            JOIN license_users u ON u.company_id = p.company_id AND u.product_id = p.product_id
            WHERE p.company_id = p_company AND p.code = p_product AND p.authorization_method = 'user'
              AND u.username = p_username);
END
$$;

CREATE OR REPLACE FUNCTION lg_deactivate(
    p_company text, p_request_id text, p_digest bytea, p_fingerprint bytea,
    p_product text, p_license_key text, p_username text, p_hardware_id text,
    p_variables text, p_consumptions bigint, p_feature_codes text[], p_feature_deltas bigint[],
    p_principal text, p_source_ip text, p_schema_version integer, p_client_info text, p_claimed boolean,
    OUT outcome text, OUT detail text)
LANGUAGE plpgsql AS $$
DECLARE
    v_license   bigint;
    v_device    bigint;
    v_active    bigint;
    v_applied   bytea;
    v_refusal   text;
    v_missing   text;
    v_features  jsonb;
    l           licenses%ROWTYPE;
    v_asked     timestamptz;
    v_reported  text;
    f           record;
BEGIN
    -- V42: lg_license_id is PL/pgSQL now, so its plan is cached per connection rather than made per transaction.
    v_license := lg_license_id(p_company, p_product, p_license_key, p_username);
    IF v_license IS NULL THEN
        -- An applied request id is answered as such even if its license is gone; else steps 1–2 refuse.
        SELECT r.payload_digest INTO v_applied FROM deactivation_requests r
        WHERE r.company_id = p_company AND r.request_id = p_request_id;
        IF FOUND THEN
            outcome := CASE WHEN v_applied = p_digest THEN 'replayed' ELSE 'request_id_conflict' END;
        ELSIF EXISTS (SELECT 1 FROM products WHERE company_id = p_company AND code = p_product) THEN
            outcome := 'license_not_found';
        ELSE
            outcome := 'unknown_product';
        END IF;
        RETURN;
    END IF;

    -- The claim first: a concurrent upload of the same request id (or inner signature on this license) waits
    -- here for the other transaction and then finds its row. The device read here is re-checked under the lock.
    -- p_claimed: the batch that calls this has already inserted this file's claim (lg_deactivate_all).
    IF p_claimed THEN
        SELECT r.device_id INTO v_device FROM deactivation_requests r
        WHERE r.company_id = p_company AND r.request_id = p_request_id;
    ELSE
        -- V42: the device is read inside the claim's INSERT (it was a statement of its own).
        INSERT INTO deactivation_requests
            (company_id, request_id, payload_digest, signature_fingerprint, license_id, device_id, outcome)
        VALUES (p_company, p_request_id, p_digest, p_fingerprint, v_license,
                coalesce((SELECT d.device_id FROM devices d
                          WHERE d.company_id = p_company AND d.license_id = v_license
                            AND d.hardware_id = p_hardware_id AND d.active), 0),
                'license_deactivated')
        ON CONFLICT DO NOTHING
        RETURNING device_id INTO v_device;
        IF NOT FOUND THEN
            SELECT r.payload_digest INTO v_applied FROM deactivation_requests r
            WHERE r.company_id = p_company
              AND (r.request_id = p_request_id OR (r.license_id = v_license AND r.signature_fingerprint = p_fingerprint))
            LIMIT 1;
            outcome := CASE WHEN v_applied = p_digest THEN 'replayed' ELSE 'request_id_conflict' END;
            RETURN;
        END IF;
    END IF;

    -- The row lock serialises every deactivation of one license; what is read after it is current.
    v_asked := clock_timestamp();
    SELECT * INTO l FROM licenses WHERE company_id = p_company AND license_id = v_license FOR UPDATE;
    IF NOT p_claimed THEN -- V42: only a single file's caller reads it (an assignment: no statement of its own)
        v_reported := set_config('lg.lock_wait_us',
            (extract(epoch FROM clock_timestamp() - v_asked) * 1000000)::bigint::text, true);
    END IF;
    IF NOT l.enabled THEN
        outcome := 'license_not_enabled';
    ELSIF NOT (l.trial OR l.license_type IN ('perpetual', 'consumption')) THEN
        outcome := 'offline_not_supported';
    END IF;

    IF outcome IS NULL AND p_consumptions = 0 AND cardinality(p_feature_codes) = 0 THEN
        -- V42: a file without consumptions — device, license and event in one statement; nothing is written
        -- unless the device was active.
        WITH device AS (
            UPDATE devices SET active = false, deactivated_at = now(), variables = coalesce(p_variables::jsonb, variables)
            WHERE company_id = p_company AND license_id = v_license AND hardware_id = p_hardware_id AND active
            RETURNING device_id
        ), license AS (
            -- A batch (p_claimed) counts its licenses down once, at its end (lg_deactivate_all, V42).
            UPDATE licenses SET times_activated = greatest(times_activated - 1, 0), updated_at = now()
            WHERE company_id = p_company AND license_id = v_license AND NOT p_claimed AND EXISTS (SELECT 1 FROM device)
        ), event AS (
            INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal,
                                             source_ip, schema_version, consumptions, client_info)
            SELECT p_company, p_request_id, v_license, device.device_id, p_hardware_id, p_principal, p_source_ip,
                   p_schema_version, 0, p_client_info::jsonb
            FROM device
        )
        SELECT device.device_id INTO v_active FROM device;
        IF v_active IS NULL THEN
            DELETE FROM deactivation_requests WHERE company_id = p_company AND request_id = p_request_id;
            outcome := 'device_not_found';
            RETURN;
        END IF;
        IF v_active IS DISTINCT FROM v_device THEN
            UPDATE deactivation_requests SET device_id = v_active WHERE company_id = p_company AND request_id = p_request_id;
        END IF;
        outcome := 'license_deactivated';
        RETURN;
    END IF;

    -- From here on V41's path, for files with consumptions or features (and refusals of the license).
    IF outcome IS NULL THEN
        SELECT d.device_id INTO v_active FROM devices d
        WHERE d.company_id = p_company AND d.license_id = v_license AND d.hardware_id = p_hardware_id AND d.active;
        IF v_active IS NULL THEN
            outcome := 'device_not_found';
        END IF;
    END IF;
    IF outcome IS NULL AND p_consumptions <> 0 THEN
        IF l.license_type <> 'consumption' THEN
            outcome := 'license_not_consumption';
        ELSE
            v_refusal := lg_limit_refusal(l.max_consumptions, l.total_consumptions, l.allow_overages, l.max_overages,
                                          l.allow_unlimited_consumptions, l.allow_negative_consumptions, p_consumptions);
            outcome := CASE v_refusal WHEN 'negative' THEN 'negative_consumptions_not_allowed'
                                      WHEN 'overflow' THEN 'license_not_enough_consumptions'
                                      WHEN 'not_enough' THEN 'license_not_enough_consumptions' END;
        END IF;
    END IF;
    IF outcome IS NULL AND cardinality(p_feature_codes) > 0 THEN
        -- Every entry must name a consumption feature of the license (the first that does not is reported);
        -- then each feature's summed delta (a feature listed twice counts twice) is checked, in file order.
        SELECT e.code INTO v_missing FROM unnest(p_feature_codes) WITH ORDINALITY AS e(code, n)
        WHERE NOT EXISTS (SELECT 1 FROM license_features lf
                          JOIN product_features pf ON pf.company_id = lf.company_id AND pf.feature_id = lf.feature_id
                          WHERE lf.company_id = p_company AND lf.license_id = v_license AND pf.code = e.code
                            AND pf.feature_type = 'consumption')
        ORDER BY e.n LIMIT 1;
        IF FOUND THEN
            outcome := 'unsupported_product_feature';
            detail := 'The license has no consumption feature ''' || v_missing || '''.';
        ELSE
            FOR f IN
                SELECT s.delta, lf.* FROM
                    (SELECT e.code, sum(e.delta) AS delta, min(e.n) AS first
                     FROM unnest(p_feature_codes, p_feature_deltas) WITH ORDINALITY AS e(code, delta, n)
                     GROUP BY e.code) s
                JOIN product_features pf ON pf.company_id = p_company AND pf.code = s.code
                                        AND pf.feature_type = 'consumption'
                JOIN license_features lf ON lf.company_id = p_company AND lf.license_id = v_license
                                        AND lf.feature_id = pf.feature_id
                ORDER BY s.first
            LOOP
                CONTINUE WHEN f.delta = 0;
                v_refusal := lg_limit_refusal(f.max_consumptions, f.total_consumptions, f.allow_overages,
                                              f.max_overages, f.allow_unlimited_consumptions,
                                              f.allow_negative_consumptions, f.delta);
                IF v_refusal IS NOT NULL THEN
                    outcome := CASE WHEN v_refusal = 'negative' THEN 'negative_consumptions_not_allowed'
                                    ELSE 'feature_not_enough_consumptions' END;
                    EXIT;
                END IF;
            END LOOP;
        END IF;
    END IF;
    IF v_refusal = 'overflow' THEN
        detail := 'The new total would exceed what the counter can hold.';
    END IF;
    IF outcome IS NOT NULL THEN
        -- Refused: nothing of this file stays, not even its claim, so the fixed file can be uploaded again.
        DELETE FROM deactivation_requests WHERE company_id = p_company AND request_id = p_request_id;
        RETURN;
    END IF;

    IF v_active IS DISTINCT FROM v_device THEN
        UPDATE deactivation_requests SET device_id = v_active WHERE company_id = p_company AND request_id = p_request_id;
    END IF;
    UPDATE devices SET active = false, deactivated_at = now(), variables = coalesce(p_variables::jsonb, variables)
    WHERE company_id = p_company AND device_id = v_active;
    -- V42: a batch (p_claimed) counts its licenses down once, at its end (lg_deactivate_all).
    UPDATE licenses SET times_activated = CASE WHEN p_claimed THEN times_activated
                                               ELSE greatest(times_activated - 1, 0) END,
                        total_consumptions = total_consumptions + p_consumptions, updated_at = now()
    WHERE company_id = p_company AND license_id = v_license;
    IF cardinality(p_feature_codes) > 0 THEN
        UPDATE license_features lf SET total_consumptions = lf.total_consumptions + s.delta
        FROM (SELECT pf.feature_id, sum(e.delta) AS delta
              FROM unnest(p_feature_codes, p_feature_deltas) AS e(code, delta)
              JOIN product_features pf ON pf.company_id = p_company AND pf.code = e.code
                                      AND pf.feature_type = 'consumption'
              GROUP BY pf.feature_id) s
        WHERE lf.company_id = p_company AND lf.license_id = v_license AND lf.feature_id = s.feature_id;
        SELECT jsonb_object_agg(s.code, s.delta) INTO v_features
        FROM (SELECT e.code, sum(e.delta) AS delta FROM unnest(p_feature_codes, p_feature_deltas) AS e(code, delta)
              GROUP BY e.code) s;
    END IF;
    INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal,
                                     source_ip, schema_version, consumptions, feature_deltas, client_info)
    VALUES (p_company, p_request_id, v_license, v_active, p_hardware_id, p_principal, p_source_ip, p_schema_version,
            p_consumptions, v_features, p_client_info::jsonb);
    outcome := 'license_deactivated';
END
$$;

-- The batch's statement, as in V40, now counting each license down once per chunk (marked "V42").
CREATE OR REPLACE FUNCTION lg_deactivate_all(
    p_company text, p_request_ids text[], p_digests bytea[], p_fingerprints bytea[],
    p_products text[], p_license_keys text[], p_usernames text[], p_hardware_ids text[],
    p_variables text[], p_consumptions bigint[], p_feature_files integer[], p_feature_codes text[],
    p_feature_deltas bigint[], p_principals text[], p_source_ips text[], p_schema_versions integer[],
    p_client_infos text[])
RETURNS TABLE (n integer, outcome text, detail text) LANGUAGE plpgsql AS $$
DECLARE
    v_claimed integer[];
    v_deactivated text[] := '{}';  -- V42
    d         record;
BEGIN
    WITH input AS (
        SELECT t.*, lg_license_id(p_company, t.product, t.license_key, t.username) AS license_id
        FROM unnest(p_request_ids, p_digests, p_fingerprints, p_products, p_license_keys, p_usernames,
                    p_hardware_ids) WITH ORDINALITY
             AS t(request_id, digest, fingerprint, product, license_key, username, hardware_id, n)
    ), claimed AS (
        INSERT INTO deactivation_requests
            (company_id, request_id, payload_digest, signature_fingerprint, license_id, device_id, outcome)
        SELECT p_company, i.request_id, i.digest, i.fingerprint, i.license_id,
               coalesce((SELECT dv.device_id FROM devices dv
                         WHERE dv.company_id = p_company AND dv.license_id = i.license_id
                           AND dv.hardware_id = i.hardware_id AND dv.active), 0),
               'license_deactivated'
        FROM input i WHERE i.license_id IS NOT NULL ORDER BY i.n
        ON CONFLICT DO NOTHING
        RETURNING request_id, payload_digest, signature_fingerprint
    )
    SELECT array_agg(x.n) INTO v_claimed
    FROM (SELECT min(i.n) AS n FROM input i
          JOIN claimed c ON c.request_id = i.request_id AND c.payload_digest = i.digest
                        AND c.signature_fingerprint IS NOT DISTINCT FROM i.fingerprint
          GROUP BY i.request_id) x;

    PERFORM 1 FROM licenses l
    WHERE l.company_id = p_company AND l.license_id IN (
        SELECT lg_license_id(p_company, k.product, k.license_key, k.username)
        FROM unnest(p_products, p_license_keys, p_usernames) AS k(product, license_key, username))
    ORDER BY l.license_id
    FOR UPDATE;

    FOR i IN 1 .. coalesce(cardinality(p_request_ids), 0) LOOP
        SELECT * INTO d FROM lg_deactivate(p_company, p_request_ids[i], p_digests[i], p_fingerprints[i],
            p_products[i], p_license_keys[i], p_usernames[i], p_hardware_ids[i], p_variables[i], p_consumptions[i],
            ARRAY(SELECT f.code FROM unnest(p_feature_files, p_feature_codes) WITH ORDINALITY AS f(file, code, m)
                  WHERE f.file = i ORDER BY f.m),
            ARRAY(SELECT f.delta FROM unnest(p_feature_files, p_feature_deltas) WITH ORDINALITY AS f(file, delta, m)
                  WHERE f.file = i ORDER BY f.m),
            p_principals[i], p_source_ips[i], p_schema_versions[i], p_client_infos[i], coalesce(i = ANY(v_claimed), false));
        n := i;
        outcome := d.outcome;
        detail := d.detail;
        IF d.outcome = 'license_deactivated' AND i = ANY(v_claimed) THEN
            -- V42: only files called as claimed skipped their own count-down
            v_deactivated := v_deactivated || p_request_ids[i];
        END IF;
        RETURN NEXT;
    END LOOP;

    -- V42: each license counted down once for the chunk, by the files it deactivated (greatest(x - 1, 0) k
    -- times is greatest(x - k, 0)). Updated per file, a license of a hot chunk left a row version per file in
    -- this transaction, which every later file's lookups walked and which overflowed the page into new index
    -- entries; no rule reads the count, so nothing decided in the loop changes.
    UPDATE licenses l SET times_activated = greatest(l.times_activated - c.k, 0), updated_at = now()
    FROM (SELECT r.license_id, count(*) AS k FROM deactivation_requests r
          WHERE r.company_id = p_company AND r.request_id = ANY(v_deactivated)
          GROUP BY r.license_id) c
    WHERE l.company_id = p_company AND l.license_id = c.license_id;
END
$$;
