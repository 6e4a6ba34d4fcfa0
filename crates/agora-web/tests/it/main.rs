//! Integration tests: the real router on real databases (SQLite always, PostgreSQL when
//! AGORA_TEST_POSTGRES_URL is set), and real Chromium for the browser tests. One test
//! binary, so the 2-core CI links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod api;
mod auth;
mod browser;
mod concurrency;
mod edits;
mod guests;
mod integrity;
mod listing;
mod mail;
mod oidc;
mod outbox;
mod pages;
mod people;
mod profiles;
mod schema;
mod security;
mod survey_pages;
mod surveys;
mod tasks;
mod voting;
mod voting_pages;
