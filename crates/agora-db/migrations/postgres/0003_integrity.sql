-- Ids: PostgreSQL's identity columns never reuse an id, so only SQLite rebuilds its
-- tables in this migration.

-- API tokens get an id (to list and revoke them) and an expiry; existing ones expire
-- 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 7776000000000;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_pkey;
ALTER TABLE api_tokens ADD PRIMARY KEY (id);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);

-- A status notification names the status it announces; followers hear of new comments.
ALTER TABLE notifications ADD COLUMN status_id BIGINT REFERENCES idea_statuses (id) ON DELETE SET NULL;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('status_changed', 'official_feedback',
    'comment_reply', 'comment_on_your_idea', 'comment_on_followed_idea'));

-- A repeated submission (a double click, a retried request) returns the first result.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('idea', 'comment')),
    resource_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key, kind)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
