//! Guests: where a phase lets everyone post, comment or react, a visitor takes part
//! without an account, under a name, known to their browser by a cookie; nowhere else.

use agora_db::testing::count;
use agora_testkit::{TestApp, Visitor, db_tests};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_visitor_posts_comments_and_likes_as_a_guest_without_javascript,
    guests_through_the_api,
    guests_are_asked_to_sign_in_where_the_phase_wants_an_account,
    guests_are_held_per_address,
    staff_open_actions_to_everyone_but_never_voting,
);

fn open_to_everyone() -> Value {
    let everyone = json!({"permitted_by": "everyone"});
    json!({"permissions": {"posting": everyone, "commenting": everyone, "reacting": everyone}})
}

async fn slug(app: &TestApp, project: i64) -> String {
    app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned()
}

async fn guests(app: &TestApp) -> i64 {
    count(&app.db, "SELECT COUNT(*) FROM users WHERE is_guest").await.unwrap()
}

/// Posts the idea form as this visitor; the response.
async fn post_idea(visitor: &mut Visitor<'_>, slug: &str, name: &str, title: &str) -> agora_testkit::TestResponse {
    visitor.get(&format!("/projects/{slug}/ideas/new")).await;
    let body = format!("{title}, because the street needs it.");
    visitor
        .post_form(&format!("/projects/{slug}/ideas"), &[("guest_name", name), ("title", title), ("body", &body)])
        .await
}

fn idea_id(location: &str) -> i64 {
    location.rsplit('/').next().unwrap().split(['?', '#']).next().unwrap().parse().unwrap()
}

