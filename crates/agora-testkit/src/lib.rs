//! Test harness. `TestApp` is the real router on a fresh database: a temporary SQLite
//! file, or a schema of its own on the PostgreSQL named by `AGORA_TEST_POSTGRES_URL`.
//! `db_tests!` runs each test on both. Requests go through the real middleware stack,
//! in process, and the outbox is run after each; `serve` also puts the app on a real
//! port, with its outbox worker, for the browser tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod oidc;
pub mod smtp;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use agora_app::mail::Mailer;
use agora_core::Id;
use agora_db::{Backend, Db};
use agora_web::config::RateLimits;
use agora_web::{AppState, Config};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// Prints past the test harness's output capture, so a skip is seen in every run.
pub fn announce(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn required(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| v == "1" || v == "true")
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { url: String, schema: String },
}

pub struct TestApp {
    pub db: Db,
    /// The database's URL: a second app server connects with it.
    pub url: String,
    pub router: Router,
    pub config: Arc<Config>,
    /// Sends the mail the outbox holds: into `mail_folder` as `.eml` files (as Agora
    /// does without SMTP), or to a test SMTP server (`with_smtp`).
    pub mailer: Mailer,
    pub mail_folder: Arc<tempfile::TempDir>,
    cleanup: Option<Cleanup>,
}

