//! A city's vote from ballots to published results, and back: the `.pb` file the
//! results page offers, counted again by `agora pb winners`, names the same winners.
#![allow(clippy::unwrap_used)]

mod common;

use agora_db::testing::execute;
use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use common::agora;
use serde_json::{Value, json};

db_tests!(
    the_published_ballots_count_again_to_the_published_winners,
    results_wait_for_the_end_of_the_vote,
    an_imported_vote_counts_as_the_city_counted_it,
);

fn basket(options: &[i64], chosen: &[usize]) -> Value {
    let votes: serde_json::Map<String, Value> = chosen.iter().map(|&i| (options[i].to_string(), json!(1))).collect();
    json!({ "votes": votes })
}

/// Eight options and Equal Shares with Add1; five residents vote, one changes their
/// mind, paper votes are entered, the phase ends, the count is published.
async fn the_published_ballots_count_again_to_the_published_winners(app: TestApp) {
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 1_000, "rule": "mes-add1"});
    let costs = [400, 300, 250, 200, 150, 120, 100, 60];
    let (_, phase, options) = app.voting_project(&admin, voting, json!({}), &costs).await;
    let choices: [&[usize]; 5] = [&[0, 1, 2], &[0, 3, 4], &[1, 2, 6], &[5, 6, 7], &[4, 5, 7]];
    let voters = app.users(5).await;
    for (voter, chosen) in voters.iter().zip(choices) {
        let path = format!("/api/v1/phases/{phase}/basket");
        assert_eq!(app.put(&path, basket(&options, chosen), Some(&voter.token)).await.status, StatusCode::OK);
        let r = app.post(&format!("{path}/submit"), json!({}), Some(&voter.token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let path = format!("/api/v1/phases/{phase}/basket");
    app.put(&path, basket(&options, &[2, 3, 7]), Some(&voters[0].token)).await;
    app.post(&format!("{path}/submit"), json!({}), Some(&voters[0].token)).await;
    let paper = json!({"votes": {options[3].to_string(): 2, options[6].to_string(): 1}, "voters": 2});
    let r = app.put(&format!("/api/v1/phases/{phase}/offline-votes"), paper, Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let results = format!("/api/v1/phases/{phase}/results");
    assert_eq!(app.get(&results, None).await.error(), "results_not_published");
    assert_eq!(app.get(&format!("/api/v1/phases/{phase}/ballots.pb"), None).await.status, StatusCode::NOT_FOUND);
    let now = agora_db::now();
    execute(&app.db, &format!("UPDATE phases SET end_at = {now} WHERE id = {phase}")).await.unwrap();
    assert_eq!(app.post(&results, json!({}), Some(&voters[1].token)).await.status, StatusCode::FORBIDDEN);
    // The harness runs the outbox after each request, as the worker would.
    assert_eq!(app.post(&results, json!({}), Some(&admin.token)).await.status, StatusCode::ACCEPTED);
    let published = app.get(&results, None).await.json();
    assert_eq!(published["status"], "published", "{published}");
    assert_eq!((published["voters_online"].clone(), published["voters_offline"].clone()), (json!(5), json!(2)));
    let winners: Vec<String> =
        published["winners"].as_array().unwrap().iter().map(|w| w.as_i64().unwrap().to_string()).collect();
    assert!(!winners.is_empty());
    let head = agora_db::voting::tally_state(&app.db, phase).await.unwrap().0;
    assert_eq!(published["log_head"], head.as_str());
    // The voters hear of it, each once.
    let told = format!("SELECT COUNT(*) FROM notifications WHERE kind = 'vote_results' AND phase_id = {phase}");
    assert_eq!(agora_db::testing::count(&app.db, &told).await.unwrap(), 5);
    for option in published["options"].as_array().unwrap() {
        let explanation = option["explanation"].as_str().unwrap();
        let funded = explanation.starts_with("Funded");
        assert_eq!(option["won"].as_bool().unwrap(), funded, "{explanation}");
    }
    let changed = published["options"].as_array().unwrap().iter().find(|o| o["idea_id"] == options[3]).unwrap();
    assert_eq!((changed["online_votes"].clone(), changed["offline_votes"].clone()), (json!(2), json!(2)));

    let file = app.get(&format!("/api/v1/phases/{phase}/ballots.pb"), None).await;
    assert_eq!(file.status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ballots.pb");
    std::fs::write(&path, file.text()).unwrap();
    let rerun = published["rerun"].as_str().unwrap().to_owned();
    assert_eq!(rerun, "agora pb winners ballots.pb --rule mes-add1");
    let mut args: Vec<&str> = rerun.split(' ').skip(1).collect();
    args[2] = path.to_str().unwrap();
    args.push("--json");
    let (ok, out, err) = agora(&args);
    assert!(ok, "{err}");
    let counted: Value = serde_json::from_str(&out).unwrap();
    let again: Vec<String> =
        counted["winners"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().into()).collect();
    assert_eq!(again, winners, "the file counts again to the published winners");
    assert_eq!(counted["voters"], 8, "five online ballots and one per paper vote: {out}");

    // The ballot log checks out up to the published head, and the ballots against it;
    // a ballot changed in the file does not.
    let log = app.get(&format!("/api/v1/phases/{phase}/ballot-log"), None).await;
    assert_eq!(log.json()["head"], head.as_str());
    assert!(!log.text().contains("@example.org"), "no personal data");
    let log_path = dir.path().join("log.json");
    std::fs::write(&log_path, log.text()).unwrap();
    let (log_arg, ballots_arg) = (log_path.to_str().unwrap(), path.to_str().unwrap());
    let (ok, out, err) = agora(&["pb", "verify", log_arg, "--ballots", ballots_arg]);
    assert!(ok, "{err}");
    assert!(out.contains("holds: 6 entries") && out.contains("The 5 online ballots"), "{out}");
    let code = app.get(&format!("/api/v1/phases/{phase}/basket"), Some(&voters[1].token)).await.json()["ballot_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let original = file.text();
    let line = original.lines().find(|l| l.starts_with(&code)).unwrap().to_owned();
    let forged = original.replace(&line, &format!("{code};{}", options[7]));
    std::fs::write(&path, forged).unwrap();
    let (ok, _, err) = agora(&["pb", "verify", log_arg, "--ballots", ballots_arg]);
    assert!(!ok && err.contains(&format!("ballot {code} is not the one the log recorded")), "{err}");
}

/// No count while the vote runs; residents are reminded of a basket never submitted,
/// once, three days before the end.
async fn results_wait_for_the_end_of_the_vote(app: TestApp) {
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 1_000, "rule": "greedy"});
    let (_, phase, options) = app.voting_project(&admin, voting, json!({}), &[400, 300]).await;
    let r = app.post(&format!("/api/v1/phases/{phase}/results"), json!({}), Some(&admin.token)).await;
    assert_eq!((r.status, r.error()), (StatusCode::CONFLICT, "voting_still_open".to_owned()));

    let hesitant = app.user("Hesitant").await;
    let decided = app.user("Decided").await;
    let path = format!("/api/v1/phases/{phase}/basket");
    app.put(&path, basket(&options, &[0]), Some(&hesitant.token)).await;
    app.put(&path, basket(&options, &[1]), Some(&decided.token)).await;
    app.post(&format!("{path}/submit"), json!({}), Some(&decided.token)).await;
    // The phase ends in 30 days: nobody is reminded yet; two days before, the hesitant are.
    let now = agora_db::now();
    agora_app::voting::periodic(&app.db, now).await.unwrap();
    let reminders = "SELECT COUNT(*) FROM notifications WHERE kind = 'vote_reminder'";
    assert_eq!(agora_db::testing::count(&app.db, reminders).await.unwrap(), 0);
    let two_days_before = now + 28 * agora_core::MICROS_PER_DAY;
    agora_app::voting::periodic(&app.db, two_days_before).await.unwrap();
    agora_app::voting::periodic(&app.db, two_days_before + 60_000_000).await.unwrap();
    let sql =
        format!("SELECT COUNT(*) FROM notifications WHERE kind = 'vote_reminder' AND recipient_id = {}", hesitant.id);
    assert_eq!(agora_db::testing::count(&app.db, &sql).await.unwrap(), 1, "reminded once");
    assert_eq!(agora_db::testing::count(&app.db, reminders).await.unwrap(), 1, "the voter who submitted is not");
    let page = app.get("/api/v1/notifications", Some(&hesitant.token)).await;
    let item = page.json()["items"][0].clone();
    assert_eq!((item["kind"].clone(), item["phase_id"].clone()), (json!("vote_reminder"), json!(phase)));

    // A vote set to publish on its own is counted once it has ended.
    let automatic = json!({"method": "budgeting", "budget": 1_000, "rule": "greedy", "publish_automatically": true});
    let (_, phase, options) = app.voting_project(&admin, automatic, json!({}), &[400, 300]).await;
    let path = format!("/api/v1/phases/{phase}/basket");
    app.put(&path, basket(&options, &[1]), Some(&decided.token)).await;
    app.post(&format!("{path}/submit"), json!({}), Some(&decided.token)).await;
    agora_app::voting::periodic(&app.db, agora_db::now()).await.unwrap();
    assert_eq!(app.get(&format!("/api/v1/phases/{phase}/results"), None).await.error(), "results_not_published");
    let after_the_end = agora_db::now() + 31 * agora_core::MICROS_PER_DAY;
    agora_app::voting::periodic(&app.db, after_the_end).await.unwrap();
    agora_app::outbox::run_due(&app.db, &app.mailer, after_the_end).await.unwrap();
    let results = app.get(&format!("/api/v1/phases/{phase}/results"), None).await.json();
    assert_eq!((results["status"].clone(), results["winners"][0].clone()), (json!("published"), json!(options[1])));
}

/// A city's real vote (Assen 2024, decided by Equal Shares with Add1), imported from its
/// Pabulib file into an empty phase, counts to the projects the city funded.
async fn an_imported_vote_counts_as_the_city_counted_it(app: TestApp) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pabulib/Netherlands_Assen_2024.pb");
    let Ok(file) = std::fs::read_to_string(&path) else {
        agora_testkit::announce(&format!("SKIP: {} is absent", path.display()));
        return;
    };
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 1, "rule": "mes-add1"});
    let (_, phase, _) = app.voting_project(&admin, voting.clone(), json!({}), &[]).await;
    let import = format!("/api/v1/phases/{phase}/ballots.pb");
    let body = |text: &str| Some(axum::body::Body::from(text.to_owned()));
    let request = |text: &str, token: &str| {
        axum::http::Request::builder()
            .method("PUT")
            .uri(&import)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/plain")
            .body(body(text).unwrap())
            .unwrap()
    };
    let resident = app.user("Resident").await;
    assert_eq!(app.send(request(&file, &resident.token)).await.status, StatusCode::FORBIDDEN);
    let broken = app.send(request(&file.replace("VOTES", "VOTERS"), &admin.token)).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.json()["detail"].as_str().unwrap_or_default().contains("line"), "{}", broken.text());
    let r = app.send(request(&file, &admin.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json(), json!({"options": 14, "ballots": 84}));
    assert_eq!(app.send(request(&file, &admin.token)).await.error(), "vote_not_empty");

    let now = agora_db::now();
    execute(&app.db, &format!("UPDATE phases SET end_at = {now} WHERE id = {phase}")).await.unwrap();
    assert_eq!(
        app.post(&format!("/api/v1/phases/{phase}/results"), json!({}), Some(&admin.token)).await.status,
        StatusCode::ACCEPTED
    );
    let results = app.get(&format!("/api/v1/phases/{phase}/results"), None).await.json();
    assert_eq!(results["budget"], 100_000);
    // The city's funded projects, by their names in the file.
    let election = agora_core::pb::parse(&file).unwrap();
    let one = agora_core::pb::Q::from_integer(1.into());
    let city =
        agora_core::pb::winners(&election, agora_core::pb::Rule::MesAdd1, agora_core::pb::Completion::None, &one);
    let mut expected: Vec<String> = city.winners.iter().map(|&p| election.projects[p].name.clone()).collect();
    let titles: std::collections::HashMap<i64, String> = results["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["idea_id"].as_i64().unwrap(), o["title"]["en"].as_str().unwrap().to_owned()))
        .collect();
    let mut funded: Vec<String> =
        results["winners"].as_array().unwrap().iter().map(|w| titles[&w.as_i64().unwrap()].clone()).collect();
    expected.sort();
    funded.sort();
    assert_eq!(funded, expected);
    let selected: Vec<&str> =
        election.projects.iter().filter(|p| p.selected == Some(true)).map(|p| p.name.as_str()).collect();
    if !selected.is_empty() {
        let mut selected: Vec<String> = selected.into_iter().map(str::to_owned).collect();
        selected.sort();
        assert_eq!(funded, selected, "what Assen funded");
    }
    let log = app.get(&format!("/api/v1/phases/{phase}/ballot-log"), None).await.json();
    assert_eq!(log["entries"].as_array().unwrap().len(), 84);

    // Staff compare the rules on the imported ballots; each funds what the engine does.
    let comparison = format!("/api/v1/phases/{phase}/comparison");
    assert_eq!(app.get(&comparison, Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&comparison, Some(&admin.token)).await.json()["status"], "none");
    assert_eq!(app.post(&comparison, json!({}), Some(&admin.token)).await.status, StatusCode::ACCEPTED);
    let compared = app.get(&comparison, Some(&admin.token)).await.json();
    assert_eq!((compared["status"].clone(), compared["ballots"].clone()), (json!("done"), json!(84)));
    let idea_of: std::collections::HashMap<String, i64> =
        titles.iter().map(|(id, title)| (title.clone(), *id)).collect();
    for outcome in compared["rules"].as_array().unwrap() {
        let rule: agora_core::pb::Rule = outcome["rule"].as_str().unwrap().parse().unwrap();
        let completion = match rule {
            agora_core::pb::Rule::Mes | agora_core::pb::Rule::MesCard => agora_core::pb::Completion::Greedy,
            _ => agora_core::pb::Completion::None,
        };
        let engine = agora_core::pb::winners(&election, rule, completion, &one);
        let expected: Vec<i64> = engine.winners.iter().map(|&p| idea_of[&election.projects[p].name]).collect();
        let got: Vec<i64> = outcome["winners"].as_array().unwrap().iter().map(|w| w.as_i64().unwrap()).collect();
        assert_eq!(got, expected, "{rule}");
    }
}
