//! Voting with plain forms, as a phone without JavaScript does: staff set the vote up
//! in the back office, residents fill in their basket step by step, the count is
//! published and explained.

use agora_db::testing::execute;
use agora_testkit::{TestApp, db_tests};
use axum::http::StatusCode;
use serde_json::json;

db_tests!(
    staff_set_up_a_budget_vote_in_the_back_office,
    residents_fill_in_a_basket_step_by_step,
    whoever_may_not_vote_is_told_why,
    the_results_page_explains_the_count,
    staff_import_a_paper_vote_from_its_file,
);

async fn staff_set_up_a_budget_vote_in_the_back_office(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let resident = app.user("Resident").await;
    let idea = app.idea(project, &resident, "A playground in the Citadelpark").await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;

    // A group first, for the permission.
    staff.get("/admin/groups").await;
    let r = staff.post_form("/admin/groups", &[("name", "Residents of Gentbrugge")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let group_path = r.location();
    let group_path = group_path.split('?').next().unwrap().to_owned();
    let group = group_path.rsplit('/').next().unwrap().to_owned();
    let found = staff.get(&format!("{group_path}?person={}", resident.email)).await.text();
    assert!(found.contains(&resident.name) && found.contains("Add to the group"), "{found}");
    let r = staff.post_form(&group_path, &[("user_id", &resident.id.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(staff.get(&group_path).await.text().contains(&resident.email));

    let phase_form = |budget: &'static str| {
        vec![
            ("phase_title", "Vote on the budget"),
            ("start_at", "2020-01-01"),
            ("end_at", "2099-12-31"),
            ("method", "voting"),
            ("voting_method", "budgeting"),
            ("budget", budget),
            ("min_total", "10 000"),
            ("rule", "mes-add1"),
            ("permission_voting", "groups"),
        ]
    };
    // The first project phase runs until 30 days from now: this one starts later.
    let phases_path = format!("/admin/projects/{project}/phases");
    staff.get(&format!("/admin/projects/{project}")).await;
    let mut fields = phase_form("");
    fields[1] = ("start_at", "2090-01-01");
    let r = staff.post_form(&phases_path, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a budget vote needs a budget");
    assert!(r.text().contains("This field is required"), "{}", r.text());
    let mut fields = phase_form("500.000");
    fields[1] = ("start_at", "2090-01-01");
    fields.push(("groups_voting", &group));
    let r = staff.post_form(&phases_path, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = &phases["items"][1];
    assert_eq!(phase["voting"]["budget"], 500_000);
    assert_eq!(phase["voting"]["min_total"], 10_000);
    assert_eq!(
        phase["permissions"]["voting"],
        json!({"permitted_by": "groups", "group_ids": [group.parse::<i64>().unwrap()]})
    );
    let phase = phase["id"].as_i64().unwrap();
    let edit = staff.get(&format!("/admin/phases/{phase}")).await.text();
    assert!(edit.contains("Options, paper votes and results") && edit.contains(r#"value="500000""#), "{edit}");

    // Options: one carried over from the ideas, one written here; costs as typed.
    let options = format!("/admin/phases/{phase}/options");
    let page = staff.get(&options).await.text();
    assert!(page.contains("A playground in the Citadelpark"), "the idea can be carried over");
    let other = app.idea(project, &resident, "Benches on the Graslei").await;
    let (first, second) = (idea.to_string(), other.to_string());
    let (first_cost, second_cost) = (format!("cost_{idea}"), format!("cost_{other}"));
    let r = staff
        .post_form(&options, &[("idea", &first), (&first_cost, "9000"), ("idea", &second), (&second_cost, "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a cost is needed");
    assert!(r.text().contains(&format!(r#"id="{second_cost}-error""#)), "the error is next to the idea");
    assert_eq!(
        app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json()["items"],
        json!([]),
        "all or none"
    );
    let r = staff
        .post_form(
            &options,
            &[("idea", &first), (&first_cost, "€ 120.000"), ("idea", &second), (&second_cost, "5 000")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = staff
        .post_form(
            &format!("{options}/new"),
            &[
                ("option_title", "Trees on the Korenmarkt"),
                ("option_body", "Twelve lime trees."),
                ("option_cost", "90000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let listed = app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json();
    let costs: Vec<i64> = listed["items"].as_array().unwrap().iter().map(|o| o["cost"].as_i64().unwrap()).collect();
    assert_eq!(costs.iter().sum::<i64>(), 215_000);

    // Removing an option asks first.
    let remove = format!("{options}/{idea}/remove");
    let ask = staff.post_form(&remove, &[]).await;
    assert!(ask.text().contains("Remove the option “A playground in the Citadelpark” from the vote?"));
    let r = staff.post_form(&remove, &[("confirmed", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json()["items"].as_array().unwrap().len(),
        2
    );
    // Residents do not reach the back office.
    let mut outsider = app.visitor();
    outsider.sign_in(&resident).await;
    assert_eq!(outsider.get(&options).await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.get("/admin/groups").await.status, StatusCode::FORBIDDEN);
}

async fn residents_fill_in_a_basket_step_by_step(app: TestApp) {
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 500_000, "min_total": 100_000});
    let (_, phase, o) = app.voting_project(&admin, voting, json!({}), &[300_000, 250_000, 90_000, 10_000]).await;
    let resident = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&resident).await;
    let ballot = format!("/phases/{phase}/ballot");
    let page = visitor.get(&ballot).await.text();
    assert!(page.contains("€\u{a0}500,000 of €\u{a0}500,000 left"), "{page}");
    assert!(page.contains("A ballot must spend at least €\u{a0}100,000."));

    let step = |idea: i64| format!("/phases/{phase}/ballot/options/{idea}");
    let r = visitor.post_form(&step(o[0]), &[("op", "add")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("{ballot}#option-{}", o[0])));
    let r = visitor.post_form(&step(o[1]), &[("op", "add")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "over the budget");
    let text = r.text();
    assert!(text.contains("This would go over the budget: remove an option first."), "{text}");
    assert!(text.contains("€\u{a0}200,000 of €\u{a0}500,000 left"), "what is left is still shown");
    assert!(text.contains("More than the €\u{a0}200,000 left in your basket."), "said before the click");
    visitor.post_form(&step(o[3]), &[("op", "add")]).await;
    let page = visitor.get(&ballot).await.text();
    assert!(page.contains("€\u{a0}190,000 of €\u{a0}500,000 left"));
    assert!(page.contains("Your basket is not submitted yet"));

    let r = visitor.post_form(&format!("{ballot}/submit"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = visitor.get(&r.location()).await.text();
    assert!(page.contains("Your ballot was submitted."));
    let code = app.get(&format!("/api/v1/phases/{phase}/basket"), Some(&resident.token)).await.json()["ballot_code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(page.contains(&format!("your ballot code is {code}")), "{page}");

    // A change is not counted until submitted again; then withdrawing asks first.
    visitor.post_form(&step(o[3]), &[("op", "remove")]).await;
    visitor.post_form(&step(o[2]), &[("op", "add")]).await;
    let page = visitor.get(&ballot).await.text();
    assert!(page.contains("your ballot counts as you submitted it until you submit again"));
    assert!(page.contains("Submit my changes"));
    visitor.post_form(&format!("{ballot}/submit"), &[]).await;
    let ballot_now = app.get(&format!("/api/v1/phases/{phase}/basket"), Some(&resident.token)).await.json();
    assert_eq!(ballot_now["ballot"], json!({o[0].to_string(): 1, o[2].to_string(): 1}));
    let ask = visitor.post_form(&format!("{ballot}/withdraw"), &[]).await;
    assert!(ask.text().contains("Withdraw your ballot?"));
    let r = visitor.post_form(&format!("{ballot}/withdraw"), &[("confirmed", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let basket = app.get(&format!("/api/v1/phases/{phase}/basket"), Some(&resident.token)).await.json();
    assert_eq!(basket["ballot"], json!(null));
    assert_eq!(basket["votes"], json!({o[0].to_string(): 1, o[2].to_string(): 1}), "the basket stays");
}

async fn whoever_may_not_vote_is_told_why(app: TestApp) {
    let admin = app.admin().await;
    let group = app.post("/api/v1/groups", json!({"name": "Residents of Gentbrugge"}), Some(&admin.token)).await;
    let group = group.json()["id"].as_i64().unwrap();
    let permissions = json!({"permissions": {"voting": {"permitted_by": "groups", "group_ids": [group]}}});
    let voting = json!({"method": "budgeting", "budget": 1_000});
    let (_, phase, o) = app.voting_project(&admin, voting, permissions, &[400]).await;
    let ballot = format!("/phases/{phase}/ballot");

    let mut stranger = app.visitor();
    let page = stranger.get(&ballot).await.text();
    assert!(page.contains("Sign in to vote.") && page.contains(&format!("/sign-in?next={ballot}")), "{page}");
    assert!(!page.contains("Add to my basket"), "no dead button");
    let r = stranger.post_form(&format!("/phases/{phase}/ballot/options/{}", o[0]), &[("op", "add")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "a visitor is sent to sign in");

    let resident = app.user("Resident").await;
    let mut visitor = app.visitor();
    visitor.sign_in(&resident).await;
    let page = visitor.get(&ballot).await.text();
    assert!(page.contains("This vote is open to members of Residents of Gentbrugge only."), "{page}");
    let r = visitor.post_form(&format!("/phases/{phase}/ballot/options/{}", o[0]), &[("op", "add")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("This vote is open to members of Residents of Gentbrugge only."));
}

async fn the_results_page_explains_the_count(app: TestApp) {
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 100, "rule": "mes"});
    let (project, phase, o) = app.voting_project(&admin, voting, json!({}), &[50, 40, 40]).await;
    let voters = app.users(5).await;
    for (i, voter) in voters.iter().enumerate() {
        let chosen =
            if i < 3 { json!({o[0].to_string(): 1, o[1].to_string(): 1}) } else { json!({o[2].to_string(): 1}) };
        app.put(&format!("/api/v1/phases/{phase}/basket"), json!({"votes": chosen}), Some(&voter.token)).await;
        app.post(&format!("/api/v1/phases/{phase}/basket/submit"), json!({}), Some(&voter.token)).await;
    }
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let options = format!("/admin/phases/{phase}/options");
    let page = staff.get(&options).await.text();
    assert!(page.contains("The votes can be counted once the phase has ended."));
    let r = staff
        .post_form(
            &format!("/admin/phases/{phase}/offline-votes"),
            &[(&*format!("paper_{}", o[2]), "1"), ("voters", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let now = agora_db::now();
    execute(&app.db, &format!("UPDATE phases SET end_at = {now} WHERE id = {phase}")).await.unwrap();
    let r = staff.post_form(&format!("/admin/phases/{phase}/results"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = staff.get(&options).await.text();
    assert!(page.contains("Published on"), "{page}");

    let mut anyone = app.visitor();
    let slug = app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned();
    assert!(anyone.get(&format!("/projects/{slug}")).await.text().contains(&format!("/phases/{phase}/results")));
    let results = anyone.get(&format!("/phases/{phase}/results")).await.text();
    assert!(results.contains("<svg") && results.contains("Equal Shares"), "{results}");
    // Equal Shares: three voters share option 1, two and a paper vote share option 3;
    // option 2's supporters spent their share on option 1.
    assert_eq!(results.matches("Funded: 3 voters shared its cost.").count(), 2, "{results}");
    assert!(results.contains("(on paper: 1)"));
    assert!(results.contains("Not funded: its supporters") && results.contains("was spent on Option 1"), "{results}");
    assert!(results.contains("agora pb winners agora-phase-"), "{results}");
    let code = app.get(&format!("/api/v1/phases/{phase}/basket"), Some(&voters[4].token)).await.json()["ballot_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let check = anyone.get(&format!("/phases/{phase}/results?code={code}")).await.text();
    assert!(check.contains("This ballot counted. It chose: Option 3."), "{check}");
    let check = anyone.get(&format!("/phases/{phase}/results?code=NOPE")).await.text();
    assert!(check.contains("No counted ballot has this code."));
}

async fn staff_import_a_paper_vote_from_its_file(app: TestApp) {
    let admin = app.admin().await;
    let voting = json!({"method": "budgeting", "budget": 1, "rule": "greedy"});
    let (_, phase, _) = app.voting_project(&admin, voting, json!({}), &[]).await;
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let options = format!("/admin/phases/{phase}/options");
    assert!(staff.get(&options).await.text().contains("Import a vote from a Pabulib file"));
    let file = "META\nkey;value\nbudget;300\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n\
        1;200;Benches\n2;150;Trees\n3;100;Lights\nVOTES\nvoter_id;vote\n1;1,2\n2;1\n3;2,3\n4;3\n";
    let broken =
        staff.post_multipart(&format!("/admin/phases/{phase}/import"), &[("file", &file.replace("4;3", "4;9"))]).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.text().contains("The file could not be imported:") && broken.text().contains("unknown project 9"));
    let r = staff.post_multipart(&format!("/admin/phases/{phase}/import"), &[("file", file)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = staff.get(&r.location()).await.text();
    assert!(page.contains("The vote was imported.") && page.contains("Benches") && page.contains("Votes: 2"), "{page}");
    assert!(!page.contains("Import a vote from a Pabulib file"), "only into an empty phase");
    let phases = app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json();
    assert_eq!(phases["items"].as_array().unwrap().len(), 3);
    // The rules side by side, before choosing one.
    let r = staff.post_form(&format!("/admin/phases/{phase}/compare"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = staff.get(&r.location()).await.text();
    assert!(page.contains("What each rule funds, on 4 ballots") && page.contains("Sequential Phragmén"), "{page}");
    assert!(
        page.contains("<td>€\u{a0}300</td>") && page.contains("<td>€\u{a0}250</td>"),
        "greedy spends 300, Equal Shares 250: {page}"
    );
    // Without the form's token, nothing is imported.
    let r = staff.post_multipart(&format!("/admin/phases/{phase}/import"), &[("csrf", "forged"), ("file", file)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
