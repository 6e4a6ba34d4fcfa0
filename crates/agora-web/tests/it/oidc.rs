//! Signing in with the city's OpenID provider, against a real provider run by the test
//! (`tests/oidc/provider.mjs`): the first sign-in makes the account, later ones find it
//! by the provider's subject, an existing account is joined only through a verified
//! address, and every forged or replayed answer is refused with nothing changed.

use agora_db::testing::{count, execute};
use agora_testkit::oidc::{OidcProvider, Person};
use agora_testkit::{TestApp, TestResponse, Visitor, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    the_first_sign_in_makes_the_account_and_later_ones_find_it,
    an_existing_account_is_joined_only_through_a_verified_address,
    forged_and_replayed_answers_are_refused,
    an_unconfirmed_account_goes_to_the_addresss_owner,
    the_address_may_come_from_the_userinfo_endpoint,
);

/// Where the provider sends people back, as the in-process app is addressed.
const CALLBACK: &str = "http://127.0.0.1/auth/oidc/callback";

fn provider(people: &[Person<'_>]) -> Option<OidcProvider> {
    OidcProvider::start(&[CALLBACK.to_owned()], people)
}

/// Starts a sign-in in this browser: where Agora sends it (the provider's authorization URL).
async fn start(visitor: &mut Visitor<'_>, next: &str) -> String {
    let r = visitor.get(&format!("/auth/oidc?next={next}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location()
}

/// Back at Agora from the provider with its answer.
async fn callback(visitor: &mut Visitor<'_>, url: &str) -> TestResponse {
    let path = url.strip_prefix("http://127.0.0.1").unwrap_or_else(|| panic!("not Agora's callback: {url}"));
    visitor.get(path).await
}

/// A whole sign-in as `login`, in this browser.
async fn sign_in(provider: &OidcProvider, visitor: &mut Visitor<'_>, login: &str) -> TestResponse {
    let authorize = start(visitor, "/").await;
    let back = provider.browser().sign_in(&authorize, login).await;
    callback(visitor, &back).await
}

async fn people_with(app: &TestApp, email: &str) -> i64 {
    count(&app.db, &format!("SELECT COUNT(*) FROM users WHERE email = '{email}'")).await.unwrap()
}

async fn the_first_sign_in_makes_the_account_and_later_ones_find_it(app: TestApp) {
    let people = [
        Person { login: "jane", email: "jane@example.org", email_verified: true, name: "Jane Doe" },
        Person { login: "lou", email: "lou@example.org", email_verified: false, name: "Lou Reed" },
    ];
    let Some(provider) = provider(&people) else { return };
    let app = app.with_oidc(&provider);

    // The sign-in and sign-up pages offer it.
    let mut jane = app.visitor();
    assert!(jane.get("/sign-in").await.text().contains("Sign in with Test City ID"));
    assert!(jane.get("/sign-up").await.text().contains("Sign in with Test City ID"));

    // The request to the provider: code flow, PKCE with S256, a state and a nonce; the
    // state also goes into a cookie of this browser only.
    let r = jane.get("/auth/oidc?next=/projects").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let authorize = url::Url::parse(&r.location()).unwrap();
    assert!(authorize.as_str().starts_with(&provider.issuer), "{authorize}");
    let query: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["redirect_uri"], CALLBACK);
    assert!(query["scope"].contains("openid") && query["scope"].contains("email"));
    assert!(!query["nonce"].is_empty());
    let cookie = r.set_cookie("agora_oidc").unwrap();
    assert!(cookie.contains(&format!("agora_oidc={}", query["state"])) && cookie.contains("HttpOnly"), "{cookie}");

    // Back from the provider: signed in where they were going, the account made with the
    // provider's name and its verified address confirmed.
    let back = provider.browser().sign_in(authorize.as_str(), "jane").await;
    let r = callback(&mut jane, &back).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/projects");
    assert!(r.set_cookie("agora_session").is_some());
    assert!(r.set_cookie("agora_oidc").unwrap().contains("Max-Age=0"));
    let account = jane.get("/account").await.text();
    assert!(account.contains("jane@example.org") && account.contains("Jane Doe"), "{account}");
    let confirmed = "SELECT COUNT(*) FROM users WHERE email = 'jane@example.org' AND email_confirmed_at IS NOT NULL";
    assert_eq!(count(&app.db, confirmed).await.unwrap(), 1);
    // No password works for it (none was set), and no confirmation mail was needed.
    let token = app
        .post("/api/v1/auth/token", serde_json::json!({"email": "jane@example.org", "password": "!provider"}), None)
        .await;
    assert_eq!(token.error(), "invalid_credentials");

    // The same answer again (a replayed callback) signs nobody in.
    let mut replay = jane.clone();
    replay.cookies.insert("agora_oidc".into(), query["state"].clone());
    replay.cookies.remove("agora_session");
    let r = callback(&mut replay, &back).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("did not work"), "{}", r.text());
    assert!(r.set_cookie("agora_session").is_none());

    // Later, in another browser: the same account, found by the provider's subject.
    let mut again = app.visitor();
    assert_eq!(sign_in(&provider, &mut again, "jane").await.status, StatusCode::SEE_OTHER);
    assert!(again.get("/account").await.text().contains("jane@example.org"));
    assert_eq!(people_with(&app, "jane@example.org").await, 1);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM oidc_identities").await.unwrap(), 1);

    // An address the provider did not verify makes nothing: it may be anyone's.
    let mut lou = app.visitor();
    let r = sign_in(&provider, &mut lou, "lou").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("did not share an e-mail address it has checked"), "{}", r.text());
    assert_eq!(people_with(&app, "lou@example.org").await, 0);

    // Blocked people are refused here as at the password form.
    execute(&app.db, "UPDATE users SET blocked_at = 1 WHERE email = 'jane@example.org'").await.unwrap();
    let mut blocked = app.visitor();
    let r = sign_in(&provider, &mut blocked, "jane").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("This account is blocked"));
    assert!(r.set_cookie("agora_session").is_none());
}

