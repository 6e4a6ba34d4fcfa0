//! Survey benchmark (not a test): responses submitted by distinct people against the
//! real server on 127.0.0.1, next to a fixed page of the same size; then the XLSX export
//! of 100,000 responses, streamed, with the process's peak memory while it is written.
//!
//! `scripts/benchmark-surveys` runs it on a fresh database per backend with
//! `AGORA_BENCH_DATABASE_URL`; without it, this prints SKIP and exits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use agora_core::permissions::Actor;
use agora_core::phase::{Ideation, Method, MethodConfig, SurveySettings, Window};
use agora_core::survey::Form;
use agora_core::{MICROS_PER_DAY, Multiloc};
use agora_db::DbResult;
use common::{Http, env_or, load, memory, report, request, start_server};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

/// A survey of three pages and nine questions, cyclists skipping the car page.
fn form() -> Form {
    let options = |keys: &[&str]| keys.iter().map(|k| json!({"key": k, "title": {"en": k}})).collect::<Vec<_>>();
    serde_json::from_value(json!({"pages": [
        {"key": "travel", "questions": [
            {"key": "how", "type": "single_choice", "title": {"en": "How?"}, "required": true, "options": options(&["bike", "car", "bus"]), "other": true},
            {"key": "days", "type": "multiple_choice", "title": {"en": "Days?"}, "options": options(&["mon", "tue", "wed", "thu", "fri"])},
            {"key": "where", "type": "short_text", "title": {"en": "Where?"}}],
         "logic": [{"question": "how", "option": "bike", "goto": "views"}]},
        {"key": "car", "questions": [
            {"key": "km", "type": "number", "title": {"en": "How far?"}, "min": 0, "max": 500},
            {"key": "park", "type": "point", "title": {"en": "Parking?"}}]},
        {"key": "views", "questions": [
            {"key": "safe", "type": "linear_scale", "title": {"en": "Safe?"}, "min": 1, "max": 7},
            {"key": "rank", "type": "ranking", "title": {"en": "Priorities"}, "options": options(&["lanes", "buses", "parking"])},
            {"key": "grid", "type": "matrix", "title": {"en": "Agree?"}, "rows": options(&["clean", "quiet"])},
            {"key": "ideas", "type": "long_text", "title": {"en": "Ideas?"}}]}
    ]}))
    .unwrap()
}

fn answers(n: usize) -> Value {
    let how = ["bike", "car", "bus"][n % 3];
    let mut answers = json!({"how": how, "days": ["mon", "wed"], "where": format!("Street {n}"), "safe": 1 + n % 7,
        "rank": ["buses", "lanes", "parking"], "grid": {"clean": 1 + n % 5, "quiet": 2}, "ideas": "More trees and safer crossings near the school."});
    if how != "bike" {
        answers["km"] = json!(n % 40);
        answers["park"] = json!({"lat": 51.05, "lng": 3.72});
    }
    answers
}

