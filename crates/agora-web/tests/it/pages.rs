//! The HTML pages with plain forms, as a browser without JavaScript uses them.

use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    first_run_creates_the_admin,
    residents_take_part_with_plain_forms,
    forms_keep_what_was_typed,
    languages_follow_the_url_then_the_browser,
    admins_run_projects_from_the_back_office
);

async fn first_run_creates_the_admin(app: TestApp) {
    let mut visitor = app.visitor();
    let home = visitor.get("/").await;
    assert_eq!((home.status, home.location()), (StatusCode::SEE_OTHER, "/setup".to_owned()));
    assert_eq!(visitor.get("/setup").await.status, StatusCode::OK);
    let r = visitor
        .post_form(
            "/setup",
            &[("name", "Stad Gent"), ("email", "admin@gent.example"), ("password", "a strong password")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/admin".to_owned()));
    assert_eq!(visitor.get("/admin").await.status, StatusCode::OK);
    // Once done, nobody else can claim the platform.
    let mut late = app.visitor();
    assert_eq!(late.get("/setup").await.status, StatusCode::CONFLICT);
    late.get("/sign-in").await;
    let r = late
        .post_form("/setup", &[("name", "Intruder"), ("email", "x@evil.example"), ("password", "a strong password")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

async fn residents_take_part_with_plain_forms(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let slug = app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned();
    let mut resident = app.visitor();
    resident.get("/sign-up").await;
    let r = resident
        .post_form("/sign-up", &[("name", "Amira"), ("email", "amira@example.org"), ("password", "a strong password")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    let page = resident.get(&format!("/projects/{slug}")).await.text();
    assert!(page.contains("Post an idea"));
    let form = resident.get(&format!("/projects/{slug}/ideas/new")).await;
    assert_eq!(form.status, StatusCode::OK);
    let r = resident
        .post_form(
            &format!("/projects/{slug}/ideas"),
            &[
                ("title", "Benches along the Coupure"),
                ("body", "More *benches* please"),
                ("lat", "51.05"),
                ("lng", "3.71"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let idea_path = r.location();
    let id: i64 = idea_path.rsplit('/').next().unwrap().parse().unwrap();
    let page = resident.get(&idea_path).await.text();
    assert!(page.contains("<em>benches</em>"));
    assert!(page.contains("aria-pressed=\"false\""));

    // Like with one click, take it back with a second.
    resident.post_form(&format!("/ideas/{id}/reaction"), &[("mode", "up")]).await;
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["likes_count"], 1);
    resident.post_form(&format!("/ideas/{id}/reaction"), &[("mode", "up")]).await;
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["likes_count"], 0);
    resident.post_form(&format!("/ideas/{id}/reaction"), &[("mode", "up")]).await;

    let r = resident.post_form(&format!("/ideas/{id}/comments"), &[("body", "I would sit there every day")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = resident.get(&idea_path).await.text();
    assert!(page.contains("I would sit there every day"));

    // Staff answer through the page; the resident sees the notification.
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    assert_eq!(
        staff.post_form(&format!("/ideas/{id}/status"), &[("status", "accepted")]).await.status,
        StatusCode::SEE_OTHER
    );
    let r = staff
        .post_form(
            &format!("/ideas/{id}/feedback"),
            &[("body", "We will place six benches."), ("author", "City of Ghent")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = resident.get(&idea_path).await.text();
    assert!(page.contains("We will place six benches.") && page.contains("Accepted"));
    let home = resident.get("/").await.text();
    assert!(home.contains("id=\"unread-count\">2<"), "unread badge");
    let notes = resident.get("/notifications").await.text();
    assert!(notes.contains("is now: Accepted") && notes.contains("The city answered"));
    resident.post_form("/notifications/read", &[]).await;
    assert!(!resident.get("/").await.text().contains("unread-count"));

    // A resident cannot use the staff forms.
    let r = resident.post_form(&format!("/ideas/{id}/status"), &[("status", "rejected")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn forms_keep_what_was_typed(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let slug = app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned();
    let mut visitor = app.visitor();
    visitor.get("/sign-up").await;
    let r = visitor.post_form("/sign-up", &[("name", "Jan"), ("email", "not-an-email"), ("password", "short")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("value=\"Jan\"") && html.contains("value=\"not-an-email\""));
    assert!(html.contains("id=\"email-error\"") && html.contains("id=\"password-error\""));
    assert!(html.contains("aria-invalid=\"true\""));

    visitor.sign_in(&admin).await;
    let r =
        visitor.post_form(&format!("/projects/{slug}/ideas"), &[("title", "ab"), ("body", "Typed with care")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("Typed with care") && html.contains("id=\"title-error\""));

    let wrong = visitor.post_form("/sign-in", &[("email", "nobody@example.org"), ("password", "whatever123")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("value=\"nobody@example.org\""));
}

async fn languages_follow_the_url_then_the_browser(app: TestApp) {
    app.admin().await;
    let nl = app.get("/nl/sign-in", None).await.text();
    assert!(nl.contains("<html lang=\"nl\""));
    let request = axum::http::Request::builder()
        .uri("/sign-in")
        .header("accept-language", "fr-BE,fr;q=0.9,en;q=0.5")
        .body(axum::body::Body::empty())
        .unwrap();
    assert!(app.send(request).await.text().contains("<html lang=\"fr\""));
    let missing = app.get("/nl/projects/does-not-exist", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("<html lang=\"nl\""));
    // Links keep the language.
    assert!(app.get("/fr/", None).await.text().contains("href=\"/fr/sign-in\""));
}

async fn admins_run_projects_from_the_back_office(app: TestApp) {
    let admin = app.admin().await;
    let moderator = app.user("Moderator").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    visitor.post_form("/admin/topics", &[("topic_title", "Mobility")]).await;
    visitor.post_form("/admin/areas", &[("area_title", "Ledeberg")]).await;
    let topic = app.get("/api/v1/topics", None).await.json()["items"][0]["id"].as_i64().unwrap();
    let area = app.get("/api/v1/areas", None).await.json()["items"][0]["id"].as_i64().unwrap();
    let html = visitor.get("/admin").await.text();
    assert!(
        html.contains(&format!("action=\"/admin/topics/{topic}\""))
            && html.contains(&format!("action=\"/admin/areas/{area}/delete\""))
    );
    let r = visitor.post_form(&format!("/admin/topics/{topic}"), &[("title", "Getting around")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/topics", None).await.json()["items"][0]["title"]["en"], "Getting around");
    let empty = visitor.post_form(&format!("/admin/topics/{topic}"), &[("title", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let delete = format!("/admin/areas/{area}/delete");
    let asked = visitor.post_form(&delete, &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "asked first");
    assert!(asked.text().contains("Delete the area &#34;Ledeberg&#34;?"), "{}", asked.text());
    assert_eq!(app.get("/api/v1/areas", None).await.json()["items"].as_array().unwrap().len(), 1);
    let r = visitor.post_form(&delete, &[("confirmed", "true")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/admin?done=area-deleted".to_owned()));
    assert!(visitor.get(&r.location()).await.text().contains("The area was deleted."));
    assert!(app.get("/api/v1/areas", None).await.json()["items"].as_array().unwrap().is_empty());
    let r = visitor
        .post_form(
            "/admin/projects",
            &[("title", "Safe school routes"), ("status", "published"), ("description", "Tell us")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let admin_path = r.location();
    let r = visitor
        .post_form(
            &format!("{admin_path}/phases"),
            &[
                ("phase_title", "Ideas"),
                ("start_at", "2020-01-01"),
                ("end_at", "2099-12-31"),
                ("method", "ideation"),
                ("posting_enabled", "true"),
                ("commenting_enabled", "true"),
                ("reacting_enabled", "true"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let overlap = visitor
        .post_form(
            &format!("{admin_path}/phases"),
            &[("phase_title", "Again"), ("start_at", "2021-01-01"), ("end_at", ""), ("method", "information")],
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(overlap.text().contains("Phases of a project cannot overlap"));
    let found = visitor.get(&format!("{admin_path}?person=moder")).await.text();
    assert!(found.contains(&moderator.email) && found.contains("e-mail not confirmed"), "{found}");
    let id = moderator.id.to_string();
    let r = visitor.post_form(&format!("{admin_path}/moderators"), &[("user_id", &id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get("/projects/safe-school-routes", None).await.text();
    assert!(page.contains("Safe school routes") && page.contains("aria-current=\"step\""));
    let roles = app.get("/api/v1/me", Some(&moderator.token)).await.json()["roles"].clone();
    assert_eq!(roles[0]["type"], "project_moderator");
    // Residents cannot reach the back office.
    let mut resident = app.visitor();
    resident.sign_in(&moderator).await;
    assert_eq!(resident.get("/admin").await.status, StatusCode::FORBIDDEN);
}
