-- Timestamps are microseconds since the Unix epoch (UTC), as BIGINT on both backends.
-- Flags are INTEGER 0/1 here and BOOLEAN on PostgreSQL.
-- Translated text is a JSON object per locale, stored as TEXT (`*_multiloc`).

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE rate_limit_buckets (
    key TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE task_slots (
    task TEXT NOT NULL,
    slot BIGINT NOT NULL,
    claimed_at BIGINT NOT NULL,
    PRIMARY KEY (task, slot)
);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    title_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    title_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE project_topics (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, topic_id)
);

CREATE TABLE project_areas (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    area_id BIGINT NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, area_id)
);

CREATE TABLE project_moderators (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_moderators_user ON project_moderators (user_id);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
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
CREATE INDEX phases_project ON phases (project_id, start_at);

CREATE TABLE idea_statuses (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title_multiloc TEXT NOT NULL,
    color TEXT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE ideas (
    id INTEGER PRIMARY KEY,
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
-- One index per sort of the idea list, so that keyset pagination stays fast on deep pages.
CREATE INDEX ideas_trending ON ideas (project_id, trending_rank DESC, id DESC);
CREATE INDEX ideas_popular ON ideas (project_id, net_likes DESC, id DESC);
CREATE INDEX ideas_newest ON ideas (project_id, created_at DESC, id DESC);
CREATE INDEX ideas_discussed ON ideas (project_id, comments_count DESC, id DESC);
CREATE INDEX ideas_trending_all ON ideas (trending_rank DESC, id DESC);
CREATE INDEX ideas_author ON ideas (author_id);
CREATE INDEX ideas_activity ON ideas (last_activity_at);

CREATE VIRTUAL TABLE ideas_fts USING fts5 (
    search_text, content = 'ideas', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
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

CREATE TABLE idea_topics (
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (idea_id, topic_id)
);
CREATE INDEX idea_topics_topic ON idea_topics (topic_id, idea_id);

CREATE TABLE reactions (
    id INTEGER PRIMARY KEY,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mode TEXT NOT NULL CHECK (mode IN ('up', 'down')),
    created_at BIGINT NOT NULL,
    UNIQUE (idea_id, user_id)
);
CREATE INDEX reactions_user ON reactions (user_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
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
CREATE INDEX comments_idea ON comments (idea_id, id);

CREATE TABLE comment_reactions (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE followers (
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX followers_user ON followers (user_id);

CREATE TABLE official_feedback (
    id INTEGER PRIMARY KEY,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body_multiloc TEXT NOT NULL,
    body_html_multiloc TEXT NOT NULL,
    author_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX official_feedback_idea ON official_feedback (idea_id, id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    recipient_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('status_changed', 'official_feedback', 'comment_reply', 'comment_on_your_idea')),
    idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    read_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id DESC);