fn main() {
    let Ok(url) = std::env::var("AGORA_BENCH_DATABASE_URL") else {
        println!(
            "SKIP survey benchmark: run scripts/benchmark-surveys (it makes a fresh database and sets AGORA_BENCH_DATABASE_URL)"
        );
        return;
    };
    let seconds = env_or("AGORA_BENCH_SECONDS", 5) as u64;
    let connections = env_or("AGORA_BENCH_CONNECTIONS", 64);
    let people = env_or("AGORA_BENCH_PEOPLE", 20_000);
    let exported = env_or("AGORA_BENCH_EXPORT", 100_000);
    let (_server, db, address, static_page) = start_server(&url);
    let client_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    client_runtime.block_on(async move {
        let base = format!("http://{address}");
        let client: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(connections).build_http();
        let now = agora_db::now();
        let (admin, admin_token, hash) = common::admin(&db).await;
        let phase = survey_phase(&db, &admin, "bench-survey", now).await;
        let (ids, tokens) = common::residents(&db, "r", people, &hash).await;
        println!("{people} residents; {connections} connections, {seconds} s per run\n");

        *static_page.lock().unwrap() = axum::body::Bytes::from_static(br#"{"id":123456}"#);
        let baseline = load(&client, connections, Duration::from_secs(seconds), {
            let url = format!("{base}/bench/static");
            move |_, _| request("GET", &url, None, None)
        })
        .await;
        report("static response-sized page", &baseline);
        let submit = format!("{base}/api/v1/phases/{phase}/responses");
        let tokens = Arc::new(tokens);
        let t = tokens.clone();
        let stats = load(&client, connections, Duration::from_secs(seconds), move |worker, n| {
            let person = (worker + n * connections) % t.len();
            let body = json!({"answers": answers(person)}).to_string();
            request("POST", &submit, Some(&t[person]), Some(&body))
        })
        .await;
        report("responses, distinct people", &stats);
        let stored = agora_db::responses::count(&db, phase).await.unwrap();
        let answered =
            agora_db::testing::count(&db, &format!("SELECT COUNT(*) AS n FROM respondents WHERE phase_id = {phase}"))
                .await
                .unwrap();
        println!(
            "responses stored {stored} = people recorded as having answered {answered}{}",
            if stored as usize >= people { "; every resident answered: the rate is a lower bound" } else { "" }
        );
        assert_eq!(stored, answered, "one response per person, none lost");
        println!(
            "new responses per second: {:.0}; ratio of submissions to the static page (req/s): {:.2}",
            stored as f64 / stats.seconds,
            stats.rps() / baseline.rps()
        );
        println!("memory of this process (server and load generator): {}\n", memory());

        // 100,000 responses in another phase, then their XLSX export through HTTP, read
        // as it streams and thrown away.
        let big = survey_phase(&db, &admin, "bench-export", now).await;
        let started = Instant::now();
        insert_responses(&db, big, &ids, exported).await;
        println!("{exported} responses stored for the export in {:.1} s", started.elapsed().as_secs_f64());
        // The peak resident memory counts from here (Linux: 5 resets VmHWM).
        std::fs::write("/proc/self/clear_refs", "5").ok();
        let before = memory();
        let started = Instant::now();
        let xlsx = format!("{base}/api/v1/phases/{big}/responses.xlsx");
        let response = client.request(request("GET", &xlsx, Some(&admin_token), None)).await.unwrap();
        assert_eq!(response.status(), 200);
        let first_byte = started.elapsed().as_secs_f64();
        let mut body = response.into_body();
        let mut bytes = 0;
        while let Some(frame) = body.frame().await {
            bytes += frame.unwrap().data_ref().map_or(0, |d| d.len());
        }
        println!(
            "XLSX export of {exported} responses: {:.1} MB in {:.1} s (first byte after {first_byte:.1} s)",
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        println!("memory before the export: {before}");
        println!("memory after it (VmHWM: the peak while it was written and sent): {}", memory());
    });
}

/// Responses stored straight into the database, 1,000 a transaction.
async fn insert_responses(db: &agora_db::Db, phase: i64, people: &[i64], count: usize) {
    let form = form();
    let mut done = 0;
    while done < count {
        let mut tx = db.begin().await.unwrap();
        for n in done..(done + 1_000).min(count) {
            let answers = form.check_answers(answers(n).as_object().unwrap()).unwrap();
            let path = form.path(&answers);
            let response = agora_db::responses::NewResponse {
                phase_id: phase,
                respondent_id: people[n % people.len()],
                anonymous: false,
                form_version: 1,
                answers: &answers,
                path: &path,
            };
            agora_db::responses::insert(&mut tx, &response, agora_db::now()).await.unwrap();
        }
        tx.commit().await.db().unwrap();
        done = (done + 1_000).min(count);
    }
}

/// A published project whose survey runs now, with its form; returns the phase.
async fn survey_phase(db: &agora_db::Db, admin: &Actor, slug: &str, now: i64) -> i64 {
    let input = agora_app::projects::ProjectInput {
        title: Multiloc::new("en", "Survey"),
        slug: Some(slug.to_owned()),
        status: Some(agora_core::permissions::ProjectStatus::Published),
        ..Default::default()
    };
    let project = agora_app::projects::create(db, Some(admin), &input, now).await.unwrap();
    let phase = agora_app::projects::PhaseInput {
        title: Multiloc::new("en", "Survey"),
        description: Multiloc::default(),
        window: Window { start_at: now - MICROS_PER_DAY, end_at: Some(now + 30 * MICROS_PER_DAY) },
        config: MethodConfig::new(Method::Survey, Ideation::CLOSED, None, Some(SurveySettings::default())).unwrap(),
        permissions: Default::default(),
    };
    let phase = agora_app::projects::create_phase(db, Some(admin), project.id, &phase, now).await.unwrap().id;
    agora_app::surveys::save_form(db, Some(admin), phase, &form(), now).await.unwrap();
    phase
}
