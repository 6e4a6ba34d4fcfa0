-- sqlite: foreign_keys off
-- Guests: where a phase opens posting, commenting or reacting to everyone, a visitor
-- takes part without an account. A guest is a row of `users` without e-mail or
-- password (so ideas, comments, reactions and their counters stay one model), known to
-- its browser by a session like anyone's. A guest who only reacted has no name yet ('').
CREATE TABLE users_0008 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    locale TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at BIGINT NOT NULL,
    is_guest INTEGER NOT NULL DEFAULT 0 CHECK (is_guest IN (0, 1)),
    CHECK (is_guest = 1 OR (email IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (is_guest = 0 OR (email IS NULL AND password_hash IS NULL AND is_admin = 0))
);
INSERT INTO users_0008 (id, email, name, password_hash, locale, is_admin, created_at)
SELECT id, email, name, password_hash, locale, is_admin, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_0008 RENAME TO users;
