//! Integrity under concurrency: the counters and the unique constraint hold when many
//! people act at the same moment.

use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(two_hundred_people_like_one_idea_at_once, one_person_clicking_fast_counts_once);

async fn two_hundred_people_like_one_idea_at_once(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "The most popular idea").await;
    let people = app.users(200).await;
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = people
        .into_iter()
        .map(|person| {
            let app = app.clone();
            tokio::spawn(async move {
                app.put(&format!("/api/v1/ideas/{id}/reaction"), json!({"mode": "up"}), Some(&person.token))
                    .await
                    .status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!(idea["likes_count"], 200);
    let rows: i64 = agora_db::ideas::reactions_count(&app.db, id).await.unwrap();
    assert_eq!(rows, 200);
}

async fn one_person_clicking_fast_counts_once(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "Click me").await;
    let fan = std::sync::Arc::new(app.user("Fan").await);
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, fan) = (app.clone(), fan.clone());
            tokio::spawn(async move {
                app.put(&format!("/api/v1/ideas/{id}/reaction"), json!({"mode": "up"}), Some(&fan.token)).await.status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["likes_count"], 1);
    assert_eq!(agora_db::ideas::reactions_count(&app.db, id).await.unwrap(), 1);
}
