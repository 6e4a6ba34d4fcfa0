//! What the benchmarks share: the real server on 127.0.0.1 with a fixed page beside it
//! (the baseline of every ratio), and a bounded load generator.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use agora_db::Db;
use agora_web::config::RateLimits;
use agora_web::{AppState, Config};
use axum::Router;
use axum::body::Bytes;
use axum::routing::get;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;

pub type Http = Client<HttpConnector, Full<Bytes>>;

pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub struct Stats {
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Stats {
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

pub fn request(method: &str, url: &str, token: Option<&str>, body: Option<&str>) -> axum::http::Request<Full<Bytes>> {
    let mut builder = axum::http::Request::builder().method(method).uri(url);
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    if body.is_some() {
        builder = builder.header("content-type", "application/json");
    }
    builder.body(Full::new(Bytes::from(body.unwrap_or_default().to_owned()))).unwrap()
}

pub async fn fetch(client: &Http, url: &str, headers: &[(&str, &str)]) -> (u16, Bytes) {
    let mut builder = axum::http::Request::builder().uri(url);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let response = client.request(builder.body(Full::new(Bytes::new())).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    (status, response.into_body().collect().await.unwrap().to_bytes())
}

/// `connections` workers send requests back to back for `duration`; `make` builds the
/// n-th request of a worker.
pub async fn load<F>(client: &Http, connections: usize, duration: Duration, make: F) -> Stats
where
    F: Fn(usize, usize) -> axum::http::Request<Full<Bytes>> + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|worker| {
            let (client, make) = (client.clone(), make.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut n = 0;
                while started.elapsed() < duration {
                    let sent = Instant::now();
                    match client.request(make(worker, n)).await {
                        Ok(response) => {
                            let ok = response.status().is_success();
                            let _ = response.into_body().collect().await;
                            if ok { latencies.push(sent.elapsed()) } else { errors += 1 }
                        }
                        Err(_) => errors += 1,
                    }
                    n += 1;
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (latencies, e) = w.await.unwrap();
        all.extend(latencies);
        errors += e;
    }
    let seconds = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Stats { requests: all.len(), errors, seconds, p50_ms: pct(0.50), p99_ms: pct(0.99) }
}

pub fn report(name: &str, s: &Stats) {
    println!(
        "{name:<40} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} ok, {} errors)",
        s.rps(),
        s.p50_ms,
        s.p99_ms,
        s.requests,
        s.errors
    );
}

/// The server in a runtime of its own, as it would run in its own process, on a
/// database at `url` (migrated), with rate limits off; beside the app, `/bench/static`
/// serves whatever page is put in the returned slot.
pub fn start_server(url: &str) -> (tokio::runtime::Runtime, Db, SocketAddr, Arc<Mutex<Bytes>>) {
    let server = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (db, app, listener) = server.block_on(async {
        let db = Db::connect(url).await.unwrap();
        db.migrate().await.unwrap();
        let config = Config {
            base_url: "http://127.0.0.1".into(),
            rate_limits: RateLimits { enabled: false, ..RateLimits::default() },
            trust_proxy: Default::default(),
            setup_token: None,
            site_name: "Agora".into(),
            oidc: None,
            uploads: std::env::temp_dir().join("agora-bench-uploads"),
        };
        let app = agora_web::router(AppState { db: db.clone(), config: Arc::new(config) });
        (db, app, tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap())
    });
    let address = listener.local_addr().unwrap();
    let static_page: Arc<Mutex<Bytes>> = Arc::default();
    let page = static_page.clone();
    let bench = Router::new()
        .route(
            "/bench/static",
            get(move || {
                let body = page.lock().unwrap().clone();
                async move { ([("content-type", "text/html; charset=utf-8")], body) }
            }),
        )
        .fallback_service(app);
    server.spawn(async move { axum::serve(listener, bench).await.unwrap() });
    (server, db, address, static_page)
}

/// The resident memory now and at its highest, as the kernel counts it.
pub fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find(|l| l.starts_with(name)).map_or("?".to_owned(), |l| l[name.len()..].trim().to_owned())
    };
    format!(
        "VmRSS {} (anonymous {}, file {}), VmHWM {}",
        field("VmRSS:"),
        field("RssAnon:"),
        field("RssFile:"),
        field("VmHWM:")
    )
}

/// The platform's administrator, with an API token; and the password hash every
/// benchmark account shares.
pub async fn admin(db: &Db) -> (agora_core::permissions::Actor, String, String) {
    let now = agora_db::now();
    let hash = agora_app::users::hash_password("bench password").await.unwrap();
    let admin = agora_app::users::create_with_hash(db, "admin@bench.invalid", "Admin", &hash, true, now).await.unwrap();
    let token = agora_app::users::create_api_token(db, admin.id, now).await.unwrap();
    (
        agora_core::permissions::Actor { is_admin: true, ..agora_core::permissions::Actor::resident(admin.id) },
        token,
        hash,
    )
}

/// `count` residents (`{prefix}{i}@bench.invalid`), each with an API token.
pub async fn residents(db: &Db, prefix: &str, count: usize, hash: &str) -> (Vec<i64>, Vec<String>) {
    let now = agora_db::now();
    let people = (0..count)
        .map(|i| agora_db::seed::NewUser {
            email: format!("{prefix}{i}@bench.invalid"),
            name: format!("Resident {i}"),
            is_admin: false,
        })
        .collect();
    let ids = agora_db::seed::users(db, people, hash, now).await.unwrap();
    let mut tokens = Vec::with_capacity(ids.len());
    for id in &ids {
        tokens.push(agora_app::users::create_api_token(db, *id, now).await.unwrap());
    }
    (ids, tokens)
}

pub fn rand_u32() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(7)
}
