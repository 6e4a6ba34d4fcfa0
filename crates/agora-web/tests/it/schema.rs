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
