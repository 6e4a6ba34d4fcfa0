-- Notification mails: each notification is considered for a mail once, by the worker,
-- in one transaction (`mail_pending` says it has not been yet; the ones made before
-- Agora sent mail are not mailed). What each person wants mailed is `mail_settings`.
ALTER TABLE notifications ADD COLUMN mail_pending INTEGER NOT NULL DEFAULT 1 CHECK (mail_pending IN (0, 1));
UPDATE notifications SET mail_pending = 0;
CREATE INDEX notifications_mail_pending ON notifications (id) WHERE mail_pending = TRUE;

-- Absent: the defaults. `choices` is a JSON object, kind of notification -> mailed or
-- not, for the kinds the person changed. The token is in every notification mail's
-- one-click unsubscribe link.
CREATE TABLE mail_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    choices TEXT NOT NULL,
    digest INTEGER NOT NULL CHECK (digest IN (0, 1)),
    unsubscribe_token TEXT NOT NULL UNIQUE
);
