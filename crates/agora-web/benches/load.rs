//! Load benchmark (not a test): the real server on 127.0.0.1 against a seeded database,
//! driven by a bounded load generator in the same run, reported as ratios.
//!
//! `scripts/benchmark` seeds the database and runs this with
//! `AGORA_BENCH_DATABASE_URL`; without it, this prints SKIP and exits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Http, env_or, fetch, load, memory, rand_u32, report, request, start_server};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

fn main() {
    let Ok(url) = std::env::var("AGORA_BENCH_DATABASE_URL") else {
        println!("SKIP load benchmark: run scripts/benchmark (it seeds a database and sets AGORA_BENCH_DATABASE_URL)");
        return;
    };
    let seconds = env_or("AGORA_BENCH_SECONDS", 10) as u64;
    let connections = env_or("AGORA_BENCH_CONNECTIONS", 64);
    let slug = std::env::var("AGORA_BENCH_PROJECT").unwrap_or_else(|_| "seeded-project".to_owned());

    // Kept to the end: the server runs in this runtime.
    let (_server, db, address, static_page) = start_server(&url);
    let client_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    client_runtime.block_on(async move {
        let base = format!("http://{address}");
        let client: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(connections).build_http();
        let duration = Duration::from_secs(seconds);

        let project: serde_json::Value =
            serde_json::from_slice(&fetch(&client, &format!("{base}/api/v1/projects"), &[]).await.1).unwrap();
        let project = project["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug.as_str())
            .expect("seeded project")
            .clone();
        let project_id = project["id"].as_i64().unwrap();
        let ideas_total: i64 = agora_db::ideas::count_in_project(&db, project_id).await.unwrap();
        println!("project '{slug}' with {ideas_total} ideas; {connections} connections, {seconds} s per run\n");

        // Page 500 of the trending list (the last full page of a smaller project): follow
        // the cursors there.
        let deep_number = (ideas_total / 24).clamp(1, 500);
        let mut cursor = String::new();
        for _ in 1..deep_number {
            let url = format!("{base}/api/v1/projects/{project_id}/ideas?sort=trending&limit=24&cursor={cursor}");
            let page: serde_json::Value = serde_json::from_slice(&fetch(&client, &url, &[]).await.1).unwrap();
            cursor = page["next_cursor"].as_str().expect("pages of ideas").to_owned();
        }
        let first = format!("{base}/projects/{slug}");
        let deep = format!("{base}/projects/{slug}?sort=trending&cursor={cursor}");
        let (status, page_one) = fetch(&client, &first, &[]).await;
        assert_eq!(status, 200);
        let (status, deep_page) = fetch(&client, &deep, &[]).await;
        assert_eq!(status, 200);
        assert!(deep_page.windows(10).any(|w| w == b"idea-card\""), "page {deep_number} shows ideas");
        *static_page.lock().unwrap() = page_one.clone();

        println!("idea list, HTML page of {} bytes (page {deep_number}: {} bytes)", page_one.len(), deep_page.len());
        let get = |url: String| move |_: usize, _: usize| request("GET", &url, None, None);
        let baseline = load(&client, connections, duration, get(format!("{base}/bench/static"))).await;
        report("static page of the same size", &baseline);
        let trending = load(&client, connections, duration, get(first.clone())).await;
        report("idea list, trending, page 1", &trending);
        let deep_stats = load(&client, connections, duration, get(deep.clone())).await;
        report(&format!("idea list, trending, page {deep_number}"), &deep_stats);
        let api = load(
            &client,
            connections,
            duration,
            get(format!("{base}/api/v1/projects/{project_id}/ideas?sort=trending")),
        )
        .await;
        report("API idea list, trending, page 1", &api);
        println!(
            "\nratio to the static page (req/s): page 1 {:.2}, page {deep_number} {:.2}, API {:.2}",
            trending.rps() / baseline.rps(),
            deep_stats.rps() / baseline.rps(),
            api.rps() / baseline.rps()
        );
        println!(
            "ratio of p99 latency to the static page: page 1 {:.2}, page {deep_number} {:.2}",
            trending.p99_ms / baseline.p99_ms,
            deep_stats.p99_ms / baseline.p99_ms
        );

        if std::env::var("AGORA_BENCH_LIST_ONLY").is_ok() {
            println!("memory of this process (server and load generator): {}", memory());
            return;
        }

        // Reactions from many distinct people, none lost.
        let people = env_or("AGORA_BENCH_VOTERS", 5_000);
        let run: u32 = rand_u32();
        let users = (0..people)
            .map(|i| agora_db::seed::NewUser {
                email: format!("voter{i}-{run}@bench.invalid"),
                name: format!("Voter {i}"),
                is_admin: false,
            })
            .collect();
        let hash = agora_app::users::hash_password("bench password").await.unwrap();
        let ids = agora_db::seed::users(&db, users, &hash, agora_db::now()).await.unwrap();
        let mut tokens = Vec::with_capacity(ids.len());
        for id in ids {
            tokens.push(agora_app::users::create_api_token(&db, id, agora_db::now()).await.unwrap());
        }
        let idea_ids = agora_db::ideas::ids_in_project(&db, project_id, 2_000).await.unwrap();
        let before = agora_db::ideas::like_totals(&db).await.unwrap();
        let tokens = Arc::new(tokens);
        let idea_ids = Arc::new(idea_ids);
        let sent = Arc::new(AtomicUsize::new(0));
        let (base2, t2, i2, s2) = (base.clone(), tokens.clone(), idea_ids.clone(), sent.clone());
        // Worker w uses the people w, w + C, w + 2C, ...; each person likes ideas one after
        // the other, so every (person, idea) pair is new.
        let stats = load(&client, connections, duration, move |worker, n| {
            let person = (worker + (n % (t2.len() / connections).max(1)) * connections) % t2.len();
            let idea = i2[(n / (t2.len() / connections).max(1) + worker) % i2.len()];
            s2.fetch_add(1, Ordering::Relaxed);
            request(
                "PUT",
                &format!("{base2}/api/v1/ideas/{idea}/reaction"),
                Some(&t2[person]),
                Some(r#"{"mode":"up"}"#),
            )
        })
        .await;
        report("reactions (PUT like, distinct people)", &stats);
        let after = agora_db::ideas::like_totals(&db).await.unwrap();
        println!(
            "likes: counters {} -> {} (+{}), reaction rows {} -> {} (+{}); successful requests {}; lost {}",
            before.0,
            after.0,
            after.0 - before.0,
            before.1,
            after.1,
            after.1 - before.1,
            stats.requests,
            stats.requests as i64 - (after.1 - before.1)
        );
        assert_eq!(after.0 - before.0, after.1 - before.1, "counters agree with rows");
        assert_eq!(stats.requests as i64, after.1 - before.1, "every acknowledged like is stored");
        println!("memory of this process (server and load generator): {}", memory());

        // Signed in: the same lists with the viewer's own likes shown, and an idea page
        // with 50 comments.
        let viewer = tokens[0].clone();
        let signed_in = |url: String| {
            let viewer = viewer.clone();
            move |_: usize, _: usize| request("GET", &url, Some(&viewer), None)
        };
        let listed = load(&client, connections, duration, signed_in(first.clone())).await;
        report("idea list, page 1, signed in", &listed);
        let listed_deep = load(&client, connections, duration, signed_in(deep.clone())).await;
        report("idea list, page 500, signed in", &listed_deep);
        let discussed = idea_ids[idea_ids.len() / 2];
        for token in tokens.iter().take(50) {
            let body = r#"{"body":{"en":"A comment to read, long enough to look like the ones residents write."}}"#;
            let url = format!("{base}/api/v1/ideas/{discussed}/comments");
            let r = client.request(request("POST", &url, Some(token), Some(body))).await.unwrap();
            assert_eq!(r.status(), 201);
        }
        let idea_page = format!("{base}/ideas/{discussed}");
        let (status, body) = fetch(&client, &idea_page, &[("authorization", &format!("Bearer {viewer}"))]).await;
        assert_eq!(status, 200);
        *static_page.lock().unwrap() = body.clone();
        let idea_baseline = load(&client, connections, duration, get(format!("{base}/bench/static"))).await;
        report(&format!("static page of {} bytes", body.len()), &idea_baseline);
        let idea_stats = load(&client, connections, duration, signed_in(idea_page)).await;
        report("idea page, 50 comments, signed in", &idea_stats);
        println!(
            "\nratio to the static page (req/s), signed in: list page 1 {:.2}, page 500 {:.2}, idea page {:.2}",
            listed.rps() / baseline.rps(),
            listed_deep.rps() / baseline.rps(),
            idea_stats.rps() / idea_baseline.rps()
        );
        println!("memory of this process (server and load generator): {}", memory());

        // Weight of a first visit to the idea list: compressed HTML + CSS + JS.
        let encodings = [("accept-encoding", "br, gzip")];
        let html = fetch(&client, &first, &encodings).await.1.len();
        let css = fetch(&client, &format!("{base}/static/app.css"), &encodings).await.1.len();
        let js = fetch(&client, &format!("{base}/static/app.js"), &encodings).await.1.len();
        println!(
            "\nfirst visit to the idea list: HTML {html} + CSS {css} + JS {js} = {} bytes compressed",
            html + css + js
        );
    });
}
