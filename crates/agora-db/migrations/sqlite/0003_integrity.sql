-- sqlite: foreign_keys off
-- (The migrator runs this file with foreign keys off, as SQLite requires for rebuilding
-- a table that others refer to, and checks every foreign key before committing.)

-- Ids are never reused. Without AUTOINCREMENT, SQLite gives a new row the highest id
-- plus one, so deleting the newest idea handed its id (and its old links and
-- notifications) to the next idea. Each table with an id is rebuilt with AUTOINCREMENT,
-- keeping every row and id, then its indexes and triggers are made again.

CREATE TABLE users_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at BIGINT NOT NULL
);
INSERT INTO users_0003 SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users_0003 RENAME TO users;

CREATE TABLE topics_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO topics_0003 SELECT * FROM topics;
DROP TABLE topics;
ALTER TABLE topics_0003 RENAME TO topics;

CREATE TABLE areas_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO areas_0003 SELECT * FROM areas;
DROP TABLE areas;
ALTER TABLE areas_0003 RENAME TO areas;

CREATE TABLE projects_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO projects_0003 SELECT * FROM projects;
DROP TABLE projects;
ALTER TABLE projects_0003 RENAME TO projects;

CREATE TABLE phases_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT,
    method TEXT NOT NULL CHECK (method IN ('information', 'ideation')),
    posting_enabled INTEGER NOT NULL CHECK (posting_enabled IN (0, 1)),
    commenting_enabled INTEGER NOT NULL CHECK (commenting_enabled IN (0, 1)),
    reacting_enabled INTEGER NOT NULL CHECK (reacting_enabled IN (0, 1)),
    disliking_enabled INTEGER NOT NULL CHECK (disliking_enabled IN (0, 1)),
    CHECK (end_at IS NULL OR end_at > start_at)
);
INSERT INTO phases_0003 SELECT * FROM phases;
DROP TABLE phases;
ALTER TABLE phases_0003 RENAME TO phases;
CREATE INDEX phases_project ON phases (project_id, start_at);

CREATE TABLE idea_statuses_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    title_multiloc TEXT NOT NULL,
    color TEXT NOT NULL,
    position BIGINT NOT NULL
);
INSERT INTO idea_statuses_0003 SELECT * FROM idea_statuses;
DROP TABLE idea_statuses;
ALTER TABLE idea_statuses_0003 RENAME TO idea_statuses;

CREATE TABLE ideas_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    phase_id BIGINT REFERENCES phases (id) ON DELETE SET NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title_multiloc TEXT NOT NULL,
    body_multiloc TEXT NOT NULL,
    body_html_multiloc TEXT NOT NULL,
    search_text TEXT NOT NULL,
    status_id BIGINT NOT NULL REFERENCES idea_statuses (id),
    area_id BIGINT REFERENCES areas (id) ON DELETE SET NULL,
    location_lat DOUBLE PRECISION,
    location_lng DOUBLE PRECISION,
    likes_count BIGINT NOT NULL DEFAULT 0,
    dislikes_count BIGINT NOT NULL DEFAULT 0,
    net_likes BIGINT NOT NULL DEFAULT 0,
    comments_count BIGINT NOT NULL DEFAULT 0,
    trending_rank DOUBLE PRECISION NOT NULL DEFAULT 0,
    last_activity_at BIGINT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO ideas_0003 SELECT * FROM ideas;
DROP TABLE ideas;
ALTER TABLE ideas_0003 RENAME TO ideas;
CREATE INDEX ideas_trending ON ideas (project_id, trending_rank DESC, id DESC);
CREATE INDEX ideas_popular ON ideas (project_id, net_likes DESC, id DESC);
CREATE INDEX ideas_newest ON ideas (project_id, created_at DESC, id DESC);
CREATE INDEX ideas_discussed ON ideas (project_id, comments_count DESC, id DESC);
CREATE INDEX ideas_trending_all ON ideas (trending_rank DESC, id DESC);
CREATE INDEX ideas_author ON ideas (author_id);
CREATE INDEX ideas_activity ON ideas (last_activity_at);
CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN
    INSERT INTO ideas_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN
    INSERT INTO ideas_fts (ideas_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER ideas_fts_update AFTER UPDATE OF search_text ON ideas BEGIN
    INSERT INTO ideas_fts (ideas_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO ideas_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE reactions_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('up', 'down')),
    created_at BIGINT NOT NULL,
    UNIQUE (idea_id, user_id)
);
INSERT INTO reactions_0003 SELECT * FROM reactions;
DROP TABLE reactions;
ALTER TABLE reactions_0003 RENAME TO reactions;
CREATE INDEX reactions_user ON reactions (user_id);

CREATE TABLE comments_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body_multiloc TEXT NOT NULL,
    body_html_multiloc TEXT NOT NULL,
    likes_count BIGINT NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO comments_0003 SELECT * FROM comments;
DROP TABLE comments;
ALTER TABLE comments_0003 RENAME TO comments;
CREATE INDEX comments_idea ON comments (idea_id, id);

CREATE TABLE official_feedback_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body_multiloc TEXT NOT NULL,
    body_html_multiloc TEXT NOT NULL,
    author_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO official_feedback_0003 SELECT * FROM official_feedback;
DROP TABLE official_feedback;
ALTER TABLE official_feedback_0003 RENAME TO official_feedback;
CREATE INDEX official_feedback_idea ON official_feedback (idea_id, id);

CREATE TABLE notifications_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('status_changed', 'official_feedback', 'comment_reply', 'comment_on_your_idea',
        'comment_on_followed_idea')),
    idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    read_at BIGINT,
    created_at BIGINT NOT NULL
);
INSERT INTO notifications_0003 SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_0003 RENAME TO notifications;
CREATE INDEX notifications_recipient ON notifications (recipient_id, id DESC);

-- API tokens get an id (to list and revoke them) and an expiry; existing ones expire
-- 90 days after they were made.
CREATE TABLE api_tokens_0003 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
INSERT INTO api_tokens_0003 (token_hash, user_id, created_at, expires_at)
    SELECT token_hash, user_id, created_at, created_at + 7776000000000 FROM api_tokens ORDER BY created_at;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_0003 RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A status notification names the status it announces.
ALTER TABLE notifications ADD COLUMN status_id BIGINT REFERENCES idea_statuses (id) ON DELETE SET NULL;

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
