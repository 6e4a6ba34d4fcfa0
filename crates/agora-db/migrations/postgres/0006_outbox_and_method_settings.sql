-- Phases keep their method's settings as one JSON object (`config`) instead of a
-- column per setting: each participation method to come brings settings of its own.
ALTER TABLE phases ADD COLUMN config TEXT;
UPDATE phases SET config = CASE method WHEN 'ideation' THEN
    json_build_object('posting', posting_enabled, 'commenting', commenting_enabled,
        'reacting', reacting_enabled, 'disliking', disliking_enabled)::text
    ELSE '{}' END;
ALTER TABLE phases ALTER COLUMN config SET NOT NULL;
ALTER TABLE phases DROP COLUMN posting_enabled, DROP COLUMN commenting_enabled, DROP COLUMN reacting_enabled,
    DROP COLUMN disliking_enabled;

-- Side effects (notifications now; mail, digests, webhooks and exports later): a row
-- written in the transaction of what causes it, run by a worker with retries.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Not to be run before this time (the first run, or the next retry).
    run_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- Held by a worker until then; after that another worker may take it over.
    locked_until BIGINT,
    last_error TEXT,
    -- Set when the last attempt failed: kept, with its error, for staff to see.
    failed_at BIGINT
);
CREATE INDEX outbox_due ON outbox (run_at, id) WHERE failed_at IS NULL;