/// A password hash computed once per test binary: argon2 is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(agora_app::users::hash_password(TestUser::PASSWORD))
                .unwrap()
        })
        .join()
        .unwrap()
    })
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("agora.db").display());
        Self::start(&url, Cleanup::Sqlite(dir)).await
    }

    /// None (with a SKIP line) when `AGORA_TEST_POSTGRES_URL` is not set; a failure
    /// instead when `AGORA_REQUIRE_POSTGRES=1`, as in CI.
    pub async fn postgres() -> Option<TestApp> {
        let Ok(base) = std::env::var("AGORA_TEST_POSTGRES_URL") else {
            assert!(
                !required("AGORA_REQUIRE_POSTGRES"),
                "AGORA_REQUIRE_POSTGRES=1 but AGORA_TEST_POSTGRES_URL is not set"
            );
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            announce(&format!(
                "SKIP {test}: set AGORA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it on PostgreSQL"
            ));
            return None;
        };
        let schema = format!("t_{}", rand::random::<u64>());
        let admin = Db::connect(&base).await.expect("connect to AGORA_TEST_POSTGRES_URL");
        sqlx_exec(&admin, &format!("CREATE SCHEMA {schema}")).await;
        admin.close().await;
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        Some(Self::start(&url, Cleanup::Postgres { url: base, schema }).await)
    }

    async fn start(url: &str, cleanup: Cleanup) -> TestApp {
        let db = Db::connect(url).await.unwrap();
        db.migrate().await.unwrap();
        // Mail files and uploads go in one folder, removed with the app.
        let mail_folder = Arc::new(tempfile::tempdir().unwrap());
        let config = Arc::new(Config {
            base_url: "http://127.0.0.1".to_owned(),
            rate_limits: RateLimits { enabled: false, ..RateLimits::default() },
            trust_proxy: Default::default(),
            setup_token: None,
            site_name: "Agora Test City".to_owned(),
            oidc: None,
            uploads: mail_folder.path().join("uploads"),
        });
        let mailer = Mailer::new(None, "Agora <noreply@agora.test>", mail_folder.path(), config.site()).unwrap();
        TestApp::with_config(db, url.to_owned(), config, mailer, mail_folder, Some(cleanup))
    }

    fn with_config(
        db: Db,
        url: String,
        config: Arc<Config>,
        mailer: Mailer,
        mail_folder: Arc<tempfile::TempDir>,
        cleanup: Option<Cleanup>,
    ) -> TestApp {
        let router = agora_web::router(AppState { db: db.clone(), config: config.clone() });
        TestApp { db, url, router, config, mailer, mail_folder, cleanup }
    }

    /// The same app sending its mail to this SMTP server.
    pub fn with_smtp(mut self, url: &str) -> TestApp {
        let site = self.config.site();
        self.mailer = Mailer::new(Some(url), "Agora <noreply@agora.test>", self.mail_folder.path(), site).unwrap();
        self
    }

    /// The `.eml` files written so far, when no SMTP server is set (in no particular
    /// order: they are named by a random id).
    pub fn mail_files(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.mail_folder.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    }

    /// The same app, people signing in with this OpenID provider too.
    pub fn with_oidc(self, provider: &oidc::OidcProvider) -> TestApp {
        self.reconfigure(|config| {
            let provider = agora_app::oidc::Provider::new(provider.settings(), &config.base_url).unwrap();
            config.oidc = Some(Arc::new(provider));
        })
    }

    /// The same database with other settings (e.g. rate limits on).
    pub fn reconfigure(mut self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = (*self.config).clone();
        change(&mut config);
        let cleanup = self.cleanup.take();
        let (mailer, folder) = (self.mailer.clone(), self.mail_folder.clone());
        TestApp::with_config(self.db.clone(), self.url.clone(), Arc::new(config), mailer, folder, cleanup)
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    pub async fn request(&self, method: Method, path: &str, body: Option<Value>, token: Option<&str>) -> TestResponse {
        self.request_with(method, path, body, token, &[]).await
    }

    /// `request` with more headers (`X-Forwarded-For`, `Idempotency-Key`, ...).
    pub async fn request_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path).header(header::HOST, "127.0.0.1");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).unwrap()).await
    }

    /// Sends a request through the router, then runs what it left in the outbox, as the
    /// server's worker would: a test sees the notifications a request causes.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        self.run_outbox().await;
        TestResponse { status, headers, body }
    }

    /// Runs every job due in the outbox.
    pub async fn run_outbox(&self) -> usize {
        agora_app::outbox::run_due(&self.db, &self.mailer, agora_db::now()).await.unwrap()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::GET, path, None, token).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> TestResponse {
        self.request(Method::POST, path, Some(body), token).await
    }

    pub async fn put(&self, path: &str, body: Value, token: Option<&str>) -> TestResponse {
        self.request(Method::PUT, path, Some(body), token).await
    }

    /// Sends a file to the API as `multipart/form-data`, in a field named `file`.
    pub async fn send_file(
        &self,
        method: Method,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        let body = multipart_body(std::iter::empty(), Some(("file", file_name, bytes)));
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::DELETE, path, None, token).await
    }

    /// A resident with an API token (inserted directly: no slow password hashing).
    pub async fn user(&self, name: &str) -> TestUser {
        self.make_user(name, false).await
    }

    pub async fn admin(&self) -> TestUser {
        self.make_user("Admin", true).await
    }

    async fn make_user(&self, name: &str, is_admin: bool) -> TestUser {
        let email = format!("{}-{}@example.org", name.to_lowercase().replace(' ', "."), rand::random::<u32>());
        let user =
            agora_app::users::create_with_hash(&self.db, &email, name, password_hash(), is_admin, agora_db::now())
                .await
                .unwrap();
        let token = agora_app::users::create_api_token(&self.db, user.id, agora_db::now()).await.unwrap();
        TestUser { id: user.id, email, name: name.to_owned(), token }
    }

    /// Many residents at once, for the concurrency tests.
    pub async fn users(&self, count: usize) -> Vec<TestUser> {
        let run: u32 = rand::random();
        let people = (0..count)
            .map(|i| agora_db::seed::NewUser {
                email: format!("r{i}-{run}@example.org"),
                name: format!("Resident {i}"),
                is_admin: false,
            })
            .collect();
        let ids = agora_db::seed::users(&self.db, people, password_hash(), agora_db::now()).await.unwrap();
        let mut users = Vec::with_capacity(count);
        for (i, id) in ids.into_iter().enumerate() {
            let token = agora_app::users::create_api_token(&self.db, id, agora_db::now()).await.unwrap();
            users.push(TestUser { id, email: format!("r{i}-{run}@example.org"), name: format!("Resident {i}"), token });
        }
        users
    }

    /// A published project with an ideation phase open now; returns its id.
    pub async fn open_project(&self, admin: &TestUser, phase: Value) -> Id {
        let slug = format!("project-{}", rand::random::<u32>());
        let project = self
            .post(
                "/api/v1/projects",
                serde_json::json!({"title": {"en": "Greener Ghent"}, "slug": slug, "status": "published"}),
                Some(&admin.token),
            )
            .await;
        assert_eq!(project.status, StatusCode::CREATED, "{}", project.text());
        let id = project.json()["id"].as_i64().unwrap();
        let now = chrono::Utc::now();
        let mut body = serde_json::json!({
            "title": {"en": "Ideas"},
            "start_at": (now - chrono::Duration::days(1)).to_rfc3339(),
            "end_at": (now + chrono::Duration::days(30)).to_rfc3339(),
            "method": "ideation",
            "posting_enabled": true, "commenting_enabled": true, "reacting_enabled": true, "disliking_enabled": true,
        });
        if let (Some(body), Some(over)) = (body.as_object_mut(), phase.as_object()) {
            for (k, v) in over {
                body.insert(k.clone(), v.clone());
            }
        }
        let phase = self.post(&format!("/api/v1/projects/{id}/phases"), body, Some(&admin.token)).await;
        assert_eq!(phase.status, StatusCode::CREATED, "{}", phase.text());
        id
    }

    /// A published project whose voting phase runs now, with `voting` as its settings
    /// (and `extra` fields of the phase, such as `permissions`), and one option per cost,
    /// written by the admin. Returns the project, the phase and the options' idea ids.
    pub async fn voting_project(
        &self,
        admin: &TestUser,
        voting: Value,
        extra: Value,
        costs: &[i64],
    ) -> (Id, Id, Vec<Id>) {
        let mut phase = serde_json::json!({"method": "voting", "voting": voting});
        if let (Some(phase), Some(extra)) = (phase.as_object_mut(), extra.as_object()) {
            phase.extend(extra.clone());
        }
        let project = self.open_project(admin, phase).await;
        let phases = self.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
        let phase = phases["items"][0]["id"].as_i64().unwrap();
        let mut options = Vec::new();
        for (i, cost) in costs.iter().enumerate() {
            let body = serde_json::json!({
                "title": {"en": format!("Option {}", i + 1)},
                "body": {"en": format!("What option {} would build.", i + 1)},
                "cost": cost,
            });
            let r = self.post(&format!("/api/v1/phases/{phase}/options"), body, Some(&admin.token)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            options.push(r.json()["idea_id"].as_i64().unwrap());
        }
        (project, phase, options)
    }

    /// Posts an idea through the API; returns its id.
    pub async fn idea(&self, project_id: Id, author: &TestUser, title: &str) -> Id {
        let r = self
            .post(
                &format!("/api/v1/projects/{project_id}/ideas"),
                serde_json::json!({"title": {"en": title}, "body": {"en": format!("{title}, because it matters.")}}),
                Some(&author.token),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        r.json()["id"].as_i64().unwrap()
    }

    /// Serves the app on a real port of 127.0.0.1; returns its base URL.
    pub async fn serve(&self) -> String {
        let (listener, _) = TestApp::bind().await;
        self.serve_on(listener)
    }

    /// A free port of 127.0.0.1 and its base URL, for settings that name the app's own
    /// address (the OpenID provider's redirect URI) before it is served with `serve_on`.
    pub async fn bind() -> (tokio::net::TcpListener, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        (listener, format!("http://{address}"))
    }

    pub fn serve_on(&self, listener: tokio::net::TcpListener) -> String {
        let address = listener.local_addr().unwrap();
        let router = self.router.clone();
        tokio::spawn(agora_web::server::serve(listener, router, std::future::pending()));
        tokio::spawn(agora_app::outbox::work(self.db.clone(), self.mailer.clone()));
        format!("http://{address}")
    }

    /// A browser-like client: keeps cookies and sends forms with their CSRF token.
    pub fn visitor(&self) -> Visitor<'_> {
        Visitor { app: self, cookies: HashMap::new() }
    }
}