async fn a_visitor_posts_comments_and_likes_as_a_guest_without_javascript(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, open_to_everyone()).await;
    let slug = slug(&app, project).await;
    let mut jane = app.visitor();

    // The project offers posting; the form asks the name a guest signs with.
    let form = jane.get(&format!("/projects/{slug}/ideas/new")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    assert!(form.text().contains(r#"name="guest_name""#) && form.text().contains("as a guest"), "{}", form.text());

    // Without a name: the form again, with the error next to the field, what was typed
    // kept, and nobody made a guest.
    let r = post_idea(&mut jane, &slug, " ", "Benches on the Korenmarkt").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(r#"id="guest_name-error""#) && r.text().contains("Benches on the Korenmarkt"));
    assert_eq!(guests(&app).await, 0);
    assert!(!jane.cookies.contains_key("agora_session"));

    // With a name (markup is text, never HTML): the idea is posted and the browser keeps
    // the guest's session.
    let r = post_idea(&mut jane, &slug, "Jane <b>D.</b>", "Benches on the Korenmarkt").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(jane.cookies.contains_key("agora_session"));
    assert_eq!(guests(&app).await, 1);
    let idea = idea_id(&r.location());
    let page = jane.get(&format!("/ideas/{idea}")).await.text();
    assert!(page.contains("Jane &#60;b&#62;D.&#60;/b&#62; (guest)"), "{page}");
    assert!(!page.contains("<b>D.</b>"));
    // The comment form knows her name already.
    assert!(page.contains(r#"name="guest_name" value="Jane &#60;b&#62;D.&#60;/b&#62;""#), "{page}");

    // She comments and likes as the same guest; a second visitor is another guest.
    let r = jane.post_form(&format!("/ideas/{idea}/comments"), &[("body", "And shade, please.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = jane.post_form(&format!("/ideas/{idea}/reaction"), &[("mode", "up")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let mut omar = app.visitor();
    omar.get(&format!("/ideas/{idea}")).await;
    let r = omar.post_form(&format!("/ideas/{idea}/reaction"), &[("mode", "up")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(guests(&app).await, 2, "a like asks no name, but makes a guest");
    let shown = app.get(&format!("/api/v1/ideas/{idea}"), None).await.json();
    assert_eq!((shown["likes_count"].as_i64(), shown["comments_count"].as_i64()), (Some(2), Some(1)));
    assert_eq!(shown["author"], json!({"id": shown["author"]["id"], "name": "Jane <b>D.</b>", "guest": true}));
    // Her second click takes her like back: one reaction per guest and idea.
    jane.post_form(&format!("/ideas/{idea}/reaction"), &[("mode", "up")]).await;
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.json()["likes_count"], 2 - 1);
    let comments = app.get(&format!("/api/v1/ideas/{idea}/comments"), None).await.json();
    assert_eq!(comments["items"][0]["author"]["name"], "Jane <b>D.</b>");
    assert_eq!(comments["items"][0]["author"]["guest"], true);
    let comment = comments["items"][0]["id"].as_i64().unwrap();
    let r = omar.post_form(&format!("/comments/{comment}/like"), &[("like", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}/comments"), None).await.json()["items"][0]["likes_count"], 1);

    // A guest is nobody anywhere else: no account page, no following, no notifications.
    let account = jane.get("/account").await;
    assert!(account.status == StatusCode::SEE_OTHER || account.status == StatusCode::UNAUTHORIZED);
    let other = app.idea(project, &admin, "A library bus").await;
    let follow = jane.post_form(&format!("/ideas/{other}/follow"), &[("follow", "true")]).await;
    assert_eq!(follow.status, StatusCode::UNAUTHORIZED, "{}", follow.text());
    let followed = "SELECT COUNT(*) FROM followers WHERE user_id IN (SELECT id FROM users WHERE is_guest)";
    assert_eq!(count(&app.db, followed).await.unwrap(), 1, "only her own idea, as its author");
    assert!(!jane.get("/").await.text().contains("Sign out"));

    // Staff hide what a guest wrote like anything else.
    let r = app.put(&format!("/api/v1/ideas/{idea}/hidden"), json!({"hidden": true}), Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(jane.get(&format!("/ideas/{idea}")).await.status, StatusCode::NOT_FOUND);
}

async fn guests_through_the_api(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, open_to_everyone()).await;
    let ideas = format!("/api/v1/projects/{project}/ideas");
    let idea = json!({"title": {"en": "A zebra crossing at the school"}, "body": {"en": "Children cross there."}});

    // A name is required the first time, and checked.
    for (name, problem) in [(None, "required"), (Some("J"), "too_short"), (Some("Jo\u{7}"), "invalid")] {
        let mut body = idea.clone();
        if let Some(name) = name {
            body["guest_name"] = json!(name);
        }
        let r = app.post(&ideas, body, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        assert_eq!(
            (&r.json()["fields"][0]["field"], &r.json()["fields"][0]["problem"]),
            (&json!("guest_name"), &json!(problem))
        );
    }
    assert_eq!(guests(&app).await, 0);
    // A bad idea with a good name makes no guest either.
    let r = app.post(&ideas, json!({"title": {"en": "A"}, "guest_name": "Jo"}), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(guests(&app).await, 0);

    let mut body = idea.clone();
    body["guest_name"] = json!("  Jo  ");
    let r = app.post(&ideas, body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["author"]["name"], "Jo");
    let set_cookie = r.set_cookie("agora_session").expect("the guest's session");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let session = set_cookie.split(';').next().unwrap().trim_start_matches("agora_session=").to_owned();
    let id = r.json()["id"].as_i64().unwrap();

    // The guest's cookie acts as the guest, and like any cookie it needs the CSRF header.
    let cookie = format!("agora_session={session}; agora_csrf=abc");
    let without_csrf = [("cookie", cookie.as_str())];
    let with_csrf = [("cookie", cookie.as_str()), ("x-csrf-token", "abc")];
    let path = format!("/api/v1/ideas/{id}/reaction");
    let up = Some(json!({"mode": "up"}));
    let forged = app.request_with(Method::PUT, &path, up.clone(), None, &without_csrf).await;
    assert_eq!((forged.status, forged.error()), (StatusCode::FORBIDDEN, "csrf_failed".to_owned()));
    let liked = app.request_with(Method::PUT, &path, up, None, &with_csrf).await;
    assert_eq!(liked.status, StatusCode::OK, "{}", liked.text());
    assert_eq!(liked.json()["likes_count"], 1);
    assert_eq!(guests(&app).await, 1, "the same guest");
    // A returning guest comments without giving the name again.
    let body = Some(json!({"body": {"en": "Yes, before school starts."}}));
    let comment = app.request_with(Method::POST, &format!("/api/v1/ideas/{id}/comments"), body, None, &with_csrf).await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.text());
    assert_eq!(comment.json()["author"]["name"], "Jo");
    // A guest is not signed in for anything else.
    let me = app.request_with(Method::GET, "/api/v1/me", None, None, &without_csrf).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "{}", me.text());
}

async fn guests_are_asked_to_sign_in_where_the_phase_wants_an_account(app: TestApp) {
    let admin = app.admin().await;
    let open = app.open_project(&admin, open_to_everyone()).await;
    let closed = app.open_project(&admin, json!({})).await;
    let resident = app.user("Resident").await;
    let idea = app.idea(closed, &resident, "Trees on the Vrijdagmarkt").await;
    let closed_slug = slug(&app, closed).await;

    // A visitor is sent to sign in, and no guest is made.
    let mut visitor = app.visitor();
    let form = visitor.get(&format!("/projects/{closed_slug}/ideas/new")).await;
    assert_eq!(form.status, StatusCode::SEE_OTHER);
    assert!(form.location().contains("/sign-in"));
    let r = app
        .post(&format!("/api/v1/projects/{closed}/ideas"), json!({"title": {"en": "Mine"}, "guest_name": "Jo"}), None)
        .await;
    assert_eq!((r.status, r.error()), (StatusCode::UNAUTHORIZED, "not_signed_in".to_owned()));
    let page = visitor.get(&format!("/ideas/{idea}")).await.text();
    assert!(page.contains("Sign in to comment.") && !page.contains(r#"name="guest_name""#));
    let r = visitor.post_form(&format!("/ideas/{idea}/reaction"), &[("mode", "up")]).await;
    assert!(r.location().contains("/sign-in"));
    assert_eq!(guests(&app).await, 0);

    // Someone who is a guest in one project is asked to sign in in the other.
    let open_slug = slug(&app, open).await;
    let r = post_idea(&mut visitor, &open_slug, "Jo", "A bench by the river").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = visitor.post_form(&format!("/ideas/{idea}/reaction"), &[("mode", "up")]).await;
    assert!(r.location().contains("/sign-in"), "{}", r.location());
    let r = visitor.post_form(&format!("/ideas/{idea}/comments"), &[("body", "Me too"), ("guest_name", "Jo")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.json()["comments_count"], 0);

    // And never votes, whatever the phase says.
    let (_, phase, _) = app.voting_project(&admin, json!({"method": "single"}), json!({}), &[0, 0]).await;
    let ballot = visitor.get(&format!("/phases/{phase}/ballot")).await.text();
    assert!(ballot.contains("Sign in to vote"), "{ballot}");
}

async fn guests_are_held_per_address(app: TestApp) {
    let app = app.reconfigure(|c| {
        c.rate_limits = agora_web::config::RateLimits::parse("guests_ip=2/1,guest_reacting_ip=100/100").unwrap();
    });
    let admin = app.admin().await;
    let project = app.open_project(&admin, open_to_everyone()).await;
    let idea = app.idea(project, &admin, "Water fountains in the parks").await;
    let path = format!("/api/v1/ideas/{idea}/reaction");
    // Two new guests from one address, then no more: clearing cookies does not give
    // anyone a third like.
    for _ in 0..2 {
        assert_eq!(app.put(&path, json!({"mode": "up"}), None).await.status, StatusCode::OK);
    }
    let third = app.put(&path, json!({"mode": "up"}), None).await;
    assert_eq!((third.status, third.error()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited".to_owned()));
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.json()["likes_count"], 2);
    assert_eq!(guests(&app).await, 2);
    // People with an account are not held by the guests' limits.
    let resident = app.user("Resident").await;
    assert_eq!(app.put(&path, json!({"mode": "up"}), Some(&resident.token)).await.status, StatusCode::OK);
}

async fn staff_open_actions_to_everyone_but_never_voting(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = phases["items"][0]["id"].as_i64().unwrap();
    let form = staff.get(&format!("/admin/phases/{phase}")).await.text();
    assert!(form.contains("Everyone, without an account"), "{form}");
    // The choice is offered for posting, commenting and reacting, not for voting.
    let select = |action: &str| {
        let start = form.find(&format!(r#"name="permission_{action}""#)).unwrap_or_else(|| panic!("{action}: {form}"));
        let end = start + form[start..].find("</select>").unwrap();
        form[start..end].to_owned()
    };
    for action in ["posting", "commenting", "reacting"] {
        assert!(select(action).contains(r#"value="everyone""#), "{action}");
    }
    assert!(!select("voting").contains(r#"value="everyone""#));
    // Through the API too.
    let r = app
        .put(
            &format!("/api/v1/phases/{phase}"),
            phase_body(json!({"commenting": {"permitted_by": "everyone"}})),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["permissions"]["commenting"]["permitted_by"], "everyone");
    let r = app
        .put(
            &format!("/api/v1/phases/{phase}"),
            phase_body(json!({"voting": {"permitted_by": "everyone"}})),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["fields"][0]["field"], "permissions.voting");
}

fn phase_body(permissions: Value) -> Value {
    let now = chrono::Utc::now();
    json!({
        "title": {"en": "Ideas"},
        "description": {"en": ""},
        "start_at": (now - chrono::Duration::days(1)).to_rfc3339(),
        "end_at": (now + chrono::Duration::days(30)).to_rfc3339(),
        "method": "ideation",
        "posting_enabled": true, "commenting_enabled": true, "reacting_enabled": true, "disliking_enabled": false,
        "permissions": permissions,
    })
}
