//! The security baseline: bad input gets a clear 4xx and changes nothing, no script
//! survives, forms are protected against cross-site requests, cookies are locked down.

use agora_testkit::{TestApp, TestUser, db_tests};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

db_tests!(
    bad_json_gets_clear_errors,
    script_never_survives,
    forms_need_their_csrf_token,
    cross_site_posts_are_refused,
    session_cookies_are_locked_down_and_rotated,
    sign_in_is_rate_limited,
    sign_up_and_posting_are_rate_limited,
    pages_carry_a_strict_content_security_policy,
    no_get_request_changes_anything,
    private_pages_are_not_cached_and_https_is_strict,
    nul_characters_and_huge_values_get_a_clear_4xx,
    what_only_grows_is_bounded_and_purged,
);

async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: &str,
    body: impl Into<Body>,
    token: &str,
) -> (StatusCode, String) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(body.into())
        .unwrap();
    let r = app.send(request).await;
    (r.status, if r.body.is_empty() { String::new() } else { r.error() })
}

async fn bad_json_gets_clear_errors(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let path = format!("/api/v1/projects/{project}/ideas");
    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        ("application/json", "{not json".into(), StatusCode::BAD_REQUEST, "malformed_json"),
        ("application/json", "{}".into(), StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
        (
            "application/json",
            r#"{"title": 42, "body": {"en": "x"}}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            r#"{"title": {"en": ""}, "body": {"en": "x"}}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            format!(r#"{{"title": {{"en": "{}"}}, "body": {{"en": "x"}}}}"#, "x".repeat(500)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            r#"{"title": {"xx": "Hallo"}, "body": {"en": "x"}}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            r#"{"title": {"en": "Good title"}, "body": {"en": "x"}, "topic_ids": [987654]}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            r#"{"title": {"en": "Good title"}, "body": {"en": "x"}, "location": {"lat": 200, "lng": 3}}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        ),
        (
            "application/json",
            format!(r#"{{"title": {{"en": "big"}}, "body": {{"en": "{}"}}}}"#, "x".repeat(300 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "text/plain",
            r#"{"title": {"en": "Good title"}, "body": {"en": "x"}}"#.into(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let preview: String = body.chars().take(60).collect();
        assert_eq!(
            raw(&app, Method::POST, &path, content_type, body, &admin.token).await,
            (status, code.to_owned()),
            "{preview}"
        );
    }
    // Nothing was created by any of them.
    let list = app.get(&path, None).await.json();
    assert!(list["items"].as_array().unwrap().is_empty());
    // Field errors name the field and explain it.
    let r = app.post(&path, json!({"title": {"en": "ab"}, "body": {"en": ""}}), Some(&admin.token)).await;
    let fields = r.json()["fields"].clone();
    assert_eq!(fields[0]["field"], "title");
    assert_eq!(fields[0]["problem"], "too_short");
    assert_eq!(fields[1]["field"], "body");
    assert!(fields[0]["message"].as_str().unwrap().contains('3'));
    // Unknown ids are 404, on every kind of route; unknown routes too.
    assert_eq!(app.get("/api/v1/ideas/424242", None).await.error(), "not_found");
    assert_eq!(
        app.put("/api/v1/ideas/424242/reaction", json!({"mode": "up"}), Some(&admin.token)).await.error(),
        "not_found"
    );
    assert_eq!(
        app.post("/api/v1/ideas/424242/comments", json!({"body": {"en": "x"}}), Some(&admin.token)).await.error(),
        "not_found"
    );
    assert_eq!(app.get("/api/v1/ideas/not-a-number", None).await.error(), "not_found");
    let wrong_method = app.request(Method::PATCH, "/api/v1/ideas/1", None, None).await;
    assert_eq!(
        (wrong_method.status, wrong_method.error()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".to_owned())
    );
    let page = app.get("/ideas/not-a-number", None).await;
    assert!(page.status == StatusCode::NOT_FOUND && page.text().contains("<html"), "pages answer with a page");
    assert_eq!(app.get("/api/v1/nothing-here", None).await.error(), "not_found");
}

async fn script_never_survives(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let attack = "<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))";
    let r = app
        .post(
            &format!("/api/v1/projects/{project}/ideas"),
            json!({"title": {"en": "<script>alert('title')</script>"}, "body": {"en": attack}}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    let html = r.json()["body_html"]["en"].as_str().unwrap().to_lowercase();
    for bad in ["<script", "<img", "href=\"javascript"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    let page = app.get(&format!("/ideas/{id}"), None).await.text();
    assert!(!page.contains("<script>alert"), "the title is escaped");
    assert!(page.contains("<h1>&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62;</h1>"), "{page}");
    assert!(!page.to_lowercase().contains("onerror"));
}

async fn forms_need_their_csrf_token(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.get("/sign-in").await;
    let without = visitor.post_raw("/sign-in", &[("email", &user.email), ("password", TestUser::PASSWORD)], &[]).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let wrong = visitor
        .post_raw("/sign-in", &[("csrf", "forged"), ("email", &user.email), ("password", TestUser::PASSWORD)], &[])
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(wrong.text().contains("expired or came from another site"));
    assert!(!visitor.cookies.contains_key("agora_session"));
    let ok = visitor.sign_in(&user).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert!(visitor.cookies.contains_key("agora_session"));

    // Scripts using the session cookie on the API must echo the token in a header.
    let cookie = format!("agora_session={}; agora_csrf={}", visitor.cookies["agora_session"], visitor.csrf());
    let call = |token: Option<String>| {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/notifications/read")
            .header(header::COOKIE, cookie.clone());
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        b.body(Body::empty()).unwrap()
    };
    assert_eq!(app.send(call(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send(call(Some(visitor.csrf()))).await.status, StatusCode::NO_CONTENT);
}

async fn cross_site_posts_are_refused(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&user).await;
    let csrf = visitor.csrf();
    for headers in [[("origin", "https://evil.example")], [("sec-fetch-site", "cross-site")]] {
        let r = visitor.post_raw("/notifications/read", &[("csrf", &csrf)], &headers).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    let same = visitor
        .post_raw(
            "/notifications/read",
            &[("csrf", &csrf)],
            &[("origin", "http://127.0.0.1"), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(same.status, StatusCode::SEE_OTHER);
}

async fn session_cookies_are_locked_down_and_rotated(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    let first = visitor.sign_in(&user).await;
    let cookie = first.set_cookie("agora_session").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    let old = visitor.cookies["agora_session"].clone();
    // Signing in again (e.g. on a shared computer) never keeps the old session id.
    visitor.sign_in(&user).await;
    let new = visitor.cookies["agora_session"].clone();
    assert_ne!(old, new);
    let mut stale = app.visitor();
    stale.cookies.insert("agora_session".into(), old);
    assert!(!stale.get("/").await.text().contains("Sign out"), "the old session no longer works");
    // Signing out ends the session.
    visitor.post_form("/sign-out", &[]).await;
    assert!(!visitor.cookies.contains_key("agora_session"));

    let https = app.reconfigure(|c| c.base_url = "https://participate.example".into());
    let mut visitor = https.visitor();
    let r = visitor.sign_in(&user).await;
    assert!(r.set_cookie("agora_session").unwrap().contains("; Secure"));
}

async fn sign_in_is_rate_limited(app: TestApp) {
    let app = app.reconfigure(|c| {
        c.rate_limits = agora_web::config::RateLimits::parse("sign_in_account=3/1,sign_in_ip=100/100").unwrap();
    });
    let user = app.user("Target").await;
    let mut codes = Vec::new();
    for _ in 0..4 {
        let r = app.post("/api/v1/auth/token", json!({"email": user.email, "password": "wrong password"}), None).await;
        codes.push(r.error());
    }
    assert_eq!(codes, ["invalid_credentials", "invalid_credentials", "invalid_credentials", "rate_limited"]);
    // From this address even the right password waits: the bucket is per account and
    // address, kept in the database.
    let r = app.post("/api/v1/auth/token", json!({"email": user.email, "password": TestUser::PASSWORD}), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let other = app.user("Other").await;
    let r = app.post("/api/v1/auth/token", json!({"email": other.email, "password": TestUser::PASSWORD}), None).await;
    assert_eq!(r.status, StatusCode::CREATED);
}

async fn sign_up_and_posting_are_rate_limited(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let app = app.reconfigure(|c| {
        c.rate_limits = agora_web::config::RateLimits::parse("sign_up_ip=2/1,posting=2/1").unwrap();
    });
    let mut codes = Vec::new();
    for i in 0..3 {
        let body = json!({"email": format!("new{i}@example.org"), "password": "a long password", "name": "New"});
        codes.push(app.post("/api/v1/users", body, None).await.status.as_u16());
    }
    assert_eq!(codes, [201, 201, 429]);
    let poster = app.user("Poster").await;
    let path = format!("/api/v1/projects/{project}/ideas");
    let mut codes = Vec::new();
    for i in 0..3 {
        let body = json!({"title": {"en": format!("Idea number {i}")}, "body": {"en": "x"}});
        codes.push(app.post(&path, body, Some(&poster.token)).await.status.as_u16());
    }
    assert_eq!(codes, [201, 201, 429]);
    // Comments count as posting too; another person has a bucket of their own.
    let idea = app.get(&format!("{path}?sort=oldest"), None).await.json()["items"][0]["id"].as_i64().unwrap();
    let comment =
        app.post(&format!("/api/v1/ideas/{idea}/comments"), json!({"body": {"en": "x"}}), Some(&poster.token)).await;
    assert_eq!(comment.error(), "rate_limited");
    let other = app.user("Other").await;
    let comment =
        app.post(&format!("/api/v1/ideas/{idea}/comments"), json!({"body": {"en": "x"}}), Some(&other.token)).await;
    assert_eq!(comment.status, StatusCode::CREATED);
}

async fn pages_carry_a_strict_content_security_policy(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "Checked page").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&admin).await;
    for path in ["/".to_owned(), format!("/ideas/{id}"), "/admin".to_owned(), "/sign-up".to_owned()] {
        let r = visitor.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        let html = r.text();
        assert!(
            !html.contains("<script>") && !html.contains(" style=") && !html.contains(" onclick"),
            "{path} has inline code"
        );
    }
}

/// An `<img>` on another site pointing at a page in French used to change the signed-in
/// person's language.
async fn no_get_request_changes_anything(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&user).await;
    let before = agora_app::users::by_id(&app.db, user.id).await.unwrap();
    for path in ["/fr/static/app.css", "/nl/", "/fr/notifications"] {
        let request = Request::builder()
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::COOKIE, format!("agora_session={}", visitor.cookies["agora_session"]))
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert!(app.send(request).await.status.is_success(), "{path}");
        visitor.get(path).await;
    }
    assert_eq!(agora_app::users::by_id(&app.db, user.id).await.unwrap(), before);
}

async fn private_pages_are_not_cached_and_https_is_strict(app: TestApp) {
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    let anonymous = visitor.get("/").await;
    assert_eq!(anonymous.headers.get(header::CACHE_CONTROL), None);
    assert_eq!(anonymous.headers.get(header::STRICT_TRANSPORT_SECURITY), None, "not under http");
    let csrf_before = visitor.csrf();
    visitor.sign_in(&user).await;
    assert_ne!(visitor.csrf(), csrf_before, "a new CSRF token at sign-in");
    for path in ["/", "/notifications"] {
        assert_eq!(visitor.get(path).await.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
    assert_eq!(app.get("/api/v1/me", Some(&user.token)).await.headers[header::CACHE_CONTROL], "no-store");
    let css = visitor.get("/static/app.css").await;
    assert!(css.headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"), "assets stay cacheable");
    let https = app.reconfigure(|c| c.base_url = "https://participate.example".into());
    let r = https.visitor().get("/").await;
    assert_eq!(r.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
}

/// PostgreSQL cannot store a NUL character, and an e-mail of a few kilobytes overflowed
/// an index row: both were 500s. Now the same clear refusal on both backends.
async fn nul_characters_and_huge_values_get_a_clear_4xx(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &admin, "Existing idea").await;
    let ideas = format!("/api/v1/projects/{project}/ideas");
    let r = app.post(&ideas, json!({"title": {"en": "Nul\u{0}here"}, "body": {"en": "x"}}), Some(&admin.token)).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title.en"))
    );
    let r =
        app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "accepted\u{0}"}), Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for path in [format!("{ideas}?status=%00"), format!("{ideas}?q=a%00b")] {
        assert_eq!(app.get(&path, None).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    assert_eq!(app.get("/projects/%00evil", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/ideas/1%00", None).await.status, StatusCode::NOT_FOUND);
    let long_email = format!("{}@example.org", "a".repeat(3_000));
    let r =
        app.post("/api/v1/users", json!({"email": long_email, "password": "a long password", "name": "X"}), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post("/api/v1/auth/token", json!({"email": long_email, "password": "whatever"}), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let mut visitor = app.visitor();
    visitor.get("/sign-up").await;
    let r = visitor
        .post_form("/sign-up", &[("name", "Nul\u{0}"), ("email", "n@example.org"), ("password", "a long password")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = visitor.post_form("/sign-in", &[("email", "n\u{0}@example.org"), ("password", "a long password")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    visitor.sign_in(&admin).await;
    let r = visitor.post_form(&format!("/ideas/{id}/comments"), &[("body", "with\u{0}nul")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing was written.
    assert_eq!(app.get(&ideas, None).await.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["comments_count"], 0);
    assert_eq!(agora_app::users::count(&app.db).await.unwrap(), 1);
}

/// Rate-limit buckets were keyed by whatever e-mail a client typed: forty sign-ins with
/// 250 KB e-mails grew the database by 20 MB. Expired rows are purged periodically.
async fn what_only_grows_is_bounded_and_purged(app: TestApp) {
    let app = app.reconfigure(|c| c.rate_limits = agora_web::config::RateLimits::default());
    let user = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&user).await;
    for i in 0..10 {
        let email = format!("{i}{}@example.org", "b".repeat(200_000));
        app.post("/api/v1/auth/token", json!({"email": email, "password": "wrong password"}), None).await;
        let email = format!("someone{i}@example.org");
        app.post("/api/v1/auth/token", json!({"email": email, "password": "wrong password"}), None).await;
    }
    let longest = agora_db::testing::count(&app.db, "SELECT MAX(LENGTH(key)) FROM rate_limit_buckets").await.unwrap();
    assert!(longest < 100, "bucket keys are bounded: {longest}");
    let now = agora_db::now();
    assert_eq!(agora_db::tasks::purge(&app.db, now).await.unwrap(), 0, "nothing has expired yet");
    let day = agora_core::MICROS_PER_DAY;
    let later = now + 91 * day;
    let purged = agora_db::tasks::purge(&app.db, later).await.unwrap();
    // The session (30 days), the API token (90 days) and the twelve buckets (the
    // address, and the address with each of the eleven accounts tried).
    assert_eq!(purged, 14);
    for table in ["sessions", "api_tokens", "rate_limit_buckets"] {
        let left = agora_db::testing::count(&app.db, &format!("SELECT COUNT(*) FROM {table}")).await.unwrap();
        assert_eq!(left, 0, "{table}");
    }
}