pub const MULTIPART_BOUNDARY: &str = "agora-test-boundary-7d1f";

/// A `multipart/form-data` body (boundary `MULTIPART_BOUNDARY`): text fields, then a file.
pub fn multipart_body<'a>(
    fields: impl Iterator<Item = (&'a str, &'a str)>,
    file: Option<(&str, &str, &[u8])>,
) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        let part =
            format!("--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        body.extend_from_slice(part.as_bytes());
    }
    if let Some((name, file_name, bytes)) = file {
        let head = format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{MULTIPART_BOUNDARY}--\r\n").as_bytes());
    body
}

async fn sqlx_exec(db: &Db, sql: &str) {
    agora_db::testing::execute(db, sql).await.unwrap();
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(Cleanup::Postgres { url, schema }) = self.cleanup.take() {
            // A thread of its own: Drop cannot await, and the test's runtime may be gone.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Runtime::new().unwrap();
                runtime.block_on(async {
                    if let Ok(db) = Db::connect(&url).await {
                        let _ =
                            agora_db::testing::execute(&db, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await;
                        db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestUser {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub token: String,
}

impl TestUser {
    pub const PASSWORD: &'static str = "correct horse battery";
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn location(&self) -> String {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }

    /// The value this response sets for a cookie, with its attributes.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// The error code of a JSON error body.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

/// Cookies and forms, as a browser without JavaScript would send them. A clone is
/// another tab of the same browser.
#[derive(Clone)]
pub struct Visitor<'a> {
    app: &'a TestApp,
    pub cookies: HashMap<String, String>,
}

impl Visitor<'_> {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, response: &TestResponse) {
        for value in response.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
            if let Some((name, rest)) = value.split_once('=') {
                let value = rest.split(';').next().unwrap_or_default();
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let request = Request::builder()
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        let response = self.app.send(request).await;
        self.keep_cookies(&response);
        response
    }

    pub fn csrf(&self) -> String {
        self.cookies.get("agora_csrf").cloned().unwrap_or_default()
    }

    /// Posts a form with this visitor's CSRF token (visit a page first to get one).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header());
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let response = self.app.send(builder.body(Body::from(body)).unwrap()).await;
        self.keep_cookies(&response);
        response
    }

    /// Posts a form with a file (`multipart/form-data`), with this visitor's CSRF token
    /// unless `fields` has its own; a field named `file` is sent as a file.
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let (file, texts): (Vec<_>, Vec<_>) = fields.iter().partition(|(name, _)| *name == "file");
        let file = file.first().map(|(_, value)| ("file", "vote.pb", value.as_bytes()));
        self.post_file(path, &texts, file).await
    }

    /// Posts a form with text fields and, optionally, one file: (field, file name, bytes).
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> TestResponse {
        let csrf = self.csrf();
        let own = fields.iter().any(|(name, _)| *name == "csrf");
        let token = (!own).then_some(("csrf", csrf.as_str()));
        let body = multipart_body(token.into_iter().chain(fields.iter().copied()), file);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"))
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        let response = self.app.send(request).await;
        self.keep_cookies(&response);
        response
    }

    /// Signs in through the form.
    pub async fn sign_in(&mut self, user: &TestUser) -> TestResponse {
        self.get("/sign-in").await;
        self.post_form("/sign-in", &[("email", &user.email), ("password", TestUser::PASSWORD)]).await
    }
}

/// Runs each listed `async fn(TestApp)` on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestApp::sqlite().await).await
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::TestApp::postgres().await {
                        super::$name(app).await
                    }
                }
            )*
        }
    };
}
