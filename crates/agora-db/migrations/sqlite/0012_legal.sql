-- The privacy notice and the terms of use, as the city writes them (Markdown, per
-- language); each save of the terms is a new version, and who signs up accepts the
-- version in force, recorded on their account.
CREATE TABLE legal_documents (
    kind TEXT PRIMARY KEY CHECK (kind IN ('privacy', 'terms')),
    body_multiloc TEXT NOT NULL,
    body_html_multiloc TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
ALTER TABLE users ADD COLUMN terms_version BIGINT;
ALTER TABLE users ADD COLUMN terms_accepted_at BIGINT;
