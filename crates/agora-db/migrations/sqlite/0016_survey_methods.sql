-- sqlite: foreign_keys off
-- Surveys and polls are methods of a phase too (their settings in `config`, like every
-- method's). SQLite changes a CHECK only by rebuilding the table.
CREATE TABLE phases_0016 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_multiloc TEXT NOT NULL,
    description_multiloc TEXT NOT NULL,
    description_html_multiloc TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT,
    method TEXT NOT NULL CHECK (method IN ('information', 'ideation', 'voting', 'survey', 'poll')),
    config TEXT NOT NULL,
    permissions TEXT NOT NULL DEFAULT '{}',
    CHECK (end_at IS NULL OR end_at > start_at)
);
INSERT INTO phases_0016 (id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at,
    end_at, method, config, permissions)
SELECT id, project_id, title_multiloc, description_multiloc, description_html_multiloc, start_at, end_at, method, config,
    permissions
FROM phases;
DROP TABLE phases;
ALTER TABLE phases_0016 RENAME TO phases;
CREATE INDEX phases_project ON phases (project_id, start_at);
