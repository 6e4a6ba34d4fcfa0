//! Periodic tasks: one run per slot across app servers, and ranks that decay.

use agora_core::MICROS_PER_DAY;
use agora_testkit::{TestApp, db_tests};
use serde_json::json;

db_tests!(
    a_slot_is_claimed_once_by_many_servers,
    the_refresh_lets_quiet_ideas_sink,
    another_app_server_sees_a_new_status_within_seconds
);

async fn another_app_server_sees_a_new_status_within_seconds(app: TestApp) {
    let other = agora_db::Db::connect(&app.url).await.unwrap();
    let codes = |catalog: std::sync::Arc<agora_app::catalog::Catalog>| {
        catalog.statuses.iter().map(|s| s.code.clone()).collect::<Vec<_>>()
    };
    assert!(!codes(agora_app::catalog::catalog(&other).await.unwrap()).contains(&"on_hold".to_owned()));
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/statuses",
            json!({"code": "on_hold", "title": {"en": "On hold"}, "color": "#777777"}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text());
    // This server shows it at once; the other within its recheck of two seconds.
    assert!(codes(agora_app::catalog::catalog(&app.db).await.unwrap()).contains(&"on_hold".to_owned()));
    let started = std::time::Instant::now();
    while !codes(agora_app::catalog::catalog(&other).await.unwrap()).contains(&"on_hold".to_owned()) {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the other server never saw the new status");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    other.close().await;
}

async fn a_slot_is_claimed_once_by_many_servers(app: TestApp) {
    let now = agora_db::now();
    let claims: Vec<_> = (0..8)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move { agora_db::tasks::claim_slot(&db, "refresh_trending", 42, now).await.unwrap() })
        })
        .collect();
    let mut won = 0;
    for claim in claims {
        won += usize::from(claim.await.unwrap());
    }
    assert_eq!(won, 1);
    assert!(agora_db::tasks::claim_slot(&app.db, "refresh_trending", 43, now).await.unwrap());
}

async fn the_refresh_lets_quiet_ideas_sink(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let quiet = app.idea(project, &admin, "Quiet idea").await;
    let rank = |id: i64| {
        let app = &app;
        async move { app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["trending_rank"].as_f64().unwrap() }
    };
    let fresh = rank(quiet).await;
    let in_a_week = agora_db::now() + 7 * MICROS_PER_DAY;
    let refreshed = agora_db::tasks::refresh_trending(&app.db, in_a_week, 900_000_000).await.unwrap();
    assert_eq!(refreshed, 1);
    let week_old = rank(quiet).await;
    assert!(week_old < fresh, "{week_old} < {fresh}");
    // A new idea now outranks the quiet one.
    let newer = app.idea(project, &admin, "New idea").await;
    let list = app.get(&format!("/api/v1/projects/{project}/ideas?sort=trending"), None).await.json();
    assert_eq!(list["items"][0]["id"], newer);
}