async fn an_existing_account_is_joined_only_through_a_verified_address(app: TestApp) {
    let carl = app.user("Carl").await;
    let dora = app.user("Dora").await;
    let people = [
        Person { login: "carl", email: &carl.email, email_verified: true, name: "Carl at the provider" },
        // Someone whose provider lets them type any address, without checking it.
        Person { login: "mallory", email: &dora.email, email_verified: false, name: "Mallory" },
    ];
    let Some(provider) = provider(&people) else { return };
    let app = app.with_oidc(&provider);

    let mut browser = app.visitor();
    assert_eq!(sign_in(&provider, &mut browser, "carl").await.status, StatusCode::SEE_OTHER);
    let account = browser.get("/account").await.text();
    assert!(account.contains(&carl.email) && account.contains("Carl"), "{account}");
    let linked = format!("SELECT COUNT(*) FROM oidc_identities WHERE user_id = {}", carl.id);
    assert_eq!(count(&app.db, &linked).await.unwrap(), 1);
    assert_eq!(people_with(&app, &carl.email).await, 1);

    // An unverified address joins nothing: Dora's account stays hers alone.
    let mut mallory = app.visitor();
    let r = sign_in(&provider, &mut mallory, "mallory").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.set_cookie("agora_session").is_none());
    let linked = format!("SELECT COUNT(*) FROM oidc_identities WHERE user_id = {}", dora.id);
    assert_eq!(count(&app.db, &linked).await.unwrap(), 0);
    assert_eq!(people_with(&app, &dora.email).await, 1);
}

/// Someone signs up with another person's address and a password of theirs, and never
/// confirms it; the address's owner then signs in with the provider, which verified it:
/// the account is the owner's now, and the squatter's password and sessions end.
async fn an_unconfirmed_account_goes_to_the_addresss_owner(app: TestApp) {
    let squat = json!({"email": "owner@example.org", "password": "the squatter's password", "name": "Owner"});
    assert_eq!(app.post("/api/v1/users", squat, None).await.status, StatusCode::CREATED);
    let credentials = json!({"email": "owner@example.org", "password": "the squatter's password"});
    let token = app.post("/api/v1/auth/token", credentials, None).await.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
    let people = [Person { login: "owner", email: "owner@example.org", email_verified: true, name: "The Owner" }];
    let Some(provider) = provider(&people) else { return };
    let app = app.with_oidc(&provider);

    let mut owner = app.visitor();
    assert_eq!(sign_in(&provider, &mut owner, "owner").await.status, StatusCode::SEE_OTHER);
    assert_eq!(people_with(&app, "owner@example.org").await, 1);
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED, "squatter signed out");
    let again = json!({"email": "owner@example.org", "password": "the squatter's password"});
    assert_eq!(app.post("/api/v1/auth/token", again, None).await.error(), "invalid_credentials");
    let confirmed = "SELECT COUNT(*) FROM users WHERE email = 'owner@example.org' AND email_confirmed_at IS NOT NULL";
    assert_eq!(count(&app.db, confirmed).await.unwrap(), 1);
}

