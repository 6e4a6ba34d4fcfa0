//! Residents' words after the fact: what an author may still change once the phase has
//! closed or the city has answered, and what staff edits leave behind.

use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::{Value, json};

db_tests!(answered_ideas_keep_their_history, closed_phases_freeze_ideas, staff_edits_of_comments_are_marked);

fn full(title: &str, body: &str) -> Value {
    json!({"title": {"en": title}, "body": {"en": body}, "topic_ids": [], "area_id": null, "location": null})
}

async fn answered_ideas_keep_their_history(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let id = app.idea(project, &author, "Benches on the square").await;
    // Before any answer: edits leave no trace.
    let r = app
        .put(&format!("/api/v1/ideas/{id}"), full("Benches on the square", "Six of them"), Some(&author.token))
        .await;
    assert_eq!(r.json()["edited_at"], Value::Null);
    let answer = json!({"body": {"en": "We will place four."}, "author": {"en": "City of Ghent"}});
    app.post(&format!("/api/v1/ideas/{id}/feedback"), answer, Some(&admin.token)).await;
    // After it, the edit is shown and the earlier version kept for staff.
    let r =
        app.put(&format!("/api/v1/ideas/{id}"), full("Benches everywhere", "Sixty of them"), Some(&author.token)).await;
    let edited = r.json();
    assert!(edited["edited_at"].is_string() && edited["edited_by_staff"] == false, "{edited}");
    let history = app.get(&format!("/api/v1/ideas/{id}/revisions"), Some(&admin.token)).await.json();
    assert_eq!(history["items"][0]["body"]["en"], "Six of them");
    assert_eq!(history["items"][0]["title"]["en"], "Benches on the square");
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{id}/revisions"), Some(&author.token)).await.status,
        StatusCode::FORBIDDEN
    );
    let mut visitor = app.visitor();
    visitor.sign_in(&author).await;
    let page = visitor.get(&format!("/ideas/{id}")).await.text();
    assert!(page.contains("Edited on ") && !page.contains("Earlier versions"), "{page}");
    // Deleting an answered idea is refused; withdrawing it keeps it and its answer.
    let r = app.delete(&format!("/api/v1/ideas/{id}"), Some(&author.token)).await;
    assert_eq!((r.status, r.error()), (StatusCode::CONFLICT, "answered_idea".to_owned()));
    assert!(!page.contains(&format!("/ideas/{id}/delete")) && page.contains(&format!("/ideas/{id}/withdraw")));
    let asked = visitor.post_form(&format!("/ideas/{id}/withdraw"), &[]).await;
    assert!(asked.text().contains("stays visible with its answer"), "{}", asked.text());
    let r = visitor.post_form(&format!("/ideas/{id}/withdraw"), &[("confirmed", "true")]).await;
    assert_eq!(r.location(), format!("/ideas/{id}?done=idea-withdrawn"));
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!(idea["status"], "withdrawn");
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{id}/feedback"), None).await.json()["items"].as_array().unwrap().len(),
        1
    );
    // Staff see the earlier versions on the page.
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    assert!(staff.get(&format!("/ideas/{id}")).await.text().contains("Earlier versions (1)"));
}

async fn closed_phases_freeze_ideas(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let id = app.idea(project, &author, "Trees on the quay").await;
    // The phase closes to new ideas.
    let phase = app.get(&format!("/api/v1/projects/{project}"), None).await.json()["current_phase_id"].clone();
    let mut rules = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json()["items"][0].clone();
    rules["posting_enabled"] = json!(false);
    for key in ["id", "project_id", "description_html"] {
        rules.as_object_mut().unwrap().remove(key);
    }
    let r = app.put(&format!("/api/v1/phases/{phase}"), rules, Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.put(&format!("/api/v1/ideas/{id}"), full("Trees everywhere", "x"), Some(&author.token)).await;
    assert_eq!((r.status, r.error()), (StatusCode::FORBIDDEN, "editing_closed".to_owned()));
    assert_eq!(app.delete(&format!("/api/v1/ideas/{id}"), Some(&author.token)).await.error(), "editing_closed");
    let mut visitor = app.visitor();
    visitor.sign_in(&author).await;
    let page = visitor.get(&format!("/ideas/{id}")).await.text();
    assert!(!page.contains(&format!("/ideas/{id}/edit")) && !page.contains(&format!("/ideas/{id}/delete")));
    assert_eq!(visitor.get(&format!("/ideas/{id}/edit")).await.status, StatusCode::FORBIDDEN);
    // Only an answered idea is withdrawn.
    let r = app.post(&format!("/api/v1/ideas/{id}/withdraw"), json!({}), Some(&author.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Staff still may, and their change is marked.
    let r =
        app.put(&format!("/api/v1/ideas/{id}"), full("Trees on the quay", "Fixed a typo"), Some(&admin.token)).await;
    assert_eq!(r.json()["edited_by_staff"], true);
    let page = app.get(&format!("/ideas/{id}"), None).await.text();
    assert!(page.contains("Edited by staff on"), "{page}");
}

async fn staff_edits_of_comments_are_marked(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let id = app.idea(project, &author, "Quiet streets").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    let comment = app.post(&path, json!({"body": {"en": "Good idea"}}), Some(&author.token)).await.json();
    let comment = comment["id"].as_i64().unwrap();
    let own = app
        .put(&format!("/api/v1/comments/{comment}"), json!({"body": {"en": "Great idea"}}), Some(&author.token))
        .await;
    assert_eq!(own.json()["edited_by_staff"], false);
    let r =
        app.put(&format!("/api/v1/comments/{comment}"), json!({"body": {"en": "[removed]"}}), Some(&admin.token)).await;
    assert_eq!(r.json()["edited_by_staff"], true);
    assert!(app.get(&format!("/ideas/{id}"), None).await.text().contains("edited by staff"));
    let kept = agora_db::testing::count(
        &app.db,
        &format!("SELECT COUNT(*) FROM revisions WHERE comment_id = {comment} AND body_multiloc LIKE '%Great idea%'"),
    )
    .await
    .unwrap();
    assert_eq!(kept, 1, "the author's words are kept");
}
