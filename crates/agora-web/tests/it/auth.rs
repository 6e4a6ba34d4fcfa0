//! Signing in and out, API tokens and the first-run set-up, against what an attacker
//! would try: redirects elsewhere, forged client addresses, locking someone out,
//! tokens that outlive their purpose, two set-ups at once.

use agora_testkit::{TestApp, TestResponse, TestUser, db_tests};
use agora_web::config::{RateLimits, TrustProxy};
use axum::http::{Method, StatusCode, header};
use serde_json::json;

db_tests!(
    sign_in_never_sends_people_to_another_site,
    a_forged_forwarded_address_does_not_dodge_the_limits,
    only_failed_sign_ins_count_and_no_one_is_locked_out,
    api_tokens_expire_are_listed_and_can_be_revoked,
    common_passwords_are_refused,
    set_up_happens_once_even_when_two_race,
    set_up_can_require_the_operators_link,
    the_account_page_holds_language_tokens_and_signing_out_everywhere,
);

/// A JSON POST from a client behind the load balancer, which says it saw `forwarded`.
async fn post_from(app: &TestApp, path: &str, body: serde_json::Value, forwarded: &str) -> TestResponse {
    app.request_with(Method::POST, path, Some(body), None, &[("x-forwarded-for", forwarded)]).await
}

