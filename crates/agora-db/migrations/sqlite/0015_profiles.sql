-- What people show of themselves: a short bio, and an avatar (a 256-pixel JPEG made on
-- the server from what they uploaded, so none of the original's metadata is kept),
-- stored in the database so that every app server can serve it. Base64 text, as the
-- data exports, on both backends.
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
CREATE TABLE avatars (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    image TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
