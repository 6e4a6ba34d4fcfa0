//! Every page's path, defined once: the router registers the patterns, and handlers and
//! templates build links with the functions of the same name. A test checks that each
//! function gives a path its pattern matches.

use std::fmt::Display;

macro_rules! paths {
    ($($pattern:ident, $function:ident($($arg:ident),+) = $path:literal;)+) => {
        $(
            pub const $pattern: &str = $path;
            pub fn $function($($arg: impl Display),+) -> String {
                format!($path $(, $arg = $arg)+)
            }
        )+

        /// Each pattern with its function called with `7` for every part.
        #[cfg(test)]
        fn examples() -> Vec<(&'static str, String)> {
            vec![$(($pattern, $function($({ let _ = stringify!($arg); 7 }),+))),+]
        }
    };
}

pub const HOME: &str = "/";
pub const HEALTHZ: &str = "/healthz";
pub const APP_CSS: &str = "/static/app.css";
pub const APP_JS: &str = "/static/app.js";
pub const STATUSES_CSS: &str = "/static/statuses.css";
pub const FAVICON: &str = "/favicon.ico";
pub const SETUP: &str = "/setup";
pub const SIGN_UP: &str = "/sign-up";
pub const SIGN_IN: &str = "/sign-in";
pub const SIGN_OUT: &str = "/sign-out";
/// Signing in with the city's OpenID provider: where it starts, and where it comes back.
pub const OIDC_START: &str = "/auth/oidc";
pub const OIDC_CALLBACK: &str = agora_app::oidc::CALLBACK_PATH;
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_LANGUAGE: &str = "/account/language";
pub const ACCOUNT_SIGN_OUT_EVERYWHERE: &str = "/account/sign-out-everywhere";
pub const ACCOUNT_SIGN_OUT_ELSEWHERE: &str = "/account/sign-out-elsewhere";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_EMAIL: &str = "/account/email";
pub const ACCOUNT_PROFILE: &str = "/account/profile";
pub const ACCOUNT_AVATAR: &str = "/account/avatar";
pub const ACCOUNT_AVATAR_REMOVE: &str = "/account/avatar/remove";
pub const ACCOUNT_DELETE: &str = "/account/delete";
pub const ACCOUNT_EXPORT: &str = agora_app::exports::DOWNLOAD_PATH;
pub const ACCOUNT_CONFIRMATION: &str = "/account/confirmation";
/// Where the links in account mails lead.
pub const CONFIRM_EMAIL: &str = agora_app::users::CONFIRM_EMAIL_PATH;
pub const RESET_PASSWORD: &str = agora_app::users::RESET_PASSWORD_PATH;
pub const RESET_PASSWORD_NEW: &str = "/reset-password/new";
pub const ADMIN_MAIL: &str = "/admin/mail";
pub const ACCOUNT_MAIL: &str = agora_app::mail_settings::SETTINGS_PATH;
pub const ACCOUNT_MAIL_STOP: &str = "/account/mail/stop";
pub const UNSUBSCRIBE: &str = agora_app::mail_settings::UNSUBSCRIBE_PATH;
pub const NOTIFICATIONS: &str = "/notifications";
pub const NOTIFICATIONS_READ: &str = "/notifications/read";
pub const ADMIN: &str = "/admin";
pub const ADMIN_PROJECTS: &str = "/admin/projects";
pub const ADMIN_TOPICS: &str = "/admin/topics";
pub const ADMIN_AREAS: &str = "/admin/areas";
pub const ADMIN_STATUSES: &str = "/admin/statuses";
pub const ADMIN_GROUPS: &str = "/admin/groups";
pub const ADMIN_PEOPLE: &str = "/admin/people";
pub const ADMIN_PEOPLE_INVITE: &str = "/admin/people/invite";
pub const ADMIN_PEOPLE_INVITE_FILE: &str = "/admin/people/invite-file";
pub const ADMIN_PEOPLE_EXPORT: &str = "/admin/people/export.xlsx";
pub const ADMIN_PEOPLE_NAMES: &str = "/admin/people/names";
pub const ADMIN_LEGAL: &str = "/admin/legal";
pub const PRIVACY: &str = "/privacy";
pub const TERMS: &str = "/terms";

