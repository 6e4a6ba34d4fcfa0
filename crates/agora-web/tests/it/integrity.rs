//! What the database must keep true whatever happens at once: counters, ids, hidden
//! content, whole replacements, repeated submissions.

use std::sync::Arc;

use agora_testkit::{TestApp, db_tests};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    likes_and_comments_survive_a_status_change,
    deleting_a_comment_twice_counts_once_and_recount_repairs,
    hidden_content_is_neither_told_nor_counted,
    followers_hear_of_comments_and_of_the_new_status_by_name,
    ids_are_never_reused,
    a_partial_put_is_refused_and_changes_nothing,
    a_double_submit_posts_once,
);

/// On PostgreSQL the lock on the idea joined its status: after waiting for a status
/// change, the re-checked join found no row and likes and comments failed with 404.
async fn likes_and_comments_survive_a_status_change(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let people = Arc::new(app.users(14).await);
    let app = Arc::new(app);
    let admin = Arc::new(admin);
    for trial in 0..5 {
        let id = app.idea(project, &admin, &format!("Contested idea {trial}")).await;
        let mut tasks = Vec::new();
        for i in 0..14 {
            let (app, people) = (app.clone(), people.clone());
            tasks.push(tokio::spawn(async move {
                let person = &people[i];
                if i < 10 {
                    let path = format!("/api/v1/ideas/{id}/reaction");
                    app.put(&path, json!({"mode": "up"}), Some(&person.token)).await.status
                } else {
                    let path = format!("/api/v1/ideas/{id}/comments");
                    app.post(&path, json!({"body": {"en": "Me too"}}), Some(&person.token)).await.status
                }
            }));
        }
        let (app2, admin2) = (app.clone(), admin.clone());
        let code = if trial % 2 == 0 { "accepted" } else { "under_consideration" };
        let status = tokio::spawn(async move {
            app2.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": code}), Some(&admin2.token)).await.status
        });
        for task in tasks {
            assert!(task.await.unwrap().is_success(), "trial {trial}");
        }
        assert_eq!(status.await.unwrap(), StatusCode::OK);
        let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
        assert_eq!(
            (idea["likes_count"].as_i64(), idea["comments_count"].as_i64()),
            (Some(10), Some(4)),
            "trial {trial}"
        );
    }
}

async fn deleting_a_comment_twice_counts_once_and_recount_repairs(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "Much discussed").await;
    let author = Arc::new(app.user("Talker").await);
    let mut comments = Vec::new();
    for i in 0..12 {
        let path = format!("/api/v1/ideas/{id}/comments");
        let r = app.post(&path, json!({"body": {"en": format!("Point {i}")}}), Some(&author.token)).await;
        comments.push(r.json()["id"].as_i64().unwrap());
    }
    let app = Arc::new(app);
    // A double click on "delete" for ten of them.
    let mut tasks = Vec::new();
    for comment in comments.iter().take(10).flat_map(|c| [*c, *c]) {
        let (app, author) = (app.clone(), author.clone());
        tasks.push(tokio::spawn(async move {
            app.delete(&format!("/api/v1/comments/{comment}"), Some(&author.token)).await.status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::NO_CONTENT);
    }
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["comments_count"], 2);
    // A counter gone wrong (by hand here) is set right by a recount.
    agora_db::testing::execute(
        &app.db,
        &format!("UPDATE ideas SET comments_count = 95, likes_count = 7 WHERE id = {id}"),
    )
    .await
    .unwrap();
    assert_eq!(agora_db::counters::recount(&app.db, agora_db::now()).await.unwrap(), 1);
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!((idea["comments_count"].as_i64(), idea["likes_count"].as_i64()), (Some(2), Some(0)));
    assert_eq!(agora_db::counters::recount(&app.db, agora_db::now()).await.unwrap(), 0, "nothing left to fix");
}

async fn notifications(app: &TestApp, token: &str) -> Value {
    app.get("/api/v1/notifications", Some(token)).await.json()
}

