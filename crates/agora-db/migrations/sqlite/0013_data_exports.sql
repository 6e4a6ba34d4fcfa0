-- "Download my data": the worker gathers everything about a person into a zip, kept
-- here (base64) until its mailed link expires; only the link's SHA-256 is stored.
CREATE TABLE data_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    token_hash TEXT UNIQUE,
    expires_at BIGINT,
    archive TEXT
);
CREATE INDEX data_exports_user ON data_exports (user_id, created_at);
