//! The use cases, one module per capability, named as in every other layer: each checks
//! the rule in `agora-core`, validates, writes in one transaction through `agora-db`,
//! and leaves side effects to the outbox (`outbox`), which a worker runs (`worker`).
//! The HTML pages and the JSON API call these same functions.

pub mod catalog;
pub mod comments;
pub mod digests;
pub mod exports;
pub mod groups;
pub mod guests;
pub mod ideas;
pub mod legal;
pub mod mail;
pub mod mail_settings;
pub mod notifications;
pub mod oidc;
pub mod outbox;
mod passwords;
pub mod profiles;
pub mod projects;
pub mod surveys;
pub mod uploads;
pub mod users;
pub mod voting;
pub mod worker;
