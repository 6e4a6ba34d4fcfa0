-- Edits that must leave a trace: an idea changed after the city answered it, and staff
-- changing someone else's words. The previous version is kept for staff.
ALTER TABLE ideas ADD COLUMN edited_at BIGINT;
ALTER TABLE ideas ADD COLUMN edited_by_staff BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE comments ADD COLUMN edited_at BIGINT;
ALTER TABLE comments ADD COLUMN edited_by_staff BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE revisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idea_id BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    by_staff BOOLEAN NOT NULL,
    title_multiloc TEXT,
    body_multiloc TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK ((idea_id IS NULL) <> (comment_id IS NULL))
);
CREATE INDEX revisions_idea ON revisions (idea_id, id);
CREATE INDEX revisions_comment ON revisions (comment_id, id);

-- An author withdraws an idea the city has answered, rather than deleting it.
INSERT INTO idea_statuses (code, title_multiloc, color, position)
    SELECT 'withdrawn', '{"en":"Withdrawn","nl":"Ingetrokken","fr":"Retirée"}', '#505a64', 7
    WHERE NOT EXISTS (SELECT 1 FROM idea_statuses WHERE code = 'withdrawn');

-- An idea's comment count now counts what residents see: hidden comments no longer.
UPDATE ideas SET comments_count =
    (SELECT COUNT(*) FROM comments c WHERE c.idea_id = ideas.id AND c.deleted = FALSE AND c.hidden = FALSE);
