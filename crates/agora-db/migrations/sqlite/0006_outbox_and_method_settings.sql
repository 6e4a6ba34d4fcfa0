-- sqlite: foreign_keys off
-- Phases keep their method's settings as one JSON object (`config`) instead of a
-- column per setting: each participation method to come brings settings of its own.
CREATE TABLE phases_0006 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT,
    method TEXT NOT NULL CHECK (method IN ('information', 'ideation')),
    config TEXT NOT NULL,
    CHECK (end_at IS NULL OR end_at > start_at)
);
INSERT INTO phases_0006 (id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at,
    end_at, method, config)
SELECT id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at, method,
    CASE method WHEN 'ideation' THEN
        '{"posting":' || CASE posting_enabled WHEN 1 THEN 'true' ELSE 'false' END
        || ',"commenting":' || CASE commenting_enabled WHEN 1 THEN 'true' ELSE 'false' END
        || ',"reacting":' || CASE reacting_enabled WHEN 1 THEN 'true' ELSE 'false' END
        || ',"disliking":' || CASE disliking_enabled WHEN 1 THEN 'true' ELSE 'false' END || '}'
    ELSE '{}' END
FROM phases;
DROP TABLE phases;
ALTER TABLE phases_0006 RENAME TO phases;
CREATE INDEX phases_project ON phases (project_id, start_at);

-- Side effects (notifications now; mail, digests, webhooks and exports later): a row
-- written in the transaction of what causes it, run by a worker with retries.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
