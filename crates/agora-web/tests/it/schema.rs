//! Migration parity: both backends end with the same tables, columns (type, null,
//! default), checks and indexes.

use agora_testkit::TestApp;

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_schema() {
    let Some(postgres) = TestApp::postgres().await else { return };
    let sqlite = TestApp::sqlite().await;
    let lite = agora_db::testing::schema(&sqlite.db).await.unwrap();
    let pg = agora_db::testing::schema(&postgres.db).await.unwrap();
    assert!(lite.len() > 15, "{lite:?}");
    assert_eq!(lite.keys().collect::<Vec<_>>(), pg.keys().collect::<Vec<_>>());
    for (name, table) in &lite {
        assert_eq!(table, &pg[name], "table {name}");
        assert!(table.columns.iter().all(|c| c.class != "other"), "{name}: {:?}", table.columns);
    }
    // The comparison sees what it should: indexes, checks and flags are there.
    assert_eq!(lite["ideas"].indexes["ideas_trending"], ["project_id", "trending_rank", "id"]);
    assert!(lite["idea_statuses"].checks == 0 && lite["projects"].checks == 1);
    assert!(lite["ideas"].columns.iter().any(|c| c.name == "hidden" && c.class == "flag" && c.default));
}

/// Several app servers starting at once all migrate the same fresh database: each
/// migration is applied exactly once and every server starts.
async fn servers_start_together(url: &str) {
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let db = agora_db::Db::connect(&url).await.unwrap();
                db.migrate().await.map_err(|e| format!("{e:?}"))
            })
        })
        .collect();
    for start in starts {
        assert_eq!(start.await.unwrap(), Ok(()));
    }
    let db = agora_db::Db::connect(url).await.unwrap();
    assert_eq!(agora_db::testing::applied_migrations(&db).await.unwrap(), agora_db::testing::known_migrations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_safe_with_several_servers_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    servers_start_together(&format!("sqlite://{}", dir.path().join("agora.db").display())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_safe_with_several_servers_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    // A schema of its own, left empty: the servers race to migrate it.
    let schema = format!("m_{}", rand::random::<u32>());
    agora_db::testing::execute(&app.db, &format!("CREATE SCHEMA {schema}")).await.unwrap();
    let base = std::env::var("AGORA_TEST_POSTGRES_URL").unwrap();
    let separator = if base.contains('?') { '&' } else { '?' };
    servers_start_together(&format!("{base}{separator}options=-c%20search_path%3D{schema}")).await;
    agora_db::testing::execute(&app.db, &format!("DROP SCHEMA {schema} CASCADE")).await.unwrap();
}

/// An existing SQLite database goes through the table rebuild of migration 3 (ids that
/// are never reused) with every row, id, link, search entry and cascade intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_sqlite_database_keeps_every_row_through_the_rebuild() {
    use agora_db::testing::{count, execute};
    let dir = tempfile::tempdir().unwrap();
    let db = agora_db::Db::connect(&format!("sqlite://{}", dir.path().join("agora.db").display())).await.unwrap();
    // The schema as it stood before migration 3, with a city's rows in it.
    execute(&db, include_str!("../../../agora-db/migrations/sqlite/0001_foundation.sql")).await.unwrap();
    execute(&db, include_str!("../../../agora-db/migrations/sqlite/0002_default_statuses.sql")).await.unwrap();
    execute(
        &db,
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
         INSERT INTO schema_migrations VALUES (1, '0001_foundation', 0), (2, '0002_default_statuses', 0);
         INSERT INTO users (id, email, name, password_hash, created_at) VALUES
            (1, 'a@example.org', 'A', 'x', 0), (2, 'b@example.org', 'B', 'x', 0);
         INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ('t', 2, 5);
         INSERT INTO projects VALUES (7, 'parks', '{\"en\":\"Parks\"}', '{}', '{}', 'published', 0, 0);
         INSERT INTO ideas (id, project_id, author_id, title_multiloc, body_multiloc, body_html_multiloc,
            search_text, status_id, last_activity_at, created_at, updated_at, comments_count) VALUES
            (1, 7, 1, '{\"en\":\"Benches\"}', '{}', '{}', 'benches square', 1, 0, 0, 0, 2),
            (5, 7, 2, '{\"en\":\"Fountains\"}', '{}', '{}', 'fountains park', 1, 0, 0, 0, 0);
         INSERT INTO comments (id, idea_id, parent_id, author_id, body_multiloc, body_html_multiloc, created_at, updated_at)
            VALUES (3, 1, NULL, 2, '{}', '{}', 0, 0), (4, 1, 3, 1, '{}', '{}', 0, 0);
         INSERT INTO reactions (idea_id, user_id, mode, created_at) VALUES (1, 2, 'up', 0);
         INSERT INTO followers (idea_id, user_id, created_at) VALUES (1, 1, 0);
         INSERT INTO notifications (recipient_id, kind, idea_id, comment_id, actor_id, created_at)
            VALUES (1, 'comment_on_your_idea', 1, 3, 2, 0);",
    )
    .await
    .unwrap();
    db.migrate().await.unwrap();
    for (sql, expected) in [
        ("SELECT COUNT(*) FROM users", 2),
        ("SELECT SUM(id) FROM ideas", 6),
        ("SELECT COUNT(*) FROM comments WHERE parent_id = 3", 1),
        ("SELECT COUNT(*) FROM reactions", 1),
        ("SELECT COUNT(*) FROM followers", 1),
        ("SELECT COUNT(*) FROM notifications WHERE comment_id = 3", 1),
        ("SELECT COUNT(*) FROM api_tokens WHERE user_id = 2 AND expires_at > 5", 1),
        ("SELECT COUNT(*) FROM ideas_fts WHERE ideas_fts MATCH 'fountains'", 1),
        ("SELECT COUNT(*) FROM pragma_foreign_key_check", 0),
    ] {
        assert_eq!(count(&db, sql).await.unwrap(), expected, "{sql}");
    }
    // Deleting the newest idea no longer hands its id to the next one.
    execute(&db, "DELETE FROM ideas WHERE id = 5").await.unwrap();
    execute(
        &db,
        "INSERT INTO ideas (project_id, title_multiloc, body_multiloc, body_html_multiloc, search_text, status_id,
            last_activity_at, created_at, updated_at) VALUES (7, '{}', '{}', '{}', 'new', 1, 0, 0, 0)",
    )
    .await
    .unwrap();
    assert_eq!(count(&db, "SELECT MAX(id) FROM ideas").await.unwrap(), 6);
    // Cascades still reach the rebuilt tables.
    execute(&db, "DELETE FROM ideas WHERE id = 1").await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM comments").await.unwrap(), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM notifications").await.unwrap(), 0);
}
