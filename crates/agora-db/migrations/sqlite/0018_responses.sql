-- The answers to surveys and polls. A response keeps the form version it was given
-- under and the pages its answers led through. An anonymous response has no
-- respondent and only the day it came in; `respondents` says who has answered a phase
-- (with no time and, on SQLite, no order of insertion), which is what keeps "one
-- response per person" by its primary key, anonymous or not. A deleted account's
-- responses stay counted, without the person.
CREATE TABLE responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    respondent_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    form_version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    path TEXT NOT NULL,
    submitted_at BIGINT NOT NULL
);
CREATE INDEX responses_phase ON responses (phase_id, id);
CREATE INDEX responses_respondent ON responses (respondent_id);
CREATE TABLE respondents (
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (phase_id, user_id)
) WITHOUT ROWID;

-- What a signed-in person has answered so far, page by page, until they submit.
CREATE TABLE response_drafts (
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answers TEXT NOT NULL,
    page TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (phase_id, user_id)
);

-- Files given as answers. The bytes are on disk under a random name; this row says
-- what they are. An upload belongs to its uploader until a response of a phase takes
-- it; then the phase's staff may read it too. Files no response took (or whose phase
-- went) are swept after a day, from the disk and from here.
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uploader_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    phase_id BIGINT REFERENCES phases (id) ON DELETE SET NULL,
    stored_name TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX uploads_phase ON uploads (phase_id, created_at);

-- Every version of a form, so that answers given under an older one keep their
-- questions' titles in the exports after staff changed or removed them.
CREATE TABLE form_versions (
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (phase_id, version)
);
INSERT INTO form_versions (phase_id, version, definition) SELECT phase_id, version, definition FROM forms;