async fn hidden_content_is_neither_told_nor_counted(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (author, follower, talker) = (app.user("Author").await, app.user("Follower").await, app.user("Talker").await);
    let id = app.idea(project, &author, "Soon hidden").await;
    app.put(&format!("/api/v1/ideas/{id}/follow"), json!({}), Some(&follower.token)).await;
    app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "viewed"}), Some(&admin.token)).await;
    assert_eq!(notifications(&app, &follower.token).await["unread_count"], 1);
    // Comments: a hidden one is not counted, and cannot be answered by residents.
    let path = format!("/api/v1/ideas/{id}/comments");
    let mut ids = Vec::new();
    for text in ["One", "Two", "Three"] {
        ids.push(
            app.post(&path, json!({"body": {"en": text}}), Some(&talker.token)).await.json()["id"].as_i64().unwrap(),
        );
    }
    let hide = async |c: i64, hidden: bool| {
        app.put(&format!("/api/v1/comments/{c}/hidden"), json!({"hidden": hidden}), Some(&admin.token)).await
    };
    assert_eq!(hide(ids[0], true).await.status, StatusCode::OK);
    assert_eq!(hide(ids[0], true).await.status, StatusCode::OK, "hiding twice counts once");
    let count = || async { app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["comments_count"].clone() };
    assert_eq!(count().await, 2);
    let reply = app.post(&path, json!({"body": {"en": "Answer"}, "parent_id": ids[0]}), Some(&follower.token)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text());
    assert_eq!(reply.json()["fields"][0]["field"], "parent_id");
    assert_eq!(hide(ids[0], false).await.status, StatusCode::OK);
    assert_eq!(count().await, 3);
    hide(ids[1], true).await;
    assert_eq!(
        app.delete(&format!("/api/v1/comments/{}", ids[1]), Some(&talker.token)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&format!("/api/v1/comments/{}", ids[1]), Some(&admin.token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(count().await, 2, "a hidden comment deleted was already not counted");
    // A hidden idea: its followers hear nothing more, and what they heard disappears.
    assert!(notifications(&app, &author.token).await["unread_count"].as_i64().unwrap() > 0);
    app.put(&format!("/api/v1/ideas/{id}/hidden"), json!({"hidden": true}), Some(&admin.token)).await;
    app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "rejected"}), Some(&admin.token)).await;
    app.post(
        &format!("/api/v1/ideas/{id}/feedback"),
        json!({"body": {"en": "No."}, "author": {"en": "City"}}),
        Some(&admin.token),
    )
    .await;
    for person in [&follower, &author] {
        let notes = notifications(&app, &person.token).await;
        assert_eq!(notes["unread_count"], 0, "{notes}");
        assert!(!notes.to_string().contains("Soon hidden"), "{notes}");
    }
    let rows: i64 = sqlx_count(&app, &format!("SELECT COUNT(*) FROM notifications WHERE idea_id = {id} AND kind IN ('status_changed', 'official_feedback')")).await;
    assert_eq!(rows, 2, "only the status change from before the idea was hidden, to its follower and author");
}

async fn sqlx_count(app: &TestApp, sql: &str) -> i64 {
    agora_db::testing::count(&app.db, sql).await.unwrap()
}

async fn followers_hear_of_comments_and_of_the_new_status_by_name(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (author, follower, talker) = (app.user("Author").await, app.user("Follower").await, app.user("Talker").await);
    let id = app.idea(project, &author, "Benches by the river").await;
    app.put(&format!("/api/v1/ideas/{id}/follow"), json!({}), Some(&follower.token)).await;
    app.put(&format!("/api/v1/ideas/{id}/follow"), json!({}), Some(&talker.token)).await;
    app.post(&format!("/api/v1/ideas/{id}/comments"), json!({"body": {"en": "Yes!"}}), Some(&talker.token)).await;
    let kinds = |notes: &Value| {
        notes["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(kinds(&notifications(&app, &follower.token).await), ["comment_on_followed_idea"]);
    assert_eq!(kinds(&notifications(&app, &author.token).await), ["comment_on_your_idea"], "each person hears once");
    assert!(kinds(&notifications(&app, &talker.token).await).is_empty(), "not about one's own comment");
    app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "accepted"}), Some(&admin.token)).await;
    let notes = notifications(&app, &follower.token).await;
    assert_eq!(notes["items"][0]["status_title"]["en"], "Accepted");
    let mut visitor = app.visitor();
    visitor.sign_in(&follower).await;
    let page = visitor.get("/notifications").await.text();
    assert!(page.contains("is now: Accepted"), "{page}");
    assert!(page.contains("commented on &#34;Benches by the river&#34;, which you follow"), "{page}");
}

async fn ids_are_never_reused(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (first, second) = (app.user("First").await, app.user("Second").await);
    let gone = app.idea(project, &first, "Posted then deleted").await;
    let comment = app
        .post(&format!("/api/v1/ideas/{gone}/comments"), json!({"body": {"en": "x"}}), Some(&first.token))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(app.delete(&format!("/api/v1/ideas/{gone}"), Some(&first.token)).await.status, StatusCode::NO_CONTENT);
    let next = app.idea(project, &second, "Someone else's").await;
    assert!(next > gone, "{next} after {gone}");
    let next_comment = app
        .post(&format!("/api/v1/ideas/{next}/comments"), json!({"body": {"en": "x"}}), Some(&second.token))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    assert!(next_comment > comment);
    assert_eq!(app.get(&format!("/api/v1/ideas/{gone}"), None).await.status, StatusCode::NOT_FOUND);
}

