-- Surveys and polls are methods of a phase too (their settings in `config`, like every
-- method's).
ALTER TABLE phases DROP CONSTRAINT phases_method_check;
ALTER TABLE phases ADD CONSTRAINT phases_method_check
    CHECK (method IN ('information', 'ideation', 'voting', 'survey', 'poll'));
