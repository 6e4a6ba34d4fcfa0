//! Mail, delivered to a real SMTP server (aiosmtpd, started by the test): the address
//! confirmed at sign-up, a forgotten password, failures retried and shown to staff, and
//! `.eml` files when no SMTP server is set.

use agora_db::testing::{count, execute};
use agora_testkit::smtp::{Delivered, Options, SmtpServer};
use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    sign_up_mails_a_link_that_confirms_the_address,
    a_forgotten_password_is_reset_by_a_mailed_link,
    a_failed_send_is_retried_and_shown_to_staff,
    without_smtp_mails_are_written_as_files,
    the_confirmed_permission_waits_for_the_link,
    notifications_are_mailed_as_each_person_chose,
    an_address_changes_when_the_new_one_confirms,
    people_download_everything_held_about_them,
    weekly_digests_tell_what_happened_and_only_then,
);

/// The path (with its query) of a link in a mail.
fn path_of(link: &str) -> String {
    link.strip_prefix("http://127.0.0.1").unwrap_or(link).to_owned()
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_owned()
}

async fn sign_up<'a>(app: &'a TestApp, email: &str, name: &str) -> agora_testkit::Visitor<'a> {
    let mut visitor = app.visitor();
    visitor.get("/sign-up").await;
    let r = visitor.post_form("/sign-up", &[("name", name), ("email", email), ("password", "a strong password")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    visitor
}

fn only_mail_to(delivered: &[Delivered], to: &str) -> Delivered {
    let mails: Vec<&Delivered> = delivered.iter().filter(|m| m.rcpt_tos == [to.to_owned()]).collect();
    assert_eq!(mails.len(), 1, "{delivered:?}");
    mails[0].clone()
}

async fn sign_up_mails_a_link_that_confirms_the_address(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    // A name cannot smuggle a header in: refused, and nothing is made or sent.
    let mut visitor = app.visitor();
    visitor.get("/sign-up").await;
    let fields =
        [("name", "Amira\r\nBcc: spy@example.org"), ("email", "amira@example.org"), ("password", "a strong password")];
    assert_eq!(visitor.post_form("/sign-up", &fields).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM mails").await.unwrap(), 0);
    // Markup in a name is text in the mail.
    let mut amira = sign_up(&app, "amira@example.org", "Amira <b>A.</b>").await;
    let account = amira.get("/account").await.text();
    assert!(account.contains("not confirmed yet"), "{account}");
    assert!(account.contains("<title>Your account · Agora</title>"), "the title is the title only: {account}");
    assert!(account.contains(r#"id="confirm-reminder""#));

    let mail = only_mail_to(&smtp.wait_for(1).await, "amira@example.org");
    assert_eq!(mail.subject(), "Confirm your e-mail address for Agora Test City");
    assert_eq!(mail.header("From"), Some("Agora <noreply@agora.test>"));
    assert!(mail.header("Bcc").is_none() && mail.header("List-Unsubscribe").is_none(), "{mail:?}");
    assert!(mail.text.contains("Please confirm that amira@example.org is your address"), "{}", mail.text);
    assert!(mail.html.contains("<a href=\"http://127.0.0.1/en/confirm-email?token="), "{}", mail.html);
    assert!(mail.html.contains("Hello Amira &lt;b&gt;A.&lt;/b&gt;,") && mail.text.contains("Hello Amira <b>A.</b>,"));
    let link = mail.link_to("/confirm-email").expect("a link in the text");

    // Opening the link changes nothing (mail scanners open links too); the button does.
    let page = amira.get(&path_of(&link)).await;
    assert!(page.text().contains(r#"id="confirm-email""#), "{}", page.text());
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM users WHERE email_confirmed_at IS NOT NULL").await.unwrap(), 0);
    let r = amira.post_form("/confirm-email", &[("token", &token_of(&link))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().contains("done=email-confirmed"), "{}", r.location());
    let account = amira.get("/account").await.text();
    assert!(account.contains("Your e-mail address is confirmed.") && !account.contains("confirm-reminder"));

    // A link works once.
    let again = amira.get(&path_of(&link)).await.text();
    assert!(again.contains("This link no longer works"), "{again}");
    let r = app.post("/api/v1/auth/confirm", json!({"token": token_of(&link)}), None).await;
    assert_eq!((r.status, r.error()), (StatusCode::UNPROCESSABLE_ENTITY, "link_invalid".to_owned()));
    // The mail's bodies, which held the secret, are gone once it was sent.
    let kept = "SELECT COUNT(*) FROM mails WHERE sent_at IS NOT NULL AND text_body = '' AND html_body = ''";
    assert_eq!(count(&app.db, kept).await.unwrap(), 1);
}

async fn a_forgotten_password_is_reset_by_a_mailed_link(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    let omar = app.user("Omar").await;
    let old_token = omar.token.clone();

    // The same answer whether or not the address has an account; only an account gets mail.
    for email in ["nobody@example.org", omar.email.as_str()] {
        let r = app.post("/api/v1/auth/password-reset", json!({"email": email}), None).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
        assert!(r.body.is_empty());
    }
    let r = app.post("/api/v1/auth/password-reset", json!({"email": "not an address"}), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mail = only_mail_to(&smtp.wait_for(1).await, &omar.email);
    assert_eq!(smtp.delivered().len(), 1, "no mail for an address without an account");
    assert!(mail.subject().starts_with("A new password for"));
    let token = token_of(&mail.link_to("/reset-password").unwrap());

    // Bad tokens and weak passwords change nothing.
    let bad =
        app.post("/api/v1/auth/password-reset/confirm", json!({"token": "forged", "password": "x y z w v u"}), None);
    assert_eq!(bad.await.error(), "link_invalid");
    let weak =
        app.post("/api/v1/auth/password-reset/confirm", json!({"token": token, "password": "short"}), None).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/me", Some(&old_token)).await.status, StatusCode::OK);

    // The page the link opens sets the password: the old one and every session stop working.
    let mut browser = app.visitor();
    let page = browser.get(&format!("/reset-password?token={token}")).await.text();
    assert!(page.contains(r#"id="set-password""#), "{page}");
    let r = browser.post_form("/reset-password/new", &[("token", &token), ("password", "a brand new password")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.location().contains("done=password-reset"));
    assert_eq!(app.get("/api/v1/me", Some(&old_token)).await.status, StatusCode::UNAUTHORIZED);
    let old = app.post(
        "/api/v1/auth/token",
        json!({"email": omar.email, "password": agora_testkit::TestUser::PASSWORD}),
        None,
    );
    assert_eq!(old.await.status, StatusCode::UNAUTHORIZED);
    let new = app.post("/api/v1/auth/token", json!({"email": omar.email, "password": "a brand new password"}), None);
    assert_eq!(new.await.status, StatusCode::CREATED);
    // Once.
    let r = browser.post_form("/reset-password/new", &[("token", &token), ("password", "yet another password")]).await;
    assert!(r.text().contains("This link no longer works"), "{}", r.text());

    // An expired link does not work either.
    app.post("/api/v1/auth/password-reset", json!({"email": omar.email}), None).await;
    let token = token_of(&smtp.wait_for(2).await[1].link_to("/reset-password").unwrap());
    execute(&app.db, "UPDATE account_tokens SET expires_at = 1").await.unwrap();
    let r =
        app.post("/api/v1/auth/password-reset/confirm", json!({"token": token, "password": "a fine password"}), None);
    assert_eq!(r.await.error(), "link_invalid");
}

async fn a_failed_send_is_retried_and_shown_to_staff(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options { fail_first: 1, ..Options::default() }) else { return };
    let app = app.with_smtp(&smtp.url());
    let admin = app.admin().await;
    sign_up(&app, "lena@example.org", "Lena").await;

    // The server said "try later": the mail waits, with the error, for staff to see.
    let list = app.get("/api/v1/admin/mail", Some(&admin.token)).await.json();
    let mail = list["items"][0].clone();
    assert_eq!((mail["to"].clone(), mail["state"].clone()), (json!("lena@example.org"), json!("retrying")));
    assert!(mail["last_error"].as_str().unwrap().contains("451"), "{mail}");
    let page = app.get("/admin/mail", Some(&admin.token)).await.text();
    assert!(page.contains("lena@example.org") && page.contains("451"), "{page}");
    let resident = app.user("Someone").await;
    assert_eq!(app.get("/api/v1/admin/mail", Some(&resident.token)).await.status, StatusCode::FORBIDDEN);

    // The next attempt, when due, goes through; the mail is sent once.
    let later = agora_db::now() + 60 * 1_000_000;
    agora_app::outbox::run_due(&app.db, &app.mailer, later).await.unwrap();
    agora_app::outbox::run_due(&app.db, &app.mailer, later + 3_600_000_000).await.unwrap();
    assert_eq!(smtp.wait_for(1).await.len(), 1);
    let list = app.get("/api/v1/admin/mail", Some(&admin.token)).await.json();
    assert_eq!((list["items"][0]["state"].clone(), list["items"][0]["attempts"].clone()), (json!("sent"), json!(2)));
}

async fn without_smtp_mails_are_written_as_files(app: TestApp) {
    sign_up(&app, "noor@example.org", "Noor").await;
    let files = app.mail_files();
    assert_eq!(files.len(), 1);
    assert!(
        files[0].contains("To: noor@example.org") && files[0].contains("Subject: Confirm your e-mail"),
        "{}",
        files[0]
    );
}

async fn the_confirmed_permission_waits_for_the_link(app: TestApp) {
    let admin = app.admin().await;
    let confirmed = json!({"permitted_by": "confirmed"});
    let project = app.open_project(&admin, json!({"permissions": {"commenting": confirmed}})).await;
    let idea = app.idea(project, &admin, "Benches on the Korenmarkt").await;
    let r = app.post(
        "/api/v1/users",
        json!({"email": "ines@example.org", "password": "a strong password", "name": "Ines"}),
        None,
    );
    assert_eq!(r.await.status, StatusCode::CREATED);
    let token =
        app.post("/api/v1/auth/token", json!({"email": "ines@example.org", "password": "a strong password"}), None);
    let token = token.await.json()["token"].as_str().unwrap().to_owned();
    let comment = json!({"body": {"en": "Yes, with shade."}});
    let path = format!("/api/v1/ideas/{idea}/comments");
    assert_eq!(app.post(&path, comment.clone(), Some(&token)).await.error(), "email_not_confirmed");

    // The `.eml` file as written: quoted-printable, whose soft line breaks and `=3D`
    // are undone to read the link.
    let mail = app.mail_files().pop().unwrap().replace("=\r\n", "").replace("=3D", "=");
    let link = mail.split_whitespace().find(|w| w.contains("/confirm-email?token=")).unwrap().to_owned();
    let token_value: String =
        link.split("token=").nth(1).unwrap().chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token_value.len(), 64, "{mail}");
    assert_eq!(
        app.post("/api/v1/auth/confirm", json!({"token": token_value}), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.post(&path, comment, Some(&token)).await.status, StatusCode::CREATED);
}

async fn comment(app: &TestApp, idea: i64, who: &agora_testkit::TestUser, text: &str) {
    let path = format!("/api/v1/ideas/{idea}/comments");
    let r = app.post(&path, json!({"body": {"en": text}}), Some(&who.token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

async fn notifications_are_mailed_as_each_person_chose(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (amira, omar, lena) = (app.user("Amira").await, app.user("Omar").await, app.user("Lena").await);
    let idea = app.idea(project, &amira, "Shade on the Vrijdagmarkt").await;
    app.put(&format!("/api/v1/ideas/{idea}/follow"), json!({}), Some(&lena.token)).await;

    // A comment on Amira's idea: she is mailed (on by default); Lena, who only follows
    // it, is told in the app but not by mail (off by default).
    comment(&app, idea, &omar, "Trees, yes.").await;
    let mail = only_mail_to(&smtp.wait_for(1).await, &amira.email);
    assert_eq!(mail.subject(), "Omar commented on your idea \"Shade on the Vrijdagmarkt\".");
    assert!(mail.text.starts_with("Hello Amira,"), "{}", mail.text);
    assert_eq!(mail.link_to("/ideas/"), Some(format!("http://127.0.0.1/en/ideas/{idea}")));
    assert_eq!(mail.header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
    let unsubscribe = mail.header("List-Unsubscribe").unwrap().trim_matches(['<', '>']).to_owned();
    assert!(unsubscribe.contains("/mail/unsubscribe?token=") && unsubscribe.contains("kind=comment_on_your_idea"));
    let told = "SELECT COUNT(*) FROM notifications WHERE kind = 'comment_on_followed_idea'";
    assert_eq!(count(&app.db, told).await.unwrap(), 1);
    assert_eq!(smtp.delivered().len(), 1);

    // Opening the unsubscribe link changes nothing; the mail client's one-click POST
    // (no cookie, no CSRF token) stops that kind of mail, and only that one.
    let page = app.visitor().get(&path_of(&unsubscribe)).await.text();
    assert!(page.contains(r#"id="unsubscribe""#), "{page}");
    let settings = app.get("/api/v1/me/notification-settings", Some(&amira.token)).await.json();
    assert_eq!(settings["mail"]["comment_on_your_idea"], true);
    let one_click = app
        .send(
            axum::http::Request::post(path_of(&unsubscribe))
                .header("host", "127.0.0.1")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(one_click.status, StatusCode::OK, "{}", one_click.text());
    let settings = app.get("/api/v1/me/notification-settings", Some(&amira.token)).await.json();
    assert_eq!(
        (settings["mail"]["comment_on_your_idea"].clone(), settings["mail"]["comment_reply"].clone()),
        (json!(false), json!(true))
    );
    comment(&app, idea, &omar, "And benches.").await;
    assert_eq!(smtp.delivered().len(), 1, "no mail after unsubscribing");
    let forged = app.visitor().get("/mail/unsubscribe?token=forged").await.text();
    assert!(forged.contains("This link does not work"), "{forged}");
    let unknown_kind = unsubscribe.replace("kind=comment_on_your_idea", "kind=spam");
    let r = app.send(
        axum::http::Request::post(path_of(&unknown_kind))
            .header("host", "127.0.0.1")
            .body(axum::body::Body::empty())
            .unwrap(),
    );
    assert_eq!(r.await.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown kind stops nothing");
    assert_eq!(app.get("/api/v1/me/notification-settings", Some(&amira.token)).await.json()["digest"], true);

    // Nobody is mailed at an address they have not confirmed: anyone may sign up with
    // someone else's.
    let body = json!({"email": "not-yet@example.org", "password": "a strong password", "name": "Not Yet"});
    app.post("/api/v1/users", body, None).await;
    let token =
        app.post("/api/v1/auth/token", json!({"email": "not-yet@example.org", "password": "a strong password"}), None);
    let not_yet = token.await.json()["token"].as_str().unwrap().to_owned();
    let theirs = app
        .post(
            &format!("/api/v1/projects/{project}/ideas"),
            json!({"title": {"en": "Unconfirmed idea"}, "body": {"en": "Something worth a comment."}}),
            Some(&not_yet),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text());
    comment(&app, theirs.json()["id"].as_i64().unwrap(), &omar, "Nice.").await;
    let to_them = "SELECT COUNT(*) FROM mails WHERE to_address = 'not-yet@example.org' AND kind <> 'confirm_email'";
    assert_eq!(count(&app.db, to_them).await.unwrap(), 0);

    // Lena turns on mail for the ideas she follows through the API; an unknown kind is
    // refused and changes nothing.
    let path = "/api/v1/me/notification-settings";
    let bad = app.put(
        path,
        json!({"mail": {"comment_on_followed_idea": true, "spam": true}, "digest": true}),
        Some(&lena.token),
    );
    assert_eq!(bad.await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(path, Some(&lena.token)).await.json()["mail"]["comment_on_followed_idea"], false);
    let r =
        app.put(path, json!({"mail": {"comment_on_followed_idea": true}, "digest": false}), Some(&lena.token)).await;
    assert_eq!(
        (r.json()["mail"]["comment_on_followed_idea"].clone(), r.json()["digest"].clone()),
        (json!(true), json!(false))
    );
    comment(&app, idea, &omar, "Third comment.").await;
    let mail = only_mail_to(&smtp.wait_for(2).await, &lena.email);
    assert!(mail.subject().contains("which you follow"), "{}", mail.subject());

    // In the pages: a form with a box per kind, and "stop all mail".
    let mut page = app.visitor();
    page.sign_in(&lena).await;
    let form = page.get("/account/mail").await.text();
    assert!(
        form.contains(r#"id="mail_comment_on_followed_idea" name="mail_comment_on_followed_idea" value="on" checked"#),
        "{form}"
    );
    let r = page.post_form("/account/mail", &[("mail_comment_reply", "on")]).await;
    assert!(r.location().contains("done=mail-settings-saved"));
    let now = app.get(path, Some(&lena.token)).await.json();
    assert_eq!(
        (now["mail"]["comment_reply"].clone(), now["mail"]["status_changed"].clone()),
        (json!(true), json!(false))
    );
    page.post_form("/account/mail/stop", &[]).await;
    let now = app.get(path, Some(&lena.token)).await.json();
    assert!(now["mail"].as_object().unwrap().values().all(|v| v == false) && now["digest"] == false, "{now}");
}

async fn an_address_changes_when_the_new_one_confirms(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    let (omar, lena) = (app.user("Omar").await, app.user("Lena").await);
    let mut browser = app.visitor();
    browser.sign_in(&omar).await;
    let password = agora_testkit::TestUser::PASSWORD;

    // A wrong password: refused next to its field, nothing sent.
    let r =
        browser.post_form("/account/email", &[("new_email", "omar@new.example.org"), ("password", "wrong one")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(r#"id="password-error""#), "{}", r.text());
    // Another account's address: the same answer as any, and nothing sent.
    let r = browser.post_form("/account/email", &[("new_email", &lena.email), ("password", password)]).await;
    assert!(r.location().contains("done=email-change-sent"));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM mails").await.unwrap(), 0);

    // A password reset asked before the change...
    app.post("/api/v1/auth/password-reset", json!({"email": omar.email}), None).await;
    let reset = token_of(&only_mail_to(&smtp.wait_for(1).await, &omar.email).link_to("/reset-password").unwrap());
    let r = browser.post_form("/account/email", &[("new_email", "omar@new.example.org"), ("password", password)]).await;
    assert!(r.location().contains("done=email-change-sent"));
    let mail = only_mail_to(&smtp.wait_for(2).await, "omar@new.example.org");
    assert!(mail.subject().starts_with("Confirm your new e-mail address"));
    // Until the link is followed, the address stays.
    assert_eq!(app.get("/api/v1/me", Some(&omar.token)).await.json()["email"], omar.email.as_str());
    let link = mail.link_to("/confirm-email").unwrap();
    let r = browser.post_form("/confirm-email", &[("token", &token_of(&link))]).await;
    assert!(r.location().contains("done=email-confirmed"), "{}", r.location());
    assert_eq!(app.get("/api/v1/me", Some(&omar.token)).await.json()["email"], "omar@new.example.org");
    let signed = app.post("/api/v1/auth/token", json!({"email": "omar@new.example.org", "password": password}), None);
    assert_eq!(signed.await.status, StatusCode::CREATED);
    // ...no longer works once the address changed: the old mailbox no longer speaks for them.
    let r =
        app.post("/api/v1/auth/password-reset/confirm", json!({"token": reset, "password": "taken over now"}), None);
    assert_eq!(r.await.error(), "link_invalid");
}

async fn people_download_everything_held_about_them(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let amira = app.user("Amira").await;
    let idea = app.idea(project, &amira, "Shade on the Vrijdagmarkt").await;
    comment(&app, idea, &amira, "With benches, too.").await;
    app.put(&format!("/api/v1/ideas/{idea}/reaction"), json!({"mode": "up"}), Some(&amira.token)).await;
    let (_, phase, options) = app.voting_project(&admin, json!({"method": "single"}), json!({}), &[1]).await;
    let basket = format!("/api/v1/phases/{phase}/basket");
    app.put(&basket, json!({"votes": {options[0].to_string(): 1}}), Some(&amira.token)).await;
    let receipt = app.post(&format!("{basket}/submit"), json!({}), Some(&amira.token)).await.json();
    let survey = app.open_project(&admin, json!({"method": "survey"})).await;
    let survey =
        app.get(&format!("/api/v1/projects/{survey}/phases"), None).await.json()["items"][0]["id"].as_i64().unwrap();
    let form =
        json!({"pages": [{"key": "p", "questions": [{"key": "why", "type": "short_text", "title": {"en": "Why?"}}]}]});
    app.put(&format!("/api/v1/phases/{survey}/form"), form, Some(&admin.token)).await;
    let responses = format!("/api/v1/phases/{survey}/responses");
    let answered = app.post(&responses, json!({"answers": {"why": "Shade"}}), Some(&amira.token)).await;
    assert_eq!(answered.status, StatusCode::CREATED);

    assert_eq!(app.post("/api/v1/me/export", json!({}), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post("/api/v1/me/export", json!({}), Some(&amira.token)).await.status, StatusCode::ACCEPTED);
    // Asking again within the hour changes nothing.
    assert_eq!(app.post("/api/v1/me/export", json!({}), Some(&amira.token)).await.status, StatusCode::ACCEPTED);
    let mail = only_mail_to(&smtp.wait_for(1).await, &amira.email);
    assert_eq!(smtp.delivered().len(), 1);
    assert_eq!(mail.subject(), "Your data on Agora Test City");
    let link = mail.link_to("/account/export?token=").unwrap();

    let download = app.get(&path_of(&link), None).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers["content-type"], "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(download.body.to_vec())).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("my-data.json").unwrap(), &mut json).unwrap();
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["account"][0]["email"], amira.email.as_str());
    assert_eq!(data["ideas"][0]["title_multiloc"]["en"], "Shade on the Vrijdagmarkt");
    assert_eq!(data["comments"][0]["body_multiloc"]["en"], "With benches, too.");
    assert_eq!(data["reactions"][0]["mode"], "up");
    assert_eq!(data["ballots"][0]["ballot_code"], receipt["ballot_code"]);
    assert_eq!(data["survey_responses"][0]["answers"], json!({"why": "Shade"}));
    assert_eq!(data["surveys_answered"][0]["phase_id"], survey);
    let parts = [
        "survey_drafts",
        "uploads",
        "follows",
        "comment_likes",
        "notifications",
        "mail_settings",
        "groups",
        "moderated_projects",
        "mails",
    ];
    for part in parts {
        assert!(data[part].is_array(), "{part} in {json}");
    }
    assert!(!json.contains("password") && !json.contains("argon2"), "no secrets in the export");

    // A forged or expired link gives nothing.
    assert_eq!(app.get("/account/export?token=forged", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    execute(&app.db, "UPDATE data_exports SET expires_at = 1").await.unwrap();
    assert_eq!(app.get(&path_of(&link), None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn weekly_digests_tell_what_happened_and_only_then(app: TestApp) {
    let Some(smtp) = SmtpServer::start(Options::default()) else { return };
    let app = app.with_smtp(&smtp.url());
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (amira, omar, lena) = (app.user("Amira").await, app.user("Omar").await, app.user("Lena").await);
    let idea = app.idea(project, &amira, "Shade on the Vrijdagmarkt").await;
    comment(&app, idea, &omar, "Plane trees, please.").await;
    let settings = json!({"mail": {}, "digest": false});
    app.put("/api/v1/me/notification-settings", settings, Some(&lena.token)).await;
    let unconfirmed = json!({"email": "new@example.org", "password": "a strong password", "name": "New"});
    app.post("/api/v1/users", unconfirmed, None).await;
    let before = smtp.wait_for(1).await.len();

    let queued = agora_app::digests::send(&app.db, &app.mailer, agora_db::now()).await.unwrap();
    assert_eq!(queued, 4, "Amira, Omar, and the admin twice (residents' and staff's)");
    app.run_outbox().await;
    let delivered = smtp.wait_for(before + 4).await;
    let digests: Vec<&Delivered> = delivered.iter().filter(|m| m.subject() == "This week on Agora Test City").collect();
    let mut to: Vec<&str> = digests.iter().map(|m| m.rcpt_tos[0].as_str()).collect();
    to.sort();
    let mut expected = vec![admin.email.as_str(), amira.email.as_str(), omar.email.as_str()];
    expected.sort();
    assert_eq!(to, expected, "not Lena (digest off), not the unconfirmed address");
    let mail = digests.iter().find(|m| m.rcpt_tos[0] == amira.email).unwrap();
    assert!(mail.text.contains("“Shade on the Vrijdagmarkt”: 0 likes, one comment."), "{}", mail.text);
    assert!(mail.text.contains("Newest: Omar: “Plane trees, please.”"), "{}", mail.text);
    assert!(mail.html.contains(&format!("<a href=\"http://127.0.0.1/en/ideas/{idea}\">")), "{}", mail.html);
    let staff = only_mail_to(
        &delivered.iter().filter(|m| m.subject().starts_with("For staff")).cloned().collect::<Vec<_>>(),
        &admin.email,
    );
    assert!(staff.text.contains("one new idea without an answer, 0 ballots received"), "{}", staff.text);

    // One click in the digest stops the digest only.
    let unsubscribe = mail.header("List-Unsubscribe").unwrap().trim_matches(['<', '>']).to_owned();
    assert!(unsubscribe.ends_with("kind=digest"), "{unsubscribe}");
    let r = app.visitor().get(&path_of(&unsubscribe)).await;
    assert!(r.text().contains("once a week"), "{}", r.text());
    let mut browser = app.visitor();
    browser.get(&path_of(&unsubscribe)).await;
    let one_click = browser.post_raw(&path_of(&unsubscribe), &[("List-Unsubscribe", "One-Click")], &[]).await;
    assert_eq!(one_click.status, StatusCode::OK, "{}", one_click.text());
    let now = app.get("/api/v1/me/notification-settings", Some(&amira.token)).await.json();
    assert_eq!((now["digest"].clone(), now["mail"]["comment_on_your_idea"].clone()), (json!(false), json!(true)));

    // A quiet week: nothing to say, nothing sent.
    let quiet = agora_db::now() + 30 * agora_core::MICROS_PER_DAY;
    assert_eq!(agora_app::digests::send(&app.db, &app.mailer, quiet).await.unwrap(), 0);
}
