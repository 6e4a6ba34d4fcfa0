//! Voting phases through the API: options, baskets that keep their rules, ballots that
//! count once, the ballot log, permissions by group, and many voters at once.

use agora_core::ballot_log;
use agora_db::testing::count;
use agora_testkit::{TestApp, TestUser, db_tests};
use axum::http::StatusCode;
use serde_json::{Value, json};

db_tests!(
    a_basket_is_filled_submitted_changed_and_withdrawn,
    bad_baskets_get_a_clear_error_and_change_nothing,
    staff_manage_options_and_paper_votes,
    a_vote_open_to_a_group_lets_its_members_in,
    a_thousand_voters_at_once_are_each_counted_once,
    one_voter_submitting_twenty_times_at_once_counts_once,
);

fn budgeting() -> Value {
    json!({"method": "budgeting", "budget": 500_000, "min_total": 100_000, "rule": "mes-add1"})
}

const COSTS: [i64; 4] = [200_000, 250_000, 90_000, 10_000];

fn votes(options: &[i64]) -> Value {
    let map: serde_json::Map<String, Value> = options.iter().map(|o| (o.to_string(), json!(1))).collect();
    json!({ "votes": map })
}

async fn ballots_counted(app: &TestApp, phase: i64) -> i64 {
    count(&app.db, &format!("SELECT COUNT(*) FROM baskets WHERE phase_id = {phase} AND submitted_at IS NOT NULL"))
        .await
        .unwrap()
}

async fn votes_counted(app: &TestApp, phase: i64) -> i64 {
    let sql = format!("SELECT CAST(COALESCE(SUM(votes), 0) AS BIGINT) FROM ballot_votes WHERE phase_id = {phase}");
    count(&app.db, &sql).await.unwrap()
}

