-- What app servers keep in memory (topics, areas and statuses: the catalogue), with a
-- version that every write of it bumps in its transaction. A server re-reads the
-- version every few seconds and reloads what changed.
CREATE TABLE versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO versions (name, version) VALUES ('catalog', 1);
