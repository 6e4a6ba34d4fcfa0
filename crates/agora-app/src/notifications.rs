//! In-app notifications: written by the outbox worker (`outbox::Job`), read and marked
//! read by their recipient.

pub use agora_db::notifications::{Kind, Notification, list, mark_all_read, unread_count};
