//! Staff find people and block those who abuse the platform: a blocked person reads like
//! anyone but no longer signs in or acts.

use agora_db::testing::{count, execute};
use agora_testkit::{TestApp, TestUser, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    a_blocked_person_reads_but_no_longer_signs_in_or_acts,
    only_admins_block_and_never_an_admin,
    deleting_an_account_keeps_counters_ballots_and_results_right,
    people_accept_the_terms_in_force_when_they_sign_up,
    staff_invite_people_and_export_everyone,
    what_the_account_page_does_the_api_does_too,
);

/// An idea's likes and comments, as counted.
async fn counts(app: &TestApp, idea: i64) -> (serde_json::Value, serde_json::Value) {
    let idea = app.get(&format!("/api/v1/ideas/{idea}"), None).await.json();
    (idea["likes_count"].clone(), idea["comments_count"].clone())
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> agora_testkit::TestResponse {
    app.post("/api/v1/auth/token", json!({"email": email, "password": password}), None).await
}

async fn a_blocked_person_reads_but_no_longer_signs_in_or_acts(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let troll = app.user("Troll").await;
    let idea = app.idea(project, &troll, "Something loud").await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;

    // Found by a search; the button asks first and changes nothing until confirmed.
    let page = staff.get("/admin/people?q=troll").await.text();
    assert!(page.contains(&troll.email) && page.contains("Block"), "{page}");
    let path = format!("/admin/people/{}/block?q=troll", troll.id);
    let asked = staff.post_form(&path, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.text().contains("Block Troll?"), "{}", asked.text());
    assert_eq!(app.get("/api/v1/me", Some(&troll.token)).await.status, StatusCode::OK);

    let r = staff.post_form(&path, &[("confirmed", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().contains("done=person-blocked") && r.location().contains("q=troll"), "{}", r.location());
    // Signed out everywhere, and refused at sign-in, but only to whoever knows the password.
    assert_eq!(app.get("/api/v1/me", Some(&troll.token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.error(), "account_blocked");
    assert_eq!(sign_in(&app, &troll.email, "not the password").await.error(), "invalid_credentials");
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    let r = browser.post_form("/sign-in", &[("email", &troll.email), ("password", TestUser::PASSWORD)]).await;
    assert!(r.text().contains("This account is blocked"), "{}", r.text());
    // What they wrote stays, for anyone to read.
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.status, StatusCode::OK);
    assert!(staff.get("/admin/people?q=troll").await.text().contains("Blocked since"));

    // The block is lifted through the API: they sign in again.
    let unblock = format!("/api/v1/admin/users/{}/block", troll.id);
    assert_eq!(app.delete(&unblock, Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.status, StatusCode::CREATED);
    assert_eq!(app.put(&unblock, json!({}), Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.error(), "account_blocked");
}

async fn only_admins_block_and_never_an_admin(app: TestApp) {
    let admin = app.admin().await;
    let other_admin = app.admin().await;
    let resident = app.user("Amira").await;
    let block = |id: i64| format!("/api/v1/admin/users/{id}/block");
    assert_eq!(app.put(&block(admin.id), json!({}), Some(&admin.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(other_admin.id), json!({}), Some(&admin.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(admin.id), json!({}), Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(resident.id), json!({}), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.put(&block(9_999), json!({}), Some(&admin.token)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/admin/people?q=a", Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/me", Some(&other_admin.token)).await.status, StatusCode::OK);
}

async fn deleting_an_account_keeps_counters_ballots_and_results_right(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (leaving, keeping, staying) = (app.user("Leaving").await, app.user("Keeping").await, app.user("Staying").await);
    let theirs = app.idea(project, &leaving, "Leaving's own idea").await;
    let other = app.idea(project, &staying, "Staying's idea").await;
    let comments = format!("/api/v1/ideas/{other}/comments");
    for (who, text) in [(&leaving, "Leaving was here."), (&keeping, "Keeping was here."), (&staying, "And me.")] {
        let r = app.post(&comments, json!({"body": {"en": text}}), Some(&who.token)).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    for who in [&leaving, &keeping] {
        app.put(&format!("/api/v1/ideas/{other}/reaction"), json!({"mode": "up"}), Some(&who.token)).await;
    }
    assert_eq!(counts(&app, other).await, (json!(2), json!(3)));

    // All three vote.
    let voting = json!({"method": "single", "rule": "greedy"});
    let (_, phase, options) = app.voting_project(&admin, voting, json!({}), &[1, 1]).await;
    let basket = format!("/api/v1/phases/{phase}/basket");
    for who in [&leaving, &keeping, &staying] {
        app.put(&basket, json!({"votes": {options[0].to_string(): 1}}), Some(&who.token)).await;
        assert_eq!(app.post(&format!("{basket}/submit"), json!({}), Some(&who.token)).await.status, StatusCode::OK);
    }

    // The wrong password changes nothing.
    let wrong = app.request(
        axum::http::Method::DELETE,
        "/api/v1/me",
        Some(json!({"password": "nope", "keep_content": false})),
        Some(&leaving.token),
    );
    assert_eq!(wrong.await.error(), "invalid_credentials");
    assert_eq!(app.get("/api/v1/me", Some(&leaving.token)).await.status, StatusCode::OK);

    // One leaves with everything they wrote, through the API; one keeps it, in the pages.
    let body = json!({"password": TestUser::PASSWORD, "keep_content": false});
    let r = app.request(axum::http::Method::DELETE, "/api/v1/me", Some(body), Some(&leaving.token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let mut browser = app.visitor();
    browser.sign_in(&keeping).await;
    assert!(browser.get("/account/delete").await.text().contains("Delete my account for good"));
    let r = browser.post_form("/account/delete", &[("content", "keep"), ("password", TestUser::PASSWORD)]).await;
    assert!(r.location().contains("done=account-deleted"), "{}", r.location());

    assert_eq!(app.get("/api/v1/me", Some(&leaving.token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/api/v1/ideas/{theirs}"), None).await.status, StatusCode::NOT_FOUND);
    let left = "SELECT COUNT(*) FROM users WHERE email LIKE 'leaving%' OR email LIKE 'keeping%'";
    assert_eq!(count(&app.db, left).await.unwrap(), 0);
    // Their likes went; the comment erased is counted no more, the one kept still is,
    // signed by a former participant.
    assert_eq!(counts(&app, other).await, (json!(0), json!(2)));
    assert_eq!(agora_db::counters::recount(&app.db, agora_db::now()).await.unwrap(), 0, "every counter was right");
    let page = app.get(&format!("/ideas/{other}"), None).await.text();
    assert!(page.contains("Keeping was here.") && !page.contains("Leaving was here."), "{page}");
    assert!(page.contains("a former participant"));

    // Every ballot still counts.
    execute(&app.db, &format!("UPDATE phases SET end_at = {} WHERE id = {phase}", agora_db::now())).await.unwrap();
    let results = format!("/api/v1/phases/{phase}/results");
    assert_eq!(app.post(&results, json!({}), Some(&admin.token)).await.status, StatusCode::ACCEPTED);
    let published = app.get(&results, None).await.json();
    assert_eq!(published["voters_online"], 3, "{published}");
    let first = published["options"].as_array().unwrap().iter().find(|o| o["idea_id"] == options[0]).unwrap().clone();
    assert_eq!(first["votes"], 3, "{published}");

    // The only administrator cannot leave the platform without one.
    let body = json!({"password": TestUser::PASSWORD, "keep_content": true});
    let r = app.request(axum::http::Method::DELETE, "/api/v1/me", Some(body), Some(&admin.token)).await;
    assert_eq!(r.error(), "last_admin");
}

async fn people_accept_the_terms_in_force_when_they_sign_up(app: TestApp) {
    let admin = app.admin().await;
    let sign_up = |email: &str, accept: Option<bool>| {
        let mut body = json!({"email": email, "password": "a strong password", "name": "Noor"});
        if let Some(accept) = accept {
            body["accept_terms"] = json!(accept);
        }
        app.post("/api/v1/users", body, None)
    };
    // Before the city publishes terms, nobody is asked; the privacy page says what is kept.
    assert_eq!(sign_up("first@example.org", None).await.status, StatusCode::CREATED);
    assert!(app.get("/privacy", None).await.text().contains("never shown to others"));
    assert!(!app.get("/sign-up", None).await.text().contains("accept_terms"));

    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let r = staff.post_form("/admin/legal", &[("privacy", "We keep **little**.<script>alert(1)</script>")]).await;
    assert!(r.location().contains("done=legal-saved"), "{}", r.text());
    let privacy = app.get("/privacy", None).await.text();
    assert!(privacy.contains("We keep <strong>little</strong>.") && !privacy.contains("<script>alert"), "{privacy}");
    staff.post_form("/admin/legal", &[("terms", "Be kind.")]).await;
    assert!(app.get("/terms", None).await.text().contains("Version 1"));
    let resident = app.user("Amira").await;
    let mut someone = app.visitor();
    someone.sign_in(&resident).await;
    someone.get("/account").await;
    assert_eq!(someone.post_form("/admin/legal", &[("terms", "Mine now.")]).await.status, StatusCode::FORBIDDEN);

    // Now signing up means accepting them, in the API and in the pages.
    let r = sign_up("second@example.org", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["fields"][0]["field"], "accept_terms", "{}", r.text());
    assert_eq!(sign_up("second@example.org", Some(true)).await.status, StatusCode::CREATED);
    let mut visitor = app.visitor();
    let form = visitor.get("/sign-up").await.text();
    assert!(form.contains(r#"id="accept_terms""#), "{form}");
    let fields = [("name", "Lena"), ("email", "third@example.org"), ("password", "a strong password")];
    let r = visitor.post_form("/sign-up", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(r#"id="accept_terms-error""#));
    staff.post_form("/admin/legal", &[("terms", "Be kind, and brief.")]).await;
    let r = visitor.post_form("/sign-up", &[fields[0], fields[1], fields[2], ("accept_terms", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let accepted = "SELECT COUNT(*) FROM users WHERE (email = 'second@example.org' AND terms_version = 1)
        OR (email = 'third@example.org' AND terms_version = 2 AND terms_accepted_at IS NOT NULL)
        OR (email = 'first@example.org' AND terms_version IS NULL)";
    assert_eq!(count(&app.db, accepted).await.unwrap(), 3);
}

/// The link to `path` in the `.eml` files written for `to` (quoted-printable undone).
fn mailed_link(app: &TestApp, to: &str, path: &str) -> String {
    let mails: Vec<String> = app.mail_files().iter().map(|m| m.replace("=\r\n", "").replace("=3D", "=")).collect();
    let mail = mails.iter().find(|m| m.contains(&format!("To: {to}"))).unwrap_or_else(|| panic!("no mail to {to}"));
    let link = mail.split_whitespace().find(|w| w.starts_with("http") && w.contains(path)).unwrap();
    link.strip_prefix("http://127.0.0.1").unwrap().to_owned()
}

async fn staff_invite_people_and_export_everyone(app: TestApp) {
    let admin = app.admin().await;
    let amira = app.user("Amira").await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;

    // One by one: an account, and a link to choose its password.
    let r = staff.post_form("/admin/people/invite", &[("email", "noor@example.org"), ("name", "Noor")]).await;
    assert!(r.text().contains("noor@example.org is invited"), "{}", r.text());
    let r = staff.post_form("/admin/people/invite", &[("email", &amira.email), ("name", "Amira")]).await;
    assert!(r.text().contains("has an account already"), "{}", r.text());
    let r = staff.post_form("/admin/people/invite", &[("email", "not an address"), ("name", "X")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Until they choose a password, no password opens the account.
    assert_eq!(sign_in(&app, "noor@example.org", "!invited").await.status, StatusCode::UNAUTHORIZED);
    let link = mailed_link(&app, "noor@example.org", "/reset-password?token=");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let mut noor = app.visitor();
    assert!(noor.get(&link).await.text().contains(r#"id="set-password""#));
    let r = noor.post_form("/reset-password/new", &[("token", &token), ("password", "my own password")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let signed = sign_in(&app, "noor@example.org", "my own password").await.json();
    let me = app.get("/api/v1/me", signed["token"].as_str()).await.json();
    assert_eq!(me["name"], "Noor");

    // From a file: a header, two new people, one with an account, one bad line.
    let csv =
        format!("email,name\nlena@example.org,Lena\nomar@example.org\n{},Amira\nnot-an-address,Who\n", amira.email);
    let r = staff.post_multipart("/admin/people/invite-file", &[("file", &csv)]).await;
    assert!(
        r.text().contains("2 invited, 1 with an account already, 1 lines refused. Refused lines: 5."),
        "{}",
        r.text()
    );
    let omar = "SELECT COUNT(*) FROM users WHERE email = 'omar@example.org' AND name = 'omar'";
    assert_eq!(count(&app.db, omar).await.unwrap(), 1, "without a name, the address's first part");
    let resident = app.user("Resident").await;
    let mut someone = app.visitor();
    someone.sign_in(&resident).await;
    someone.get("/account").await;
    let r = someone.post_form("/admin/people/invite", &[("email", "x@example.org"), ("name", "X")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Everyone, as a spreadsheet read back as a city's clerk would open it.
    let xlsx = staff.get("/admin/people/export.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range_at(&mut book, 0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["Name".to_owned(), "E-mail address".to_owned(), "Joined".to_owned()]);
    let people = count(&app.db, "SELECT COUNT(*) FROM users WHERE NOT is_guest").await.unwrap();
    assert_eq!(rows.len() as i64, people + 1);
    assert!(rows.iter().any(|r| r[1] == "lena@example.org" && r[3] == "no"), "{rows:?}");
    assert_eq!(app.get("/admin/people/export.xlsx", Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
}

async fn what_the_account_page_does_the_api_does_too(app: TestApp) {
    let admin = app.admin().await;
    let amira = app.user("Amira").await;
    let other_device =
        sign_in(&app, &amira.email, TestUser::PASSWORD).await.json()["token"].as_str().unwrap().to_owned();

    // A new password: the token in use stays, the other device is signed out.
    let change = json!({"current_password": "wrong", "new_password": "a brand new password"});
    let r = app.put("/api/v1/me/password", change, Some(&amira.token)).await;
    assert_eq!(r.error(), "invalid_credentials");
    assert_eq!(app.get("/api/v1/me", Some(&other_device)).await.status, StatusCode::OK, "nothing changed");
    let change = json!({"current_password": TestUser::PASSWORD, "new_password": "a brand new password"});
    assert_eq!(app.put("/api/v1/me/password", change, Some(&amira.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", Some(&amira.token)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", Some(&other_device)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&app, &amira.email, "a brand new password").await.status, StatusCode::CREATED);

    // Signing out elsewhere keeps the token in use only.
    let third = sign_in(&app, &amira.email, "a brand new password").await.json()["token"].as_str().unwrap().to_owned();
    let r = app.post("/api/v1/me/sign-out-elsewhere", json!({}), Some(&amira.token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", Some(&third)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", Some(&amira.token)).await.status, StatusCode::OK);

    // A new address, by a link mailed to it; the confirmation of an address already
    // confirmed sends nothing.
    let mails = |app: &TestApp| {
        let db = app.db.clone();
        async move { count(&db, "SELECT COUNT(*) FROM mails").await.unwrap() }
    };
    let before = mails(&app).await;
    let r = app.post("/api/v1/me/confirmation", json!({}), Some(&amira.token)).await;
    assert_eq!((r.status, mails(&app).await), (StatusCode::ACCEPTED, before));
    let wrong = json!({"new_email": "amira.h@example.org", "password": "not it"});
    assert_eq!(app.post("/api/v1/me/email", wrong, Some(&amira.token)).await.error(), "invalid_credentials");
    let change = json!({"new_email": "amira.h@example.org", "password": "a brand new password"});
    assert_eq!(app.post("/api/v1/me/email", change, Some(&amira.token)).await.status, StatusCode::ACCEPTED);
    assert_eq!(mails(&app).await, before + 1);
    // An address with an account gets the same answer: nobody learns who has one here.
    let taken = json!({"new_email": admin.email, "password": "a brand new password"});
    assert_eq!(app.post("/api/v1/me/email", taken, Some(&amira.token)).await.status, StatusCode::ACCEPTED);

    // Staff find people, and only staff.
    let found = app.get("/api/v1/admin/users?q=amira", Some(&admin.token)).await.json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!((found[0]["id"].clone(), found[0]["email_confirmed"].clone()), (json!(amira.id), json!(true)));
    assert_eq!(app.get("/api/v1/admin/users?q=amira", Some(&amira.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/admin/users", Some(&admin.token)).await.json(), json!([]));

    // A mail that was not given up cannot be started again; an unknown one is not found.
    assert_eq!(
        app.post("/api/v1/admin/mail/999999/retry", json!({}), Some(&admin.token)).await.status,
        StatusCode::NOT_FOUND
    );
    let mail: i64 = count(&app.db, "SELECT MAX(id) FROM mails").await.unwrap();
    let path = format!("/api/v1/admin/mail/{mail}/retry");
    assert_eq!(app.post(&path, json!({}), Some(&amira.token)).await.status, StatusCode::FORBIDDEN);

    // The privacy notice, written and read through the API.
    assert_eq!(app.get("/api/v1/legal/privacy", None).await.status, StatusCode::NOT_FOUND);
    let text = json!({"locale": "en", "text": "We keep **little**. <script>x</script>"});
    assert_eq!(app.put("/api/v1/legal/privacy", text.clone(), Some(&amira.token)).await.status, StatusCode::FORBIDDEN);
    let saved = app.put("/api/v1/legal/privacy", text, Some(&admin.token)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["version"], 1);
    let read = app.get("/api/v1/legal/privacy", None).await.json();
    assert_eq!(read["body"]["en"], "We keep **little**. <script>x</script>");
    assert!(!app.visitor().get("/privacy").await.text().contains("<script>x"), "rendered safely");
    assert_eq!(app.get("/api/v1/legal/cookies", None).await.status, StatusCode::NOT_FOUND);
}
