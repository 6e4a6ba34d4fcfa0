-- E-mail: whether a person's address is confirmed, the single-use links mailed to
-- them, and every mail Agora sends.

-- Accounts made before Agora sent mail were treated as confirmed; they stay so.
ALTER TABLE users ADD COLUMN email_confirmed_at BIGINT;
UPDATE users SET email_confirmed_at = created_at WHERE NOT is_guest;

-- A secret mailed as a link: confirm an address, reset a password, confirm a new
-- address. Only its SHA-256 is kept; it works once, until it expires.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password', 'change_email')),
    -- The address being confirmed (the account's own, or the new one it changes to).
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Every mail, written in the transaction that causes it and sent by the outbox job
-- named here. Once sent, its bodies are emptied: they may hold a secret link.
CREATE TABLE mails (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- The one-click unsubscribe link (RFC 8058); none for account mails.
    unsubscribe_url TEXT,
    created_at BIGINT NOT NULL,
    -- The outbox job sending it (staff retry a mail through it).
    job_id BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at BIGINT
);
-- Unsent mails for staff, sent ones for the purge.
CREATE INDEX mails_sent ON mails (sent_at);
