//! Voting benchmark (not a test): ballot submissions from distinct voters against the
//! real server on 127.0.0.1, next to a fixed page of the same size; then the time to
//! import the largest Pabulib file into a phase and to publish its results.
//!
//! `scripts/benchmark-voting` runs it on a fresh database per backend with
//! `AGORA_BENCH_DATABASE_URL`; without it, this prints SKIP and exits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use agora_core::permissions::Actor;
use agora_core::phase::{Ideation, Method, MethodConfig, Window};
use agora_core::voting::{Votes, Voting, VotingMethod, WinnerRule};
use agora_core::{MICROS_PER_DAY, Multiloc};
use common::{Http, env_or, fetch, load, memory, report, request, start_server};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

fn main() {
    let Ok(url) = std::env::var("AGORA_BENCH_DATABASE_URL") else {
        println!(
            "SKIP voting benchmark: run scripts/benchmark-voting (it makes a fresh database and sets AGORA_BENCH_DATABASE_URL)"
        );
        return;
    };
    let seconds = env_or("AGORA_BENCH_SECONDS", 5) as u64;
    let connections = env_or("AGORA_BENCH_CONNECTIONS", 64);
    let voters = env_or("AGORA_BENCH_VOTERS", 20_000);
    let file = std::env::var("AGORA_BENCH_PB")
        .unwrap_or_else(|_| "../shared/data/pabulib/Hungary_Budapest_2024.pb".to_owned());
    // Kept to the end: the server runs in this runtime.
    let (_server, db, address, static_page) = start_server(&url);
    let client_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    client_runtime.block_on(async move {
        let base = format!("http://{address}");
        let client: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(connections).build_http();
        let now = agora_db::now();
        let (admin, admin_token, hash) = common::admin(&db).await;

        // A budget vote of twenty options, and voters with their baskets filled in.
        let phase = voting_phase(&db, &admin, "bench-vote", WinnerRule::Greedy, now).await;
        let mut options = Vec::new();
        for i in 0..20 {
            let idea = agora_app::ideas::IdeaInput {
                title: Multiloc::new("en", format!("Option {i}")),
                body: Multiloc::new("en", "What it would build."),
                ..Default::default()
            };
            let cost = 10_000 + 4_000 * i;
            options.push(
                agora_app::voting::create_option(&db, Some(&admin), phase, &idea, Some(cost), now).await.unwrap(),
            );
        }
        let started = Instant::now();
        let (ids, tokens) = common::residents(&db, "v", voters, &hash).await;
        for (n, id) in ids.iter().enumerate() {
            let votes: Votes = (0..3).map(|k| (options[(n * 7 + k * 3) % options.len()], 1)).collect();
            agora_app::voting::save(&db, Some(&Actor::resident(*id)), phase, &votes, now).await.unwrap();
        }
        println!(
            "{voters} voters with a basket each, made in {:.1} s; {connections} connections, {seconds} s per run\n",
            started.elapsed().as_secs_f64()
        );

        // Each submission is a distinct voter's: worker w takes voters w, w + C, ...
        let submit = format!("{base}/api/v1/phases/{phase}/basket/submit");
        // A receipt is this size; the same server serves it as a fixed page: the baseline.
        *static_page.lock().unwrap() = axum::body::Bytes::from_static(
            br#"{"ballot_code":"K7Q2-M3ZX-9PLD","submitted_at":"2026-12-01T10:00:00.000000Z"}"#,
        );
        let baseline = load(&client, connections, Duration::from_secs(seconds), {
            let url = format!("{base}/bench/static");
            move |_, _| request("GET", &url, None, None)
        })
        .await;
        report("static receipt-sized page", &baseline);
        let tokens = Arc::new(tokens);
        let t = tokens.clone();
        let stats = load(&client, connections, Duration::from_secs(seconds), move |worker, n| {
            let voter = (worker + n * connections) % t.len();
            request("POST", &submit, Some(&t[voter]), None)
        })
        .await;
        report("ballot submissions, distinct voters", &stats);
        let ballots = agora_db::voting::submitted(&db, phase).await.unwrap();
        let log = agora_db::voting::log(&db, phase).await.unwrap();
        let counted: i64 = agora_db::voting::online_votes(&db, phase).await.unwrap().values().sum();
        let in_ballots: i64 = ballots.iter().map(|(_, v)| v.values().sum::<i64>()).sum();
        println!(
            "ballots counted {}, log entries {}, totals {} = votes in the ballots {}; {}",
            ballots.len(),
            log.len(),
            counted,
            in_ballots,
            if ballots.len() >= voters {
                "every voter submitted: the rate is a lower bound"
            } else {
                "each submission a new voter"
            }
        );
        assert_eq!(counted, in_ballots, "totals are the ballots'");
        assert_eq!(ballots.len(), log.len(), "one log entry per ballot");
        assert!(agora_core::ballot_log::verify(phase, &log).is_ok());
        let rate = ballots.len() as f64 / stats.seconds;
        println!(
            "new ballots per second: {rate:.0}; ratio of submissions to the static page (req/s): {:.2}",
            stats.rps() / baseline.rps()
        );
        println!("memory of this process (server and load generator): {}\n", memory());

        // The largest real election, imported into a phase and counted, for each rule.
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!("SKIP import and count: {file} is absent");
            return;
        };
        for rule in [WinnerRule::Greedy, WinnerRule::Mes, WinnerRule::MesAdd1] {
            let phase = voting_phase(&db, &admin, &format!("bench-import-{}", rule.as_str()), rule, now).await;
            let started = Instant::now();
            let import = format!("{base}/api/v1/phases/{phase}/ballots.pb");
            let mut put = request("PUT", &import, Some(&admin_token), None);
            *put.body_mut() = http_body_util::Full::new(axum::body::Bytes::from(text.clone()));
            put.headers_mut().insert("content-type", "text/plain".parse().unwrap());
            let response = client.request(put).await.unwrap();
            assert_eq!(response.status(), 200);
            let imported = started.elapsed().as_secs_f64();
            let sql = format!("UPDATE phases SET end_at = {} WHERE id = {phase}", agora_db::now());
            agora_db::testing::execute(&db, &sql).await.unwrap();
            let started = Instant::now();
            let results = format!("{base}/api/v1/phases/{phase}/results");
            let response = client.request(request("POST", &results, Some(&admin_token), None)).await.unwrap();
            assert_eq!(response.status(), 202);
            // The outbox worker counts; this process has none running, so it works here.
            let folder = tempfile::tempdir().unwrap();
            let site = agora_app::mail::Site { name: "Agora".into(), base_url: "http://127.0.0.1".into() };
            let mailer = agora_app::mail::Mailer::new(None, "bench@agora.invalid", folder.path(), site).unwrap();
            agora_app::outbox::run_due(&db, &mailer, agora_db::now()).await.unwrap();
            let (status, body) = fetch(&client, &results, &[]).await;
            let published: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!((status, published["status"].as_str()), (200, Some("published")));
            println!(
                "{}: imported {} ballots in {imported:.1} s; counted and published with {} in {:.1} s ({} winners)",
                file.rsplit('/').next().unwrap_or_default(),
                published["voters_online"],
                rule.as_str(),
                started.elapsed().as_secs_f64(),
                published["winners"].as_array().map_or(0, Vec::len)
            );
        }
        println!("memory of this process (server and load generator): {}", memory());
    });
}

/// A published project whose budget vote runs now; returns the phase.
async fn voting_phase(db: &agora_db::Db, admin: &Actor, slug: &str, rule: WinnerRule, now: i64) -> i64 {
    let input = agora_app::projects::ProjectInput {
        title: Multiloc::new("en", "Budget"),
        slug: Some(slug.to_owned()),
        status: Some(agora_core::permissions::ProjectStatus::Published),
        ..Default::default()
    };
    let project = agora_app::projects::create(db, Some(admin), &input, now).await.unwrap();
    let settings = Voting { budget: Some(1_000_000), min_total: None, rule, ..Voting::example_budgeting() };
    let phase = agora_app::projects::PhaseInput {
        title: Multiloc::new("en", "Vote"),
        description: Multiloc::default(),
        window: Window { start_at: now - MICROS_PER_DAY, end_at: Some(now + 30 * MICROS_PER_DAY) },
        config: MethodConfig::new(
            Method::Voting,
            Ideation::CLOSED,
            Some(Voting { method: VotingMethod::Budgeting, ..settings }),
            None,
        )
        .unwrap(),
        permissions: Default::default(),
    };
    agora_app::projects::create_phase(db, Some(admin), project.id, &phase, now).await.unwrap().id
}
