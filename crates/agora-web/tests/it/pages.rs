//! The HTML pages with plain forms, as a browser without JavaScript uses them.

use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    first_run_creates_the_admin,
    residents_take_part_with_plain_forms,
    forms_keep_what_was_typed,
    languages_follow_the_url_then_the_browser,
    admins_run_projects_from_the_back_office,
    the_rough_edges_a_newcomer_hit,
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
    // Test accounts count as confirmed, as accounts made by an administrator do.
    assert!(found.contains(&moderator.email) && !found.contains("e-mail not confirmed"), "{found}");
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

/// What a first-time visitor and a busy civil servant noticed on the pages.
async fn the_rough_edges_a_newcomer_hit(app: TestApp) {
    let admin = app.admin().await;
    // A finished project says so; an archived one runs nothing, whatever its dates.
    let finished = app.open_project(&admin, json!({"start_at": "2020-01-01", "end_at": "2020-06-30"})).await;
    let home = app.get("/", None).await.text();
    assert!(home.contains("Finished") && !home.contains("No phase running now"), "{home}");
    let running = app.open_project(&admin, json!({})).await;
    let project = app.get(&format!("/api/v1/projects/{running}"), None).await.json();
    let mut body = project.clone();
    body["status"] = json!("archived");
    for key in ["id", "description_html", "current_phase_id", "created_at", "updated_at", "url"] {
        body.as_object_mut().unwrap().remove(key);
    }
    let r = app.put(&format!("/api/v1/projects/{running}"), body, Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = app.get(&format!("/projects/{}", project["slug"].as_str().unwrap()), Some(&admin.token)).await.text();
    assert!(page.contains("Archived: participation has ended.") && !page.contains("aria-current=\"step\""), "{page}");
    assert!(!app.get(&format!("/api/v1/projects/{finished}"), None).await.json()["current_phase_id"].is_i64());

    // Text in another language than the page's says which.
    let open = app.open_project(&admin, json!({})).await;
    let slug = app.get(&format!("/api/v1/projects/{open}"), None).await.json()["slug"].as_str().unwrap().to_owned();
    let id = app.idea(open, &admin, "A school street, closed at nine").await;
    let fr = app.get(&format!("/fr/ideas/{id}"), None).await.text();
    assert!(fr.contains(r#"<h1 lang="en">A school street, closed at nine</h1>"#), "{fr}");
    assert!(fr.contains(r#"<div class="prose" lang="en">"#));
    let en = app.get(&format!("/ideas/{id}"), None).await.text();
    assert!(en.contains("<h1>A school street, closed at nine</h1>"));
    // The admin's French fields are empty, not filled with the English text.
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let form = visitor.get(&format!("/fr/admin/projects/{open}")).await.text();
    assert!(form.contains(r#"id="title" name="title" type="text" value="""#), "{form}");

    // Switching language keeps the sort and the filters.
    let list = app.get(&format!("/projects/{slug}?sort=newest&q=school"), None).await.text();
    assert!(list.contains(&format!(r#"href="/nl/projects/{slug}?sort=newest&#38;q=school""#)), "{list}");
    // An empty search says there is no match, not that there are no ideas.
    let none = app.get(&format!("/projects/{slug}?q=zebra"), None).await.text();
    assert!(none.contains("No idea matches this search") && !none.contains("No ideas yet"));

    // Sign-in and sign-up fields say what they hold (WCAG 1.3.5).
    let sign_up = app.get("/sign-up", None).await.text();
    for auto in ["name", "email", "new-password"] {
        assert!(sign_up.contains(&format!(r#"autocomplete="{auto}""#)), "{auto}");
    }
    let sign_in = app.get("/sign-in", None).await.text();
    assert!(sign_in.contains(r#"autocomplete="username""#) && sign_in.contains(r#"autocomplete="current-password""#));
    let icon = app.get("/favicon.ico", None).await;
    assert_eq!(
        (icon.status, icon.headers[axum::http::header::CONTENT_TYPE].to_str().unwrap()),
        (StatusCode::OK, "image/x-icon")
    );

    // A custom status has its own colour.
    let status = json!({"code": "on_hold", "title": {"en": "On hold"}, "color": "#ffd700"});
    assert_eq!(app.post("/api/v1/statuses", status, Some(&admin.token)).await.status, StatusCode::CREATED);
    let css = app.get("/static/statuses.css", None).await.text();
    assert!(css.contains(".status-on_hold { background: #ffd700; color: #1b1f24; }"), "{css}");
    assert!(css.contains(".status-accepted { background: #1e6b34; color: #fff; }"), "{css}");
}
