-- A survey's or poll's form: its pages and questions as JSON (`agora_core::survey::Form`),
-- one per phase, with a version that grows at each save (answers keep the version they
-- were given under).
CREATE TABLE forms (
    phase_id BIGINT PRIMARY KEY REFERENCES phases (id) ON DELETE CASCADE,
    definition TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
