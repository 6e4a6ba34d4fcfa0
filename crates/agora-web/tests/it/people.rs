//! Staff find people and block those who abuse the platform: a blocked person reads like
//! anyone but no longer signs in or acts.

use agora_testkit::{TestApp, TestUser, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(a_blocked_person_reads_but_no_longer_signs_in_or_acts, only_admins_block_and_never_an_admin);

async fn sign_in(app: &TestApp, email: &str, password: &str) -> agora_testkit::TestResponse {
    app.post("/api/v1/auth/token", json!({"email": email, "password": password}), None).await
}

async fn a_blocked_person_reads_but_no_longer_signs_in_or_acts(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let troll = app.user("Troll").await;
    let idea = app.idea(project, &troll, "Something loud").await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;

    // Found by a search; the button asks first and changes nothing until confirmed.
    let page = staff.get("/admin/people?q=troll").await.text();
    assert!(page.contains(&troll.email) && page.contains("Block"), "{page}");
    let path = format!("/admin/people/{}/block?q=troll", troll.id);
    let asked = staff.post_form(&path, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.text().contains("Block Troll?"), "{}", asked.text());
    assert_eq!(app.get("/api/v1/me", Some(&troll.token)).await.status, StatusCode::OK);

    let r = staff.post_form(&path, &[("confirmed", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().contains("done=person-blocked") && r.location().contains("q=troll"), "{}", r.location());
    // Signed out everywhere, and refused at sign-in, but only to whoever knows the password.
    assert_eq!(app.get("/api/v1/me", Some(&troll.token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.error(), "account_blocked");
    assert_eq!(sign_in(&app, &troll.email, "not the password").await.error(), "invalid_credentials");
    let mut browser = app.visitor();
    browser.get("/sign-in").await;
    let r = browser.post_form("/sign-in", &[("email", &troll.email), ("password", TestUser::PASSWORD)]).await;
    assert!(r.text().contains("This account is blocked"), "{}", r.text());
    // What they wrote stays, for anyone to read.
    assert_eq!(app.get(&format!("/api/v1/ideas/{idea}"), None).await.status, StatusCode::OK);
    assert!(staff.get("/admin/people?q=troll").await.text().contains("Blocked since"));

    // The block is lifted through the API: they sign in again.
    let unblock = format!("/api/v1/admin/users/{}/block", troll.id);
    assert_eq!(app.delete(&unblock, Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.status, StatusCode::CREATED);
    assert_eq!(app.put(&unblock, json!({}), Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(sign_in(&app, &troll.email, TestUser::PASSWORD).await.error(), "account_blocked");
}

async fn only_admins_block_and_never_an_admin(app: TestApp) {
    let admin = app.admin().await;
    let other_admin = app.admin().await;
    let resident = app.user("Amira").await;
    let block = |id: i64| format!("/api/v1/admin/users/{id}/block");
    assert_eq!(app.put(&block(admin.id), json!({}), Some(&admin.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(other_admin.id), json!({}), Some(&admin.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(admin.id), json!({}), Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&block(resident.id), json!({}), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.put(&block(9_999), json!({}), Some(&admin.token)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/admin/people?q=a", Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/me", Some(&other_admin.token)).await.status, StatusCode::OK);
}