paths! {
    ACCOUNT_TOKEN_REVOKE, account_token_revoke(id) = "/account/tokens/{id}/revoke";
    AVATAR, avatar(id) = "/avatars/{id}";
    PERSON, person(id) = "/people/{id}";
    ADMIN_MAIL_RETRY, admin_mail_retry(id) = "/admin/mail/{id}/retry";
    ADMIN_PERSON_BLOCK, admin_person_block(id) = "/admin/people/{id}/block";
    ADMIN_PERSON_UNBLOCK, admin_person_unblock(id) = "/admin/people/{id}/unblock";
    PROJECT, project(slug) = "/projects/{slug}";
    PROJECT_NEW_IDEA, project_new_idea(slug) = "/projects/{slug}/ideas/new";
    PROJECT_IDEAS, project_ideas(slug) = "/projects/{slug}/ideas";
    IDEA, idea(id) = "/ideas/{id}";
    IDEA_EDIT, idea_edit(id) = "/ideas/{id}/edit";
    IDEA_DELETE, idea_delete(id) = "/ideas/{id}/delete";
    IDEA_WITHDRAW, idea_withdraw(id) = "/ideas/{id}/withdraw";
    IDEA_REACTION, idea_reaction(id) = "/ideas/{id}/reaction";
    IDEA_FOLLOW, idea_follow(id) = "/ideas/{id}/follow";
    IDEA_STATUS, idea_status(id) = "/ideas/{id}/status";
    IDEA_FEEDBACK, idea_feedback(id) = "/ideas/{id}/feedback";
    IDEA_HIDDEN, idea_hidden(id) = "/ideas/{id}/hidden";
    IDEA_COMMENTS, idea_comments(id) = "/ideas/{id}/comments";
    COMMENT_EDIT, comment_edit(id) = "/comments/{id}/edit";
    COMMENT_DELETE, comment_delete(id) = "/comments/{id}/delete";
    COMMENT_LIKE, comment_like(id) = "/comments/{id}/like";
    COMMENT_HIDDEN, comment_hidden(id) = "/comments/{id}/hidden";
    ADMIN_PROJECT, admin_project(id) = "/admin/projects/{id}";
    ADMIN_PROJECT_PHASES, admin_project_phases(id) = "/admin/projects/{id}/phases";
    ADMIN_PROJECT_MODERATORS, admin_project_moderators(id) = "/admin/projects/{id}/moderators";
    ADMIN_PROJECT_MODERATOR_REMOVE, admin_project_moderator_remove(id, user_id) =
        "/admin/projects/{id}/moderators/{user_id}/remove";
    ADMIN_PHASE, admin_phase(id) = "/admin/phases/{id}";
    ADMIN_PHASE_DELETE, admin_phase_delete(id) = "/admin/phases/{id}/delete";
    ADMIN_TOPIC, admin_topic(id) = "/admin/topics/{id}";
    ADMIN_TOPIC_DELETE, admin_topic_delete(id) = "/admin/topics/{id}/delete";
    ADMIN_AREA, admin_area(id) = "/admin/areas/{id}";
    ADMIN_AREA_DELETE, admin_area_delete(id) = "/admin/areas/{id}/delete";
    ADMIN_JOB_RETRY, admin_job_retry(id) = "/admin/jobs/{id}/retry";
    PHASE_BALLOT, phase_ballot(id) = "/phases/{id}/ballot";
    PHASE_BALLOT_OPTION, phase_ballot_option(id, idea_id) = "/phases/{id}/ballot/options/{idea_id}";
    PHASE_BALLOT_SUBMIT, phase_ballot_submit(id) = "/phases/{id}/ballot/submit";
    PHASE_BALLOT_WITHDRAW, phase_ballot_withdraw(id) = "/phases/{id}/ballot/withdraw";
    PHASE_RESULTS, phase_results(id) = "/phases/{id}/results";
    PHASE_SURVEY, phase_survey(id) = "/phases/{id}/survey";
    PHASE_SURVEY_THANKS, phase_survey_thanks(id) = "/phases/{id}/survey/thanks";
    ADMIN_PHASE_OPTIONS, admin_phase_options(id) = "/admin/phases/{id}/options";
    ADMIN_PHASE_NEW_OPTION, admin_phase_new_option(id) = "/admin/phases/{id}/options/new";
    ADMIN_PHASE_OPTION, admin_phase_option(id, idea_id) = "/admin/phases/{id}/options/{idea_id}";
    ADMIN_PHASE_OPTION_REMOVE, admin_phase_option_remove(id, idea_id) = "/admin/phases/{id}/options/{idea_id}/remove";
    ADMIN_PHASE_OFFLINE, admin_phase_offline(id) = "/admin/phases/{id}/offline-votes";
    ADMIN_PHASE_RESULTS, admin_phase_results(id) = "/admin/phases/{id}/results";
    ADMIN_PHASE_IMPORT, admin_phase_import(id) = "/admin/phases/{id}/import";
    ADMIN_PHASE_COMPARE, admin_phase_compare(id) = "/admin/phases/{id}/compare";
    ADMIN_PHASE_FORM, admin_phase_form(id) = "/admin/phases/{id}/form";
    ADMIN_PHASE_QUESTION, admin_phase_question(id, key) = "/admin/phases/{id}/form/questions/{key}";
    ADMIN_PHASE_QUESTION_DELETE, admin_phase_question_delete(id, key) = "/admin/phases/{id}/form/questions/{key}/delete";
    ADMIN_PHASE_PAGE_DELETE, admin_phase_page_delete(id, key) = "/admin/phases/{id}/form/pages/{key}/delete";
    ADMIN_GROUP, admin_group(id) = "/admin/groups/{id}";
    ADMIN_GROUP_DELETE, admin_group_delete(id) = "/admin/groups/{id}/delete";
    ADMIN_GROUP_MEMBER_REMOVE, admin_group_member_remove(id, user_id) = "/admin/groups/{id}/members/{user_id}/remove";
}

/// Where a comment stands on its idea's page.
pub fn comment_anchor(idea_id: impl Display, comment_id: impl Display) -> String {
    format!("{}#comment-{comment_id}", idea(idea_id))
}

/// The sign-in page, coming back to `next` afterwards.
pub fn sign_in_then(next: &str) -> String {
    format!("{SIGN_IN}?next={next}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_link_matches_its_route() {
        for (pattern, path) in super::examples() {
            let mut expected = String::new();
            let mut rest = pattern;
            while let Some((before, after)) = rest.split_once('{') {
                expected.push_str(before);
                expected.push('7');
                rest = after.split_once('}').map_or("", |(_, r)| r);
            }
            expected.push_str(rest);
            assert_eq!(path, expected, "{pattern}");
        }
    }
}
