-- Staff may block a person: they can still read, as anyone can, but no longer sign in
-- or act; their sessions and API tokens end when they are blocked.
ALTER TABLE users ADD COLUMN blocked_at BIGINT;
