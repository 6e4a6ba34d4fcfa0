//! The back office in plain forms: everything the API lets staff do, with a question
//! before anything destructive and a word after it.

use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    deleting_asks_first_and_says_what_happened,
    a_topic_in_use_says_how_many_ideas_lose_it,
    moderators_are_picked_from_a_search_and_removed,
    phases_are_edited_in_the_pages,
    statuses_are_added_in_the_pages,
    failed_jobs_are_shown_to_staff_and_can_be_started_again,
);

async fn deleting_asks_first_and_says_what_happened(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let id = app.idea(project, &author, "Bike racks at the station").await;
    let comment = app
        .post(&format!("/api/v1/ideas/{id}/comments"), json!({"body": {"en": "Yes please"}}), Some(&author.token))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let mut visitor = app.visitor();
    visitor.sign_in(&author).await;
    let asked = visitor.post_form(&format!("/comments/{comment}/delete"), &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.text().contains("Delete this comment?") && asked.text().contains("Yes please"));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["comments_count"], 1, "nothing yet");
    let r = visitor.post_form(&format!("/comments/{comment}/delete"), &[("confirmed", "true")]).await;
    assert_eq!(r.location(), format!("/ideas/{id}?done=comment-deleted#comment-{comment}"));
    let after = visitor.get(&r.location()).await.text();
    assert!(after.contains(r#"role="status">The comment was deleted."#));
    assert!(after.contains(&format!(r#"href="/nl/ideas/{id}""#)), "the other languages leave the message out");
    let asked = visitor.post_form(&format!("/ideas/{id}/delete"), &[]).await;
    assert!(asked.text().contains("Delete the idea &#34;Bike racks at the station&#34;?"), "{}", asked.text());
    assert!(asked.text().contains("Its no comments") || asked.text().contains("0 comments"), "{}", asked.text());
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.status, StatusCode::OK);
    let r = visitor.post_form(&format!("/ideas/{id}/delete"), &[("confirmed", "true")]).await;
    assert!(r.location().ends_with("?done=idea-deleted"), "{}", r.location());
    assert!(visitor.get(&r.location()).await.text().contains("The idea was deleted."));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.status, StatusCode::NOT_FOUND);
    // Someone else cannot even be asked.
    let other_idea = app.idea(project, &admin, "Staff idea").await;
    assert_eq!(visitor.post_form(&format!("/ideas/{other_idea}/delete"), &[]).await.status, StatusCode::FORBIDDEN);
}

async fn a_topic_in_use_says_how_many_ideas_lose_it(app: TestApp) {
    let admin = app.admin().await;
    let topic = app.post("/api/v1/topics", json!({"title": {"en": "Mobility"}}), Some(&admin.token)).await.json()["id"]
        .as_i64()
        .unwrap();
    let project = app.open_project(&admin, json!({})).await;
    for title in ["Wider pavements", "Safer crossings", "More buses"] {
        let body = json!({"title": {"en": title}, "body": {"en": "x"}, "topic_ids": [topic]});
        app.post(&format!("/api/v1/projects/{project}/ideas"), body, Some(&admin.token)).await;
    }
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let asked = visitor.post_form(&format!("/admin/topics/{topic}/delete"), &[]).await.text();
    assert!(asked.contains("3 ideas and 0 projects use it"), "{asked}");
    let r = visitor.post_form(&format!("/admin/topics/{topic}/delete"), &[("confirmed", "true")]).await;
    assert_eq!(r.location(), "/admin?done=topic-deleted");
}

async fn moderators_are_picked_from_a_search_and_removed(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let parks = app.user("Parks Department").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let page = visitor.get(&format!("/admin/projects/{project}")).await.text();
    assert!(page.contains("not confirmed yet") && page.contains("No moderators yet."), "{page}");
    let found = visitor.get(&format!("/admin/projects/{project}?person=PARKS")).await.text();
    assert!(found.contains(&parks.email) && found.contains("account made on"), "{found}");
    let none = visitor.get(&format!("/admin/projects/{project}?person=nobody-at-all")).await.text();
    assert!(none.contains("Nobody found."));
    let add = format!("/admin/projects/{project}/moderators");
    let r = visitor.post_form(&add, &[("user_id", &parks.id.to_string())]).await;
    assert_eq!(r.location(), format!("/admin/projects/{project}?done=moderator-added#moderators"));
    assert_eq!(app.get("/api/v1/me", Some(&parks.token)).await.json()["roles"][0]["project_id"], project);
    let listed = visitor.get(&format!("/admin/projects/{project}?person=parks")).await.text();
    assert!(listed.contains("already a moderator"));
    assert_eq!(visitor.post_form(&add, &[("user_id", "987654")]).await.status, StatusCode::NOT_FOUND);
    let remove = format!("/admin/projects/{project}/moderators/{}/remove", parks.id);
    let asked = visitor.post_form(&remove, &[]).await.text();
    assert!(asked.contains("Remove Parks Department as moderator"), "{asked}");
    visitor.post_form(&remove, &[("confirmed", "true")]).await;
    assert_eq!(app.get("/api/v1/me", Some(&parks.token)).await.json()["roles"], json!([]));
}

async fn phases_are_edited_in_the_pages(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let phase =
        app.get(&format!("/api/v1/projects/{project}"), None).await.json()["current_phase_id"].as_i64().unwrap();
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let form = visitor.get(&format!("/admin/phases/{phase}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains(r#"name="phase_title" type="text" value="Ideas""#), "{}", form.text());
    let fields = [
        ("phase_title", "Ideas and comments"),
        ("start_at", "2020-01-01"),
        ("end_at", "2099-12-31"),
        ("method", "ideation"),
        ("posting_enabled", "true"),
        ("commenting_enabled", "true"),
    ];
    let r = visitor.post_form(&format!("/admin/phases/{phase}"), &fields).await;
    assert_eq!(r.location(), format!("/admin/projects/{project}?done=phase-saved"));
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let saved = &phases["items"][0];
    assert_eq!(saved["title"]["en"], "Ideas and comments");
    assert_eq!((saved["reacting_enabled"].as_bool(), saved["posting_enabled"].as_bool()), (Some(false), Some(true)));
    assert_eq!(saved["end_at"], "2100-01-01T00:00:00.000000Z", "the last day is included");
    let wrong =
        visitor.post_form(&format!("/admin/phases/{phase}"), &[("phase_title", "x"), ("start_at", "soon")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let asked = visitor.post_form(&format!("/admin/phases/{phase}/delete"), &[]).await.text();
    assert!(asked.contains("stay in the project"), "{asked}");
    visitor.post_form(&format!("/admin/phases/{phase}/delete"), &[("confirmed", "true")]).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    assert!(phases["items"].as_array().unwrap().is_empty());
}

async fn statuses_are_added_in_the_pages(app: TestApp) {
    let admin = app.admin().await;
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let page = visitor.get("/admin").await.text();
    assert!(page.contains(r#"<span class="status status-accepted">Accepted</span>"#), "{page}");
    let bad = [("status_title", "On hold"), ("status_code", "On Hold!"), ("status_color", "yellow")];
    let r = visitor.post_form("/admin/statuses", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(r#"id="status_code-error""#) && r.text().contains(r#"id="status_color-error""#));
    let good = [("status_title", "On hold"), ("status_code", "on_hold"), ("status_color", "#ffd700")];
    let r = visitor.post_form("/admin/statuses", &good).await;
    assert_eq!(r.location(), "/admin?done=status-added#statuses");
    let statuses = app.get("/api/v1/statuses", None).await.json();
    assert!(statuses.to_string().contains("on_hold"), "{statuses}");
    assert!(app.get("/static/statuses.css", None).await.text().contains(".status-on_hold { background: #ffd700;"));
    let resident = app.user("Resident").await;
    let mut resident_visitor = app.visitor();
    resident_visitor.sign_in(&resident).await;
    assert_eq!(resident_visitor.post_form("/admin/statuses", &good).await.status, StatusCode::FORBIDDEN);
}

/// A job that keeps failing is listed in the back office with its error, until staff
/// start it again.
async fn failed_jobs_are_shown_to_staff_and_can_be_started_again(app: TestApp) {
    let admin = app.admin().await;
    let start = agora_db::now();
    let mut tx = app.db.begin().await.unwrap();
    agora_db::outbox::enqueue(&mut tx, "from_a_newer_server", "{}", start).await.unwrap();
    tx.commit().await.unwrap();
    let mut at = start;
    for _ in 0..agora_app::outbox::MAX_ATTEMPTS {
        agora_app::outbox::run_due(&app.db, &app.mailer, at).await.unwrap();
        at += 3_600_000_000;
    }
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    let page = visitor.get("/admin").await.text();
    assert!(page.contains("<strong>from_a_newer_server</strong>: given up on"), "{page}");
    assert!(page.contains("after 15 attempts"), "{page}");
    assert!(page.contains("unreadable from_a_newer_server job"), "{page}");
    assert!(page.contains("0 jobs waiting"), "a given-up job does not wait: {page}");
    let id = agora_db::outbox::jobs(&app.db, 1).await.unwrap()[0].id;
    let resident = app.user("Resident").await;
    let mut resident_visitor = app.visitor();
    resident_visitor.sign_in(&resident).await;
    let path = format!("/admin/jobs/{id}/retry");
    assert_eq!(resident_visitor.post_form(&path, &[]).await.status, StatusCode::FORBIDDEN);
    let r = visitor.post_form(&path, &[]).await;
    assert_eq!(r.location(), "/admin?done=job-retried#jobs");
    // The harness ran it at once, as the server's worker would: it failed once more.
    let page = visitor.get(&r.location()).await.text();
    assert!(page.contains("The job will run again now."), "{page}");
    assert!(page.contains("failed once; next try"), "{page}");
    assert!(page.contains("1 job waiting"), "{page}");
    assert_eq!(visitor.post_form("/admin/jobs/999999/retry", &[]).await.status, StatusCode::NOT_FOUND);
}
