//! Migration parity: both backends end with the same tables and columns.

use agora_testkit::TestApp;

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_schema() {
    let Some(postgres) = TestApp::postgres().await else { return };
    let sqlite = TestApp::sqlite().await;
    let lite = agora_db::testing::columns(&sqlite.db).await.unwrap();
    let pg = agora_db::testing::columns(&postgres.db).await.unwrap();
    assert!(lite.len() > 15, "{lite:?}");
    assert_eq!(lite, pg);
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
    assert_eq!(agora_db::testing::applied_migrations(&db).await.unwrap(), 4);
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