async fn a_partial_put_is_refused_and_changes_nothing(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let place = json!({"lat": 51.05, "lng": 3.72});
    let body = json!({"title": {"en": "A placed idea"}, "body": {"en": "Here"}, "location": place});
    let id = app.post(&format!("/api/v1/projects/{project}/ideas"), body, Some(&author.token)).await.json()["id"]
        .as_i64()
        .unwrap();
    let r =
        app.put(&format!("/api/v1/ideas/{id}"), json!({"title": {"en": "Only a title"}}), Some(&author.token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing: Vec<String> =
        r.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(missing, ["body", "topic_ids", "area_id", "location"]);
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!((idea["title"]["en"].as_str(), &idea["location"]), (Some("A placed idea"), &place));
    let before = app.get(&format!("/api/v1/projects/{project}"), None).await.json();
    let r = app
        .put(
            &format!("/api/v1/projects/{project}"),
            json!({"title": {"en": "Renamed"}, "slug": before["slug"]}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&format!("/api/v1/projects/{project}"), None).await.json(), before);
    let phase = before["current_phase_id"].as_i64().unwrap();
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let r = app
        .put(
            &format!("/api/v1/phases/{phase}"),
            json!({"title": {"en": "Ideas"}, "start_at": "2026-01-01", "method": "ideation"}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "posting would have been switched off");
    assert_eq!(app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json(), phases);
}

async fn a_double_submit_posts_once(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "Popular topic").await;
    let talker = Arc::new(app.user("Talker").await);
    let app = Arc::new(app);
    // A client retrying twenty times at once with one key: one comment.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (app, talker) = (app.clone(), talker.clone());
        tasks.push(tokio::spawn(async move {
            let path = format!("/api/v1/ideas/{id}/comments");
            let r = app
                .request_with(
                    Method::POST,
                    &path,
                    Some(json!({"body": {"en": "Once"}})),
                    Some(&talker.token),
                    &[("idempotency-key", "retry-7f3a")],
                )
                .await;
            (r.status, r.json()["id"].as_i64())
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        let (status, comment) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        ids.push(comment.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    // A double click on the page's form: the same hidden key twice, at once.
    let mut tab = app.visitor();
    tab.sign_in(&talker).await;
    let page = tab.get(&format!("/ideas/{id}")).await.text();
    let key = page.split(r#"name="idempotency_key" value=""#).nth(2).unwrap().split('"').next().unwrap().to_owned();
    let mut other_tab = tab.clone();
    let fields = [("body", "Clicked twice"), ("idempotency_key", key.as_str())];
    let path = format!("/ideas/{id}/comments");
    let (a, b) = tokio::join!(tab.post_form(&path, &fields), other_tab.post_form(&path, &fields));
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(a.location(), b.location(), "both land on the one comment");
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!(idea["comments_count"], 2);
    // Another key is another comment; a key of the wrong shape is refused.
    let other = app
        .request_with(
            Method::POST,
            &format!("/api/v1/ideas/{id}/comments"),
            Some(json!({"body": {"en": "Twice"}})),
            Some(&talker.token),
            &[("idempotency-key", "retry-8b1c")],
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
    let bad = app
        .request_with(
            Method::POST,
            &format!("/api/v1/ideas/{id}/comments"),
            Some(json!({"body": {"en": "x"}})),
            Some(&talker.token),
            &[("idempotency-key", "has spaces")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Ideas too.
    let path = format!("/api/v1/projects/{project}/ideas");
    let body = json!({"title": {"en": "Posted once"}, "body": {"en": "x"}});
    let a = app
        .request_with(Method::POST, &path, Some(body.clone()), Some(&talker.token), &[("idempotency-key", "idea-1")])
        .await;
    let b =
        app.request_with(Method::POST, &path, Some(body), Some(&talker.token), &[("idempotency-key", "idea-1")]).await;
    assert_eq!(a.json()["id"], b.json()["id"]);
    // One key may name a comment and an idea.
    let body = json!({"title": {"en": "Same key, other kind"}, "body": {"en": "x"}});
    let c =
        app.request_with(Method::POST, &path, Some(body), Some(&talker.token), &[("idempotency-key", "retry-7f3a")]);
    assert_eq!(c.await.status, StatusCode::CREATED);
}