async fn a_basket_is_filled_submitted_changed_and_withdrawn(app: TestApp) {
    let admin = app.admin().await;
    let (_, phase, o) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let voter = app.user("Voter").await;
    let basket = format!("/api/v1/phases/{phase}/basket");
    let submit = format!("{basket}/submit");
    let token = Some(voter.token.as_str());

    let empty = app.get(&basket, token).await.json();
    assert_eq!(empty, json!({"votes": {}, "ballot": null, "submitted_at": null, "ballot_code": null}));
    // A draft may be short of the minimum, never over the budget.
    assert_eq!(app.put(&basket, votes(&[o[0], o[1], o[2]]), token).await.error(), "over_budget");
    let draft = app.put(&basket, votes(&[o[3]]), token).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text());
    assert_eq!(draft.json()["ballot_code"], Value::Null, "no receipt before submitting");
    assert_eq!(app.post(&submit, json!({}), token).await.error(), "under_minimum");
    assert_eq!(ballots_counted(&app, phase).await, 0);

    app.put(&basket, votes(&[o[0], o[2]]), token).await;
    let receipt = app.post(&submit, json!({}), token).await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.text());
    let code = receipt.json()["ballot_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 14);
    assert_eq!(votes_counted(&app, phase).await, 2);

    // Changing the basket leaves the ballot counted as it was until it is submitted again.
    app.put(&basket, votes(&[o[1]]), token).await;
    let mine = app.get(&basket, token).await.json();
    assert_eq!(mine["votes"], json!({o[1].to_string(): 1}));
    assert_eq!(mine["ballot"], json!({o[0].to_string(): 1, o[2].to_string(): 1}));
    assert_eq!(mine["ballot_code"], code.as_str());
    let again = app.post(&submit, json!({}), token).await.json();
    assert_eq!(again["ballot_code"], code.as_str(), "the same receipt code");
    assert_eq!(votes_counted(&app, phase).await, 1);
    // The same basket submitted twice is one ballot and one log entry.
    app.post(&submit, json!({}), token).await;

    assert_eq!(app.delete(&basket, token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(ballots_counted(&app, phase).await, 0);
    assert_eq!(app.delete(&basket, token).await.status, StatusCode::NOT_FOUND, "nothing left to withdraw");
    assert_eq!(app.get(&basket, token).await.json()["votes"], json!({o[1].to_string(): 1}), "the basket stays");

    let log = agora_db::voting::log(&app.db, phase).await.unwrap();
    let events: Vec<_> = log.iter().map(|e| (e.ballot_code.as_str(), e.event.as_str())).collect();
    assert_eq!(events, [(code.as_str(), "submitted"), (code.as_str(), "changed"), (code.as_str(), "withdrawn")]);
    let head = ballot_log::verify(phase, &log).unwrap();
    assert_eq!(agora_db::voting::tally_state(&app.db, phase).await.unwrap().0, head);
}

async fn bad_baskets_get_a_clear_error_and_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let (project, phase, o) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let (_, other_phase, theirs) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let voter = app.user("Voter").await;
    let token = Some(voter.token.as_str());
    let basket = format!("/api/v1/phases/{phase}/basket");
    app.put(&basket, votes(&[o[0]]), token).await;
    app.post(&format!("{basket}/submit"), json!({}), token).await;
    let before = app.get(&basket, token).await.json();

    let cases = [
        (votes(&[theirs[0]]), "not_an_option", "an option of another phase"),
        (json!({"votes": {"999999": 1}}), "not_an_option", "a forged option id"),
        (json!({"votes": {o[0].to_string(): 2}}), "over_option_cap", "two votes on one option"),
        (json!({"votes": {o[0].to_string(): -1}}), "invalid_input", "negative votes"),
        (json!({"votes": {"twelve": 1}}), "invalid_input", "not an id"),
        (json!({"votes": [1, 2]}), "invalid_input", "not a map"),
        (votes(&[o[0], o[1], o[2]]), "over_budget", "over the budget"),
    ];
    for (body, code, what) in cases {
        let r = app.put(&basket, body, token).await;
        assert_eq!(r.error(), code, "{what}: {}", r.text());
        assert!(r.status.is_client_error(), "{what}");
    }
    assert_eq!(app.get(&basket, token).await.json(), before, "nothing changed");
    assert_eq!(app.put(&basket, votes(&[o[1]]), None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.request(axum::http::Method::PUT, &basket, None, token).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "no body");

    // Outside its dates, the phase takes no ballot.
    let ended = json!({
        "title": {"en": "Vote"}, "method": "voting", "voting": budgeting(),
        "start_at": "2020-01-01", "end_at": "2020-02-01",
    });
    let r = app.post(&format!("/api/v1/projects/{project}/phases"), ended, Some(&admin.token)).await;
    let past = r.json()["id"].as_i64().unwrap();
    let r = app.put(&format!("/api/v1/phases/{past}/basket"), json!({"votes": {}}), token).await;
    assert_eq!((r.status, r.error()), (StatusCode::FORBIDDEN, "voting_not_allowed".to_owned()));
    assert_eq!(
        app.post(&format!("/api/v1/phases/{past}/basket/submit"), json!({}), token).await.error(),
        "voting_not_allowed"
    );
    // Not a voting phase, or no phase at all.
    let ideation = app.open_project(&admin, json!({})).await;
    let ideation_phase =
        app.get(&format!("/api/v1/projects/{ideation}/phases"), None).await.json()["items"][0]["id"].clone();
    assert_eq!(app.get(&format!("/api/v1/phases/{ideation_phase}/basket"), token).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/phases/999999/options", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(votes_counted(&app, phase).await, 1);
    assert_eq!(votes_counted(&app, other_phase).await, 0);
}

async fn staff_manage_options_and_paper_votes(app: TestApp) {
    let admin = app.admin().await;
    let (_, phase, o) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let resident = app.user("Resident").await;
    let options = app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json();
    assert_eq!(options["items"].as_array().unwrap().len(), 4);
    assert_eq!(options["items"][0]["cost"], 200_000);

    // A budget needs costs; options are ideas of the project only.
    let idea_path = |idea: i64| format!("/api/v1/phases/{phase}/options/{idea}");
    let other = app.open_project(&admin, json!({})).await;
    let elsewhere = app.idea(other, &resident, "A bench elsewhere").await;
    let r = app.put(&idea_path(elsewhere), json!({"cost": 5}), Some(&admin.token)).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("idea_id"))
    );
    let r = app.put(&idea_path(o[0]), json!({}), Some(&admin.token)).await;
    assert_eq!(r.json()["fields"][0]["field"], "cost");
    assert_eq!(
        app.put(&idea_path(o[0]), json!({"cost": 1}), Some(&resident.token)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.put(&idea_path(o[0]), json!({"cost": 180_000}), Some(&admin.token)).await.status,
        StatusCode::NO_CONTENT
    );

    // An option someone chose stays; one nobody chose can go.
    let token = Some(resident.token.as_str());
    app.put(&format!("/api/v1/phases/{phase}/basket"), votes(&[o[0]]), token).await;
    assert_eq!(app.delete(&idea_path(o[0]), Some(&admin.token)).await.error(), "option_has_votes");
    assert_eq!(app.delete(&idea_path(o[3]), Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(&idea_path(o[3]), Some(&admin.token)).await.status, StatusCode::NOT_FOUND);

    let offline = format!("/api/v1/phases/{phase}/offline-votes");
    let paper = json!({"votes": {o[0].to_string(): 40, o[1].to_string(): 12}, "voters": 45});
    assert_eq!(app.put(&offline, paper.clone(), token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&offline, paper, Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    let forged = json!({"votes": {o[3].to_string(): 1}, "voters": 1});
    assert_eq!(app.put(&offline, forged, Some(&admin.token)).await.error(), "not_an_option");
    let sql = format!("SELECT CAST(SUM(offline_votes) AS BIGINT) FROM phase_options WHERE phase_id = {phase}");
    assert_eq!(count(&app.db, &sql).await.unwrap(), 52);
    assert_eq!(agora_db::voting::tally_state(&app.db, phase).await.unwrap().1, 45);
}

async fn a_vote_open_to_a_group_lets_its_members_in(app: TestApp) {
    let admin = app.admin().await;
    let resident = app.user("Resident").await;
    let r = app.post("/api/v1/groups", json!({"name": "Residents of Gentbrugge"}), Some(&resident.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/v1/groups", json!({"name": "Residents of Gentbrugge"}), Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let group = r.json()["id"].as_i64().unwrap();
    let taken = app.post("/api/v1/groups", json!({"name": "Residents of Gentbrugge"}), Some(&admin.token)).await;
    assert_eq!(taken.json()["fields"][0]["problem"], "taken");

    let permissions = json!({"permissions": {"voting": {"permitted_by": "groups", "group_ids": [group]}}});
    let (_, phase, o) = app.voting_project(&admin, budgeting(), permissions, &COSTS).await;
    let basket = format!("/api/v1/phases/{phase}/basket");
    let r = app.put(&basket, votes(&[o[0]]), Some(&resident.token)).await;
    assert_eq!((r.status, r.error()), (StatusCode::FORBIDDEN, "not_in_group".to_owned()));

    let member = format!("/api/v1/groups/{group}/members/{}", resident.id);
    assert_eq!(app.put(&member, json!({}), Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/api/v1/groups/{group}/members"), Some(&admin.token)).await.json()["items"][0]["user_id"],
        resident.id
    );
    assert_eq!(app.put(&basket, votes(&[o[0]]), Some(&resident.token)).await.status, StatusCode::OK);
    assert_eq!(app.delete(&member, Some(&admin.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.put(&basket, votes(&[o[1]]), Some(&resident.token)).await.error(), "not_in_group");

    // Guests never vote, and a group permission needs a group that exists.
    let project = app.open_project(&admin, json!({})).await;
    let phase_with = |permissions: Value| {
        json!({"title": {"en": "Vote"}, "method": "voting", "voting": budgeting(), "start_at": "2031-01-01",
               "permissions": permissions})
    };
    let path = format!("/api/v1/projects/{project}/phases");
    let guests = phase_with(json!({"voting": {"permitted_by": "everyone"}}));
    assert_eq!(app.post(&path, guests, Some(&admin.token)).await.json()["fields"][0]["field"], "permissions.voting");
    let missing = phase_with(json!({"voting": {"permitted_by": "groups", "group_ids": [999_999]}}));
    assert_eq!(app.post(&path, missing, Some(&admin.token)).await.json()["fields"][0]["problem"], "not_found");
    let staff = phase_with(json!({"voting": {"permitted_by": "staff"}}));
    let created = app.post(&path, staff, Some(&admin.token)).await;
    assert_eq!(created.json()["permissions"]["voting"]["permitted_by"], "staff");
    assert_eq!(created.json()["permissions"]["posting"]["permitted_by"], "users");
}

/// A thousand distinct voters fill in and submit their baskets at once: every ballot
/// is counted once, the totals are the ballots', and the log holds one entry each.
async fn a_thousand_voters_at_once_are_each_counted_once(app: TestApp) {
    let admin = app.admin().await;
    let (_, phase, o) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let voters = app.users(1000).await;
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = voters
        .iter()
        .enumerate()
        .map(|(i, voter)| {
            let (app, token) = (app.clone(), voter.token.clone());
            let choice = if i % 2 == 0 { vec![o[0], o[2]] } else { vec![o[1], o[3]] };
            tokio::spawn(async move {
                let basket = format!("/api/v1/phases/{phase}/basket");
                let saved = app.put(&basket, votes(&choice), Some(&token)).await;
                assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
                let submitted = app.post(&format!("{basket}/submit"), json!({}), Some(&token)).await;
                assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text());
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(ballots_counted(&app, phase).await, 1000);
    assert_eq!(votes_counted(&app, phase).await, 2000);
    let totals = agora_db::voting::online_votes(&app.db, phase).await.unwrap();
    assert_eq!(totals.values().copied().collect::<Vec<_>>(), [500, 500, 500, 500]);
    let log = agora_db::voting::log(&app.db, phase).await.unwrap();
    assert_eq!(log.len(), 1000);
    assert!(ballot_log::verify(phase, &log).is_ok(), "one unbroken chain");
}

/// One voter's twenty submissions at once (a double-clicking phone on a bad network)
/// are one ballot.
async fn one_voter_submitting_twenty_times_at_once_counts_once(app: TestApp) {
    let admin = app.admin().await;
    let (_, phase, o) = app.voting_project(&admin, budgeting(), json!({}), &COSTS).await;
    let voter: TestUser = app.user("Voter").await;
    let app = std::sync::Arc::new(app);
    let basket = format!("/api/v1/phases/{phase}/basket");
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (app, token, basket) = (app.clone(), voter.token.clone(), basket.clone());
            let choice = if i % 2 == 0 { vec![o[0], o[2]] } else { vec![o[1], o[3]] };
            tokio::spawn(async move {
                app.put(&basket, votes(&choice), Some(&token)).await;
                let r = app.post(&format!("{basket}/submit"), json!({}), Some(&token)).await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(ballots_counted(&app, phase).await, 1);
    assert_eq!(count(&app.db, &format!("SELECT COUNT(*) FROM baskets WHERE phase_id = {phase}")).await.unwrap(), 1);
    assert_eq!(votes_counted(&app, phase).await, 2, "one ballot of two options");
    let mine = app.get(&basket, Some(&voter.token)).await.json();
    let log = agora_db::voting::log(&app.db, phase).await.unwrap();
    assert!(ballot_log::verify(phase, &log).is_ok());
    let last = log.last().unwrap();
    let ballot: agora_core::voting::Votes = serde_json::from_value(mine["ballot"].clone()).unwrap();
    assert_eq!(last.content_hash, ballot_log::content_hash(&ballot), "the log ends with the ballot that counts");
}
