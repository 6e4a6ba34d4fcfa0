-- sqlite: foreign_keys off
-- Voting phases, and a permission per action of a phase (`permissions`: a JSON object
-- of action → {permitted_by, group_ids}; an action not listed is open to signed-in users).
CREATE TABLE phases_0007 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT,
    method TEXT NOT NULL CHECK (method IN ('information', 'ideation', 'voting')),
    config TEXT NOT NULL,
    permissions TEXT NOT NULL DEFAULT '{}',
    CHECK (end_at IS NULL OR end_at > start_at)
);
INSERT INTO phases_0007 (id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at,
    end_at, method, config)
SELECT id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at, method, config
FROM phases;
DROP TABLE phases;
ALTER TABLE phases_0007 RENAME TO phases;
CREATE INDEX phases_project ON phases (project_id, start_at);

-- User groups, chosen by admins; a phase's action may be open to their members only.
CREATE TABLE user_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id, group_id);

-- The options of a voting phase: ideas of its project, each with its cost and the votes
-- cast on paper.
CREATE TABLE phase_options (
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    cost BIGINT CHECK (cost >= 0),
    offline_votes BIGINT NOT NULL DEFAULT 0 CHECK (offline_votes >= 0),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (phase_id, idea_id)
);
CREATE INDEX phase_options_idea ON phase_options (idea_id);

-- One basket per person and phase: the votes they are choosing (`basket_votes`) and,
-- once submitted, their ballot (`ballot_votes`), which alone is counted. Changing the
-- basket leaves the ballot counted until the basket is submitted again. The ballot code
-- is the voter's receipt and their anonymous name in the published ballots. A deleted
-- account's ballot stays counted, without the person.
CREATE TABLE baskets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ballot_code TEXT NOT NULL UNIQUE,
    submitted_at BIGINT,
    updated_at BIGINT NOT NULL,
    reminded_at BIGINT,
    UNIQUE (phase_id, user_id)
);
CREATE INDEX baskets_submitted ON baskets (phase_id, submitted_at);
CREATE TABLE basket_votes (
    basket_id BIGINT NOT NULL REFERENCES baskets (id) ON DELETE CASCADE,
    phase_id BIGINT NOT NULL,
    idea_id BIGINT NOT NULL,
    votes BIGINT NOT NULL CHECK (votes > 0),
    PRIMARY KEY (basket_id, idea_id),
    FOREIGN KEY (phase_id, idea_id) REFERENCES phase_options (phase_id, idea_id) ON DELETE CASCADE
);
CREATE INDEX basket_votes_option ON basket_votes (phase_id, idea_id);
CREATE TABLE ballot_votes (
    basket_id BIGINT NOT NULL REFERENCES baskets (id) ON DELETE CASCADE,
    phase_id BIGINT NOT NULL,
    idea_id BIGINT NOT NULL,
    votes BIGINT NOT NULL CHECK (votes > 0),
    PRIMARY KEY (basket_id, idea_id),
    FOREIGN KEY (phase_id, idea_id) REFERENCES phase_options (phase_id, idea_id) ON DELETE CASCADE
);
CREATE INDEX ballot_votes_option ON ballot_votes (phase_id, idea_id);

-- Per voting phase: the head of its ballot log, the voters on paper, its results, and
-- the comparison of the rules.
-- Its row is locked by every submission, which keeps the log one chain.
CREATE TABLE voting_phases (
    phase_id BIGINT PRIMARY KEY REFERENCES phases (id) ON DELETE CASCADE,
    log_head TEXT NOT NULL,
    log_length BIGINT NOT NULL DEFAULT 0,
    offline_voters BIGINT NOT NULL DEFAULT 0 CHECK (offline_voters >= 0),
    results_status TEXT CHECK (results_status IN ('computing', 'published')),
    results TEXT,
    results_at BIGINT,
    progress TEXT,
    -- What each rule would fund on the ballots so far, for staff choosing a rule (JSON).
    comparison TEXT
);

-- Each submission, change and withdrawal, chained by hashes: anyone holding the export
-- can check that no entry was changed or removed after the results named the head.
CREATE TABLE ballot_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phase_id BIGINT NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    ballot_code TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('submitted', 'changed', 'withdrawn')),
    at BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ballot_log_phase ON ballot_log (phase_id, id);

-- Notifications about a voting phase: its results are out, or one's basket is not
-- submitted yet. They name the phase.
CREATE TABLE notifications_0007 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('status_changed', 'official_feedback', 'comment_reply', 'comment_on_your_idea',
        'comment_on_followed_idea', 'vote_results', 'vote_reminder')),
    idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    read_at BIGINT,
    created_at BIGINT NOT NULL,
    status_id BIGINT REFERENCES idea_statuses (id) ON DELETE SET NULL,
    phase_id BIGINT REFERENCES phases (id) ON DELETE CASCADE
);
INSERT INTO notifications_0007 (id, recipient_id, kind, idea_id, comment_id, actor_id, read_at, created_at, status_id)
SELECT id, recipient_id, kind, idea_id, comment_id, actor_id, read_at, created_at, status_id FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_0007 RENAME TO notifications;
CREATE INDEX notifications_recipient ON notifications (recipient_id, id DESC);
