-- Guests: where a phase opens posting, commenting or reacting to everyone, a visitor
-- takes part without an account. A guest is a row of `users` without e-mail or
-- password (so ideas, comments, reactions and their counters stay one model), known to
-- its browser by a session like anyone's. A guest who only reacted has no name yet ('').
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN is_guest BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD CONSTRAINT users_account_check
    CHECK (is_guest OR (email IS NOT NULL AND password_hash IS NOT NULL));
ALTER TABLE users ADD CONSTRAINT users_guest_check
    CHECK (NOT is_guest OR (email IS NULL AND password_hash IS NULL AND NOT is_admin));