/// A provider that tells who the person is only at its userinfo endpoint.
async fn the_address_may_come_from_the_userinfo_endpoint(app: TestApp) {
    let people = [Person { login: "fc", email: "fc@example.org", email_verified: true, name: "Fran Connect" }];
    let Some(provider) = OidcProvider::start_with(&[CALLBACK.to_owned()], &people, true) else { return };
    let app = app.with_oidc(&provider);
    let mut browser = app.visitor();
    assert_eq!(sign_in(&provider, &mut browser, "fc").await.status, StatusCode::SEE_OTHER);
    let account = browser.get("/account").await.text();
    assert!(account.contains("fc@example.org") && account.contains("Fran Connect"), "{account}");
}

async fn forged_and_replayed_answers_are_refused(app: TestApp) {
    let people = [Person { login: "eve", email: "eve@example.org", email_verified: true, name: "Eve" }];
    let Some(provider) = provider(&people) else { return };
    let app = app.with_oidc(&provider);
    let nothing_made = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            assert_eq!(count(&db, "SELECT COUNT(*) FROM users WHERE email = 'eve@example.org'").await.unwrap(), 0);
            assert_eq!(count(&db, "SELECT COUNT(*) FROM oidc_identities").await.unwrap(), 0);
        }
    };

    // ID tokens the provider forges: each check of the token catches its own.
    for mode in ["bad_signature", "wrong_audience", "wrong_nonce", "wrong_issuer", "expired"] {
        provider.forge(mode).await;
        let mut browser = app.visitor();
        let r = sign_in(&provider, &mut browser, "eve").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{mode}: {}", r.text());
        assert!(r.text().contains("did not work"), "{mode}");
        assert!(r.set_cookie("agora_session").is_none(), "{mode}");
        nothing_made(&app).await;
    }

    // A state that is not this browser's: someone else's callback link (login CSRF),
    // a tampered state, or no cookie at all.
    let mut victim = app.visitor();
    let mut attacker = app.visitor();
    let authorize = start(&mut attacker, "/").await;
    let back = provider.browser().sign_in(&authorize, "eve").await;
    start(&mut victim, "/").await;
    assert_eq!(callback(&mut victim, &back).await.status, StatusCode::BAD_REQUEST);
    let mut cookieless = app.visitor();
    assert_eq!(callback(&mut cookieless, &back).await.status, StatusCode::BAD_REQUEST);
    nothing_made(&app).await;
    // The right browser still finishes it: nothing above spent its sign-in.
    assert_eq!(callback(&mut attacker, &back).await.status, StatusCode::SEE_OTHER);
    let mut tampering = app.visitor();
    let authorize = start(&mut tampering, "/").await;
    let back = provider.browser().sign_in(&authorize, "eve").await;
    let r = callback(&mut tampering, &back.replace("state=", "state=x")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.set_cookie("agora_session").is_none());

    // A sign-in left at the provider too long has expired.
    let mut slow = app.visitor();
    let authorize = start(&mut slow, "/").await;
    let back = provider.browser().sign_in(&authorize, "eve").await;
    execute(&app.db, "UPDATE oidc_sign_ins SET expires_at = 1").await.unwrap();
    assert_eq!(callback(&mut slow, &back).await.status, StatusCode::BAD_REQUEST);

    // The person cancels at the provider: the sign-in page says so, and nothing changes.
    let mut cancelled = app.visitor();
    let authorize = start(&mut cancelled, "/").await;
    let state = url::Url::parse(&authorize).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let r = cancelled.get(&format!("/auth/oidc/callback?error=access_denied&state={state}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("<form"), "the sign-in form again: {}", r.text());

    // A provider that does not answer: a clear 502, not a 500.
    let down = agora_app::oidc::Settings { issuer: "http://127.0.0.1:9".into(), ..provider.settings() };
    let app = app.reconfigure(|c| {
        c.oidc = Some(std::sync::Arc::new(agora_app::oidc::Provider::new(down, &c.base_url).unwrap()));
    });
    let r = app.visitor().get("/auth/oidc").await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    assert!(r.text().contains("does not answer"), "{}", r.text());
    // Without a provider, the routes are not there.
    let app = app.reconfigure(|c| c.oidc = None);
    assert_eq!(app.visitor().get("/auth/oidc").await.status, StatusCode::NOT_FOUND);
    assert!(!app.visitor().get("/sign-in").await.text().contains("Sign in with"));
}