async fn sign_in_never_sends_people_to_another_site(app: TestApp) {
    let user = app.user("Resident").await;
    let hostile =
        ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\x7f/evil.example", "//evil.example"];
    for next in hostile.iter().chain(&["https://evil.example", "/\\evil.example", "/../..//evil.example"]) {
        let mut visitor = app.visitor();
        visitor.get("/sign-in").await;
        let r = visitor
            .post_form("/sign-in", &[("email", &user.email), ("password", TestUser::PASSWORD), ("next", next)])
            .await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/".to_owned()), "next = {next:?}");
    }
    // The page itself never echoes a foreign target into its form.
    let page = app.visitor().get("/sign-in?next=%2F%09%2Fevil.example").await;
    assert!(page.text().contains(r#"name="next" value="/""#), "{}", page.text());
    // A path of the site, with its query, is kept.
    let mut visitor = app.visitor();
    visitor.get("/sign-in").await;
    let r = visitor
        .post_form("/sign-in", &[("email", &user.email), ("password", TestUser::PASSWORD), ("next", "/ideas/3?x=1")])
        .await;
    assert_eq!(r.location(), "/ideas/3?x=1");
}

/// One load balancer in front (`AGORA_TRUST_PROXY=true`): the client is the address it
/// appended, whatever the client wrote before it.
async fn a_forged_forwarded_address_does_not_dodge_the_limits(app: TestApp) {
    let app = app.reconfigure(|c| {
        c.trust_proxy = TrustProxy::Hops(1);
        c.rate_limits = RateLimits::parse("sign_in_ip=5/1,sign_in_account=100/100,sign_up_ip=3/1").unwrap();
    });
    let user = app.user("Target").await;
    let mut codes = Vec::new();
    for i in 0..8 {
        let forged = format!("198.51.100.{i}, 203.0.113.9");
        let body = json!({"email": user.email, "password": "wrong password"});
        codes.push(post_from(&app, "/api/v1/auth/token", body, &forged).await.status.as_u16());
    }
    assert_eq!(codes, [401, 401, 401, 401, 401, 429, 429, 429]);
    // Another client behind the same load balancer is not held back.
    let body = json!({"email": user.email, "password": TestUser::PASSWORD});
    assert_eq!(post_from(&app, "/api/v1/auth/token", body, "203.0.113.10").await.status, StatusCode::CREATED);
    let mut codes = Vec::new();
    for i in 0..5 {
        let forged = format!("198.51.100.{i}, 203.0.113.20");
        let body = json!({"email": format!("new{i}@example.org"), "password": "a long password", "name": "New"});
        codes.push(post_from(&app, "/api/v1/users", body, &forged).await.status.as_u16());
    }
    assert_eq!(codes, [201, 201, 201, 429, 429]);
}

async fn only_failed_sign_ins_count_and_no_one_is_locked_out(app: TestApp) {
    let app = app.reconfigure(|c| {
        c.trust_proxy = TrustProxy::Hops(1);
        c.rate_limits = RateLimits::parse("sign_in_ip=20/60,sign_in_account=3/6").unwrap();
    });
    let (victim, colleague) = (app.user("Victim").await, app.user("Colleague").await);
    // A workshop behind one address: forty successful sign-ins in a row.
    for person in [&victim, &colleague].repeat(20) {
        let body = json!({"email": person.email, "password": TestUser::PASSWORD});
        assert_eq!(post_from(&app, "/api/v1/auth/token", body, "192.0.2.1").await.status, StatusCode::CREATED);
    }
    // An attacker guessing the victim's password is slowed down, and told for how long.
    let guess = json!({"email": victim.email, "password": "wrong password"});
    for _ in 0..3 {
        let r = post_from(&app, "/api/v1/auth/token", guess.clone(), "198.51.100.66").await;
        assert_eq!(r.error(), "invalid_credentials");
    }
    let r = post_from(&app, "/api/v1/auth/token", guess, "198.51.100.66").await;
    assert_eq!(r.error(), "rate_limited");
    // One attempt back every ten minutes, counted from the first guess: the seconds the
    // guesses took (password checks on a busy machine) are already refilled.
    let wait = r.json()["retry_after"].as_u64().unwrap();
    assert!((590..=600).contains(&wait), "one attempt back every ten minutes: {wait}");
    assert_eq!(r.headers[header::RETRY_AFTER], wait.to_string());
    assert!(r.json()["message"].as_str().unwrap().contains("10 minutes"), "{}", r.text());
    // Guesses sent all at once from another address: no more get through than the limit.
    let app = std::sync::Arc::new(app);
    let guesses: Vec<_> = (0..10)
        .map(|i| {
            let (app, email) = (app.clone(), victim.email.clone());
            tokio::spawn(async move {
                let guess = json!({"email": email, "password": format!("guess number {i}")});
                post_from(&app, "/api/v1/auth/token", guess, "198.51.100.77").await.status.as_u16()
            })
        })
        .collect();
    let mut wrong = 0;
    for guess in guesses {
        let status = guess.await.unwrap();
        assert!(status == 401 || status == 429, "{status}");
        wrong += usize::from(status == 401);
    }
    assert_eq!(wrong, 3, "three guesses, then the wait");
    // The victim, elsewhere, signs in with the right password at once.
    let body = json!({"email": victim.email, "password": TestUser::PASSWORD});
    assert_eq!(post_from(&app, "/api/v1/auth/token", body, "192.0.2.1").await.status, StatusCode::CREATED);
    // The sign-in page says the same, with 429 and the time to wait.
    let mut visitor = app.visitor();
    visitor.get("/sign-in").await;
    let r = visitor
        .post_raw(
            "/sign-in",
            &[("csrf", &visitor.csrf()), ("email", &victim.email), ("password", "again wrong")],
            &[("x-forwarded-for", "198.51.100.66")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("Please try again in 10 minutes"), "{}", r.text());
}

async fn api_tokens_expire_are_listed_and_can_be_revoked(app: TestApp) {
    let user = app.user("Resident").await;
    let body = json!({"email": user.email, "password": TestUser::PASSWORD});
    let created = app.post("/api/v1/auth/token", body, None).await.json();
    let token = created["token"].as_str().unwrap().to_owned();
    let expires = chrono::DateTime::parse_from_rfc3339(created["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
    assert!((89..=90).contains(&days), "{days}");
    let list = app.get("/api/v1/auth/tokens", Some(&token)).await.json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert_eq!(items.iter().filter(|t| t["current"] == true).count(), 1);
    assert!(!list.to_string().contains(&token), "the secret is never shown again");
    // Someone else's token cannot be revoked by id.
    let other = app.user("Other").await;
    let theirs = app.get("/api/v1/auth/tokens", Some(&other.token)).await.json()["items"][0]["id"].as_i64().unwrap();
    let r = app.delete(&format!("/api/v1/auth/tokens/{theirs}"), Some(&token)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/me", Some(&other.token)).await.status, StatusCode::OK);
    // Revoking the token in use signs this client out.
    assert_eq!(app.delete("/api/v1/auth/token", Some(&token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.error(), "not_signed_in");
    assert_eq!(app.get("/api/v1/me", Some(&user.token)).await.status, StatusCode::OK);
    // An expired token no longer works.
    agora_db::testing::execute(&app.db, &format!("UPDATE api_tokens SET expires_at = 1 WHERE user_id = {}", other.id))
        .await
        .unwrap();
    assert_eq!(app.get("/api/v1/me", Some(&other.token)).await.status, StatusCode::UNAUTHORIZED);
    // Signing out everywhere ends the browser sessions and every token.
    let mut browser = app.visitor();
    browser.sign_in(&user).await;
    assert!(browser.get("/").await.text().contains("Sign out"));
    assert_eq!(app.delete("/api/v1/auth/tokens", Some(&user.token)).await.status, StatusCode::NO_CONTENT);
    assert!(!browser.get("/").await.text().contains("Sign out"));
    assert_eq!(app.get("/api/v1/me", Some(&user.token)).await.status, StatusCode::UNAUTHORIZED);
}

async fn common_passwords_are_refused(app: TestApp) {
    for (i, password) in ["12345678", "password", "        ", "Azertyuiop"].iter().enumerate() {
        let body = json!({"email": format!("weak{i}@example.org"), "password": password, "name": "Weak"});
        let r = app.post("/api/v1/users", body, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{password:?}");
        assert_eq!(r.json()["fields"][0]["problem"], "too_common", "{password:?}: {}", r.text());
    }
    let body = json!({"email": "fine@example.org", "password": "a long password", "name": "Fine"});
    assert_eq!(app.post("/api/v1/users", body, None).await.status, StatusCode::CREATED);
}

async fn set_up_happens_once_even_when_two_race(app: TestApp) {
    let mut first = app.visitor();
    assert_eq!(first.get("/setup").await.status, StatusCode::OK);
    let mut second = app.visitor();
    second.get("/setup").await;
    let a_fields = [("name", "First"), ("email", "first@example.org"), ("password", "a long password")];
    let b_fields = [("name", "Second"), ("email", "second@example.org"), ("password", "a long password")];
    let (a, b) = tokio::join!(first.post_form("/setup", &a_fields), second.post_form("/setup", &b_fields));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [303, 409], "exactly one set-up wins");
    assert_eq!(agora_app::users::count(&app.db).await.unwrap(), 1);
    assert_eq!(app.visitor().get("/setup").await.status, StatusCode::CONFLICT);
}

async fn set_up_can_require_the_operators_link(app: TestApp) {
    let app = app.reconfigure(|c| c.setup_token = Some("s3cret-from-the-log".into()));
    let mut visitor = app.visitor();
    let r = visitor.get("/setup").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("agora serve"), "{}", r.text());
    let fields = [("name", "Admin"), ("email", "admin@example.org"), ("password", "a long password")];
    let r = visitor.post_form("/setup", &[fields[0], fields[1], fields[2], ("token", "guess")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = visitor.get("/setup?token=s3cret-from-the-log").await;
    assert!(page.text().contains(r#"name="token" value="s3cret-from-the-log""#));
    let r = visitor.post_form("/setup", &[fields[0], fields[1], fields[2], ("token", "s3cret-from-the-log")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/admin".to_owned()));
}

async fn the_account_page_holds_language_tokens_and_signing_out_everywhere(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&user).await;
    let page = visitor.get("/account").await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let page = page.text();
    assert!(page.contains(&user.email) && page.contains("expires on"), "{page}");
    // The language is chosen by a form, and then used where no address says otherwise.
    let r = visitor.post_form("/account/language", &[("locale", "nl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(visitor.get("/").await.text().contains(r#"<html lang="nl""#));
    assert_eq!(
        visitor.post_form("/account/language", &[("locale", "xx")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A token is revoked from the page.
    let token = page.split(r#"action="/account/tokens/"#).nth(1).unwrap().split('/').next().unwrap().to_owned();
    let r = visitor.post_form(&format!("/account/tokens/{token}/revoke"), &[]).await;
    assert_eq!(r.location(), "/account?done=token-revoked");
    assert_eq!(app.get("/api/v1/me", Some(&user.token)).await.status, StatusCode::UNAUTHORIZED);
    // Signing out everywhere asks, then ends this session and the others.
    let body = json!({"email": user.email, "password": TestUser::PASSWORD});
    let token = app.post("/api/v1/auth/token", body, None).await.json()["token"].as_str().unwrap().to_owned();
    let mut other_device = app.visitor();
    other_device.sign_in(&user).await;
    assert!(other_device.get("/").await.text().contains(r#"href="/account""#), "signed in on the other device");
    let asked = visitor.post_form("/account/sign-out-everywhere", &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    visitor.post_form("/account/sign-out-everywhere", &[("confirmed", "true")]).await;
    for device in [&mut visitor, &mut other_device] {
        assert!(!device.get("/").await.text().contains(r#"href="/account""#), "signed out");
    }
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
}
