//! Surveys and polls through the API: answers checked against their questions, drafts,
//! one response per person held by the database, results, exports read back, files.

use std::io::Cursor;
use std::sync::Arc;

use agora_testkit::{TestApp, TestResponse, TestUser, db_tests};
use axum::http::{Method, StatusCode, header};
use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

db_tests!(
    residents_answer_a_survey_and_staff_read_and_export_it,
    anonymous_answers_keep_no_link_to_the_person,
    a_poll_takes_one_answer_a_person_and_shows_live_bars,
    files_are_checked_and_served_only_to_their_people,
    residents_answer_page_by_page_in_the_pages,
    staff_build_a_form_in_the_pages,
    five_hundred_people_answer_at_once,
    one_person_submitting_twenty_times_at_once_counts_once,
);

fn t(text: &str) -> Value {
    json!({"en": text, "nl": format!("{text} (nl)")})
}

/// Three pages with every type of question. Cyclists skip the car page.
pub fn every_type_form() -> Value {
    let options =
        |keys: &[&str]| keys.iter().map(|k| json!({"key": k, "title": t(&k.to_uppercase())})).collect::<Vec<_>>();
    json!({"pages": [
        {"key": "travel", "title": t("How you travel"), "questions": [
            {"key": "how", "type": "single_choice", "title": t("How do you get to work?"), "required": true,
             "options": options(&["cycle", "car", "bus"]), "other": true},
            {"key": "name", "type": "short_text", "title": t("Your neighbourhood")},
            {"key": "why", "type": "long_text", "title": t("Why?"), "help": t("A few words")},
            {"key": "days", "type": "multiple_choice", "title": t("Which days?"), "options": options(&["mon", "tue", "wed"]),
             "min": 1, "max": 2, "other": true},
        ], "logic": [{"question": "how", "option": "cycle", "goto": "last"}]},
        {"key": "car", "title": t("By car"), "questions": [
            {"key": "km", "type": "number", "title": t("How far, in km?"), "min": 0, "max": 500, "required": true},
            {"key": "since", "type": "date", "title": t("Driving since")},
            {"key": "park", "type": "point", "title": t("Where do you park?")},
        ]},
        {"key": "last", "title": t("Your views"), "questions": [
            {"key": "score", "type": "linear_scale", "title": t("How safe is the city?"), "min": 1, "max": 7, "required": true},
            {"key": "stars", "type": "rating", "title": t("Rate the buses"), "max": 5},
            {"key": "rank", "type": "ranking", "title": t("What matters most?"), "options": options(&["price", "speed", "comfort"])},
            {"key": "grid", "type": "matrix", "title": t("Agree?"), "rows": options(&["safe", "clean"]), "min": 1, "max": 5},
            {"key": "plan", "type": "file", "title": t("Your plan")},
        ]},
    ], "closing_message": t("Thank you for helping us plan.")})
}

pub async fn survey_phase(app: &TestApp, admin: &TestUser, settings: Value, form: &Value) -> i64 {
    let project = app.open_project(admin, json!({"method": "survey", "survey": settings})).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = phases["items"][0]["id"].as_i64().unwrap();
    let saved = app.put(&format!("/api/v1/phases/{phase}/form"), form.clone(), Some(&admin.token)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    phase
}

async fn answer(app: &TestApp, phase: i64, who: &TestUser, answers: Value) -> TestResponse {
    app.post(&format!("/api/v1/phases/{phase}/responses"), json!({"answers": answers}), Some(&who.token)).await
}

async fn upload(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> TestResponse {
    app.send_file(Method::POST, "/api/v1/uploads", token, name, bytes).await
}

fn cell(sheet: &calamine::Range<Data>, row: usize, header: &str) -> Data {
    let column = (0..sheet.width())
        .find(|c| sheet.get((0, *c)) == Some(&Data::String(header.to_owned())))
        .unwrap_or_else(|| panic!("no column {header}"));
    sheet.get((row, column)).cloned().unwrap_or(Data::Empty)
}

async fn residents_answer_a_survey_and_staff_read_and_export_it(app: TestApp) {
    let admin = app.admin().await;
    let [ann, bert, cleo] = ["Ann", "Bert", "Cleo"].map(|name| name.to_owned());
    let (ann, bert, cleo) = (app.user(&ann).await, app.user(&bert).await, app.user(&cleo).await);
    let phase = survey_phase(&app, &admin, json!({}), &every_type_form()).await;
    let responses = format!("/api/v1/phases/{phase}/responses");

    // Every answer is checked against its question: the problems come by question key,
    // and nothing is stored.
    let wrong = answer(
        &app,
        phase,
        &ann,
        json!({"how": "plane", "km": -3, "score": 9, "days": ["mon", "tue", "wed"],
        "grid": {"safe": 8}, "since": "31/12/2020", "park": {"lat": 100, "lng": 0}, "nope": 1}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text());
    assert_eq!(
        wrong.json()["fields"],
        json!({"how": "not_an_option", "days": "too_many", "km": "below_minimum",
        "since": "invalid", "park": "invalid", "score": "out_of_range", "grid": "out_of_range", "nope": "unknown_question"})
    );
    let problems = wrong.json()["problems"].as_array().unwrap().clone();
    let how = problems.iter().find(|p| p["field"] == "how").unwrap();
    assert_eq!(how["message"], "This is not one of the choices.");
    let missing = answer(&app, phase, &ann, json!({"how": "car"})).await;
    assert_eq!(missing.json()["fields"], json!({"km": "required", "score": "required"}));
    let malformed = app.post(&responses, json!({"answers": [1, 2]}), Some(&ann.token)).await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", malformed.text());
    let html =
        answer(&app, phase, &ann, json!({"how": "bus", "km": 3, "score": 2, "why": "<script>alert(1)</script>"})).await;
    assert_eq!(html.status, StatusCode::CREATED, "text is kept as typed, escaped where shown: {}", html.text());

    // Bert saves a draft page by page, leaves, and comes back to it.
    let draft = format!("{responses}/draft");
    assert_eq!(app.get(&draft, Some(&bert.token)).await.json(), json!({"answers": {}, "page": null}));
    let bad_draft = app.put(&draft, json!({"answers": {"km": "far"}, "page": "car"}), Some(&bert.token)).await;
    assert_eq!(bad_draft.json()["fields"], json!({"km": "invalid"}));
    let saved = app.put(&draft, json!({"answers": {"how": "car", "km": 12}, "page": "car"}), Some(&bert.token)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(
        app.get(&draft, Some(&bert.token)).await.json(),
        json!({"answers": {"how": "car", "km": 12}, "page": "car"})
    );
    assert_eq!(app.get(&draft, None).await.status, StatusCode::UNAUTHORIZED);
    let bert_answers = json!({"how": "car", "km": 12, "since": "2015-03-01", "park": {"lat": 51.05, "lng": 3.72},
        "score": 5, "stars": 4, "rank": ["speed", "price", "comfort"], "grid": {"safe": 4, "clean": 2},
        "days": ["mon", {"other": "Saturday"}], "name": "Muide"});
    assert_eq!(answer(&app, phase, &bert, bert_answers.clone()).await.status, StatusCode::CREATED);
    assert_eq!(app.get(&draft, Some(&bert.token)).await.json()["answers"], json!({}), "submitting drops the draft");

    // Cleo cycles: the car page is skipped, what she typed there is dropped.
    let cleo_answers = json!({"how": "cycle", "km": 7, "score": 6, "rank": ["price", "speed", "comfort"], "days": ["tue"],
        "why": "Fresh air", "grid": {"safe": 2}});
    assert_eq!(answer(&app, phase, &cleo, cleo_answers).await.status, StatusCode::CREATED);

    // One response per person, by default.
    let again = answer(&app, phase, &cleo, json!({"how": "cycle", "score": 1})).await;
    assert_eq!((again.status, again.error()), (StatusCode::CONFLICT, "already_answered".to_owned()));

    // Staff see the results; residents do not until they are public.
    let results = format!("/api/v1/phases/{phase}/results");
    assert_eq!(app.get(&results, Some(&ann.token)).await.status, StatusCode::NOT_FOUND);
    let all = app.get(&results, Some(&admin.token)).await.json();
    assert_eq!(all["responses"], 3);
    assert_eq!(all["questions"]["how"]["counts"], json!({"bus": 1, "car": 1, "cycle": 1}));
    assert_eq!(all["questions"]["score"]["mean"], json!((2.0 + 5.0 + 6.0) / 3.0));
    assert_eq!(all["questions"]["score"]["counts"]["5"], 1);
    assert_eq!(all["questions"]["km"], json!({"answered": 2, "mean": 7.5}));
    assert_eq!(all["questions"]["rank"]["borda"], json!([["price", 3], ["speed", 3], ["comfort", 0]]));
    assert_eq!(all["questions"]["days"]["counts"], json!({"mon": 1, "tue": 1, "wed": 0, "other": 1}));
    assert_eq!(all["questions"]["days"]["answers"], json!(["Saturday"]));
    assert_eq!(all["questions"]["park"]["answers"], json!([{"lat": 51.05, "lng": 3.72}]));
    assert_eq!(all["questions"]["grid"]["rows"]["safe"]["mean"], json!(3.0));
    assert_eq!(
        all["paths"],
        json!([{"pages": ["travel", "car", "last"], "responses": 2}, {"pages": ["travel", "last"], "responses": 1}])
    );
    let cyclists = app.get(&format!("{results}?filter[how]=cycle"), Some(&admin.token)).await.json();
    assert_eq!(
        (cyclists["responses"].clone(), cyclists["questions"]["why"]["answers"].clone()),
        (json!(1), json!(["Fresh air"]))
    );
    let searched = app.get(&format!("{results}?q=FRESH"), Some(&admin.token)).await.json();
    assert_eq!(searched["questions"]["why"]["answers"], json!(["Fresh air"]));
    let unknown = app.get(&format!("{results}?filter[how]=plane"), Some(&admin.token)).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Staff change the form: a removed question warns, its answers stay in the exports.
    let mut changed = every_type_form();
    changed["pages"][1]["questions"].as_array_mut().unwrap().remove(1);
    changed["pages"][0]["questions"][1]["title"] = t("Your district");
    let saved = app.put(&format!("/api/v1/phases/{phase}/form"), changed, Some(&admin.token)).await;
    assert_eq!(saved.json()["warnings"], json!([{"question": "since", "change": "removed"}]));

    // The exports hold every answer, in the language asked for.
    let xlsx = app.get(&format!("{responses}.xlsx?locale=nl"), Some(&admin.token)).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.text());
    assert!(xlsx.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 1 + 12, "a sheet per question: {names:?}");
    let sheet = workbook.worksheet_range("Responses").unwrap();
    assert_eq!(sheet.height(), 4);
    assert_eq!(cell(&sheet, 2, "How do you get to work? (nl)"), Data::String("CAR (nl)".into()));
    assert_eq!(cell(&sheet, 2, "How far, in km? (nl)"), Data::Float(12.0));
    assert_eq!(
        cell(&sheet, 2, "Driving since (nl)"),
        Data::String("2015-03-01".into()),
        "a removed question's answers stay"
    );
    assert_eq!(cell(&sheet, 2, "Which days? (nl): Andere"), Data::String("Saturday".into()));
    assert_eq!(cell(&sheet, 2, "Which days? (nl): MON (nl)"), Data::Float(1.0));
    assert_eq!(cell(&sheet, 2, "What matters most? (nl): SPEED (nl)"), Data::Float(1.0));
    assert_eq!(cell(&sheet, 2, "Where do you park? (nl): Breedtegraad"), Data::Float(51.05));
    assert_eq!(cell(&sheet, 2, "Agree? (nl): CLEAN (nl)"), Data::Float(2.0));
    assert_eq!(cell(&sheet, 2, "Deelnemer"), Data::Float(bert.id as f64));
    assert_eq!(cell(&sheet, 3, "Pagina's"), Data::String("travel > last".into()));
    assert_eq!(cell(&sheet, 1, "Why? (nl)"), Data::String("<script>alert(1)</script>".into()));
    let summary = workbook.worksheet_range(&names[1]).unwrap();
    assert_eq!(summary.get((0, 0)), Some(&Data::String("How do you get to work? (nl)".into())));
    let rows: Vec<Vec<Data>> = summary.rows().map(|r| r.to_vec()).collect();
    assert!(
        rows.contains(&vec![Data::String("CAR (nl)".into()), Data::Float(1.0), Data::Float(100.0 / 3.0)]),
        "{rows:?}"
    );

    let csv = app.get(&format!("{responses}.csv"), Some(&admin.token)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(Cursor::new(csv.body.to_vec()));
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    let column = headers.iter().position(|h| h == "Your district").unwrap();
    assert_eq!(&records[1][column], "Muide");
    assert_eq!(app.get(&format!("{responses}.csv"), Some(&ann.token)).await.status, StatusCode::FORBIDDEN);
}

async fn anonymous_answers_keep_no_link_to_the_person(app: TestApp) {
    let admin = app.admin().await;
    let dora = app.user("Dora").await;
    let phase = survey_phase(&app, &admin, json!({"anonymous": true}), &every_type_form()).await;
    assert_eq!(answer(&app, phase, &dora, json!({"how": "cycle", "score": 3})).await.status, StatusCode::CREATED);
    // Still one response per person: the record of who answered is apart.
    assert_eq!(answer(&app, phase, &dora, json!({"how": "cycle", "score": 3})).await.status, StatusCode::CONFLICT);
    let csv = app.get(&format!("/api/v1/phases/{phase}/responses.csv"), Some(&admin.token)).await.text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[2], "", "no respondent");
    assert!(record[1].ends_with("00:00:00"), "only the day: {}", &record[1]);
    let stored = agora_db::responses::batch(&app.db, phase, 0, 10).await.unwrap();
    assert_eq!(stored[0].respondent_id, None);
    // Answered under a promise of anonymity, it stays anonymous (and a survey).
    let now = chrono::Utc::now();
    let mut change = json!({"title": {"en": "Ideas"}, "description": {"en": "What we ask."}, "start_at": (now - chrono::Duration::days(1)).to_rfc3339(),
        "end_at": (now + chrono::Duration::days(30)).to_rfc3339(), "method": "survey", "survey": {"anonymous": false},
        "posting_enabled": false, "commenting_enabled": false, "reacting_enabled": false, "disliking_enabled": false,
        "voting": null, "permissions": {}});
    let refused = app.put(&format!("/api/v1/phases/{phase}"), change.clone(), Some(&admin.token)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text());
    assert_eq!(refused.json()["fields"][0]["field"], "survey.anonymous");
    change["survey"] = json!({"anonymous": true, "results_public": true});
    assert_eq!(
        app.put(&format!("/api/v1/phases/{phase}"), change.clone(), Some(&admin.token)).await.status,
        StatusCode::OK
    );
    change["method"] = json!("ideation");
    let refused = app.put(&format!("/api/v1/phases/{phase}"), change, Some(&admin.token)).await;
    assert_eq!(refused.json()["fields"][0]["field"], "method");

    // A survey that takes several responses a person.
    let several = survey_phase(&app, &admin, json!({"one_response_per_person": false}), &every_type_form()).await;
    for _ in 0..2 {
        assert_eq!(answer(&app, several, &dora, json!({"how": "cycle", "score": 3})).await.status, StatusCode::CREATED);
    }
}

async fn a_poll_takes_one_answer_a_person_and_shows_live_bars(app: TestApp) {
    let admin = app.admin().await;
    let (eva, finn) = (app.user("Eva").await, app.user("Finn").await);
    let project = app
        .open_project(
            &admin,
            json!({"method": "poll", "survey": {"one_response_per_person": false, "results_live": true},
            "permissions": {"taking_poll": {"permitted_by": "users"}}}),
        )
        .await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = phases["items"][0]["id"].as_i64().unwrap();
    let form = json!({"pages": [{"key": "p", "questions": [
        {"key": "hours", "type": "single_choice", "title": t("Opening hours?"), "required": true,
         "options": [{"key": "early", "title": t("From 7")}, {"key": "late", "title": t("Until 22")}]},
        {"key": "extras", "type": "multiple_choice", "title": t("Also?"), "max": 1,
         "options": [{"key": "cafe", "title": t("A café")}, {"key": "wifi", "title": t("Wi-fi")}]}]}]});
    assert_eq!(app.put(&format!("/api/v1/phases/{phase}/form"), form, Some(&admin.token)).await.status, StatusCode::OK);

    let visitor =
        app.post(&format!("/api/v1/phases/{phase}/responses"), json!({"answers": {"hours": "early"}}), None).await;
    assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer(&app, phase, &eva, json!({"hours": "early", "extras": ["cafe"]})).await.status,
        StatusCode::CREATED
    );
    let too_many = answer(&app, phase, &finn, json!({"hours": "late", "extras": ["cafe", "wifi"]})).await;
    assert_eq!(too_many.json()["fields"], json!({"extras": "too_many"}));
    assert_eq!(answer(&app, phase, &finn, json!({"hours": "late"})).await.status, StatusCode::CREATED);
    // A poll takes one answer a person, whatever its settings say.
    assert_eq!(answer(&app, phase, &eva, json!({"hours": "late"})).await.status, StatusCode::CONFLICT);
    // Live results: anyone sees the bars while the poll runs.
    let live = app.get(&format!("/api/v1/phases/{phase}/results"), None).await.json();
    assert_eq!(live["questions"]["hours"]["counts"], json!({"early": 1, "late": 1}));
}

async fn files_are_checked_and_served_only_to_their_people(app: TestApp) {
    let admin = app.admin().await;
    let (gina, hugo) = (app.user("Gina").await, app.user("Hugo").await);
    let phase = survey_phase(&app, &admin, json!({}), &every_type_form()).await;
    let pdf = b"%PDF-1.4 a plan of the square".to_vec();

    let page = upload(&app, &gina.token, "plan.pdf", b"<html><script>alert(1)</script></html>").await;
    assert_eq!(
        (page.status, page.json()["fields"][0]["problem"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("file_type"))
    );
    let big = upload(&app, &gina.token, "big.pdf", &[b'%'; 11 * 1024 * 1024]).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let uploaded = upload(&app, &gina.token, "../../my plan.pdf", &pdf).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.text());
    let id = uploaded.json()["id"].as_i64().unwrap();
    assert_eq!(uploaded.json()["file_name"], "my plan.pdf");
    assert_eq!(upload(&app, "", "plan.pdf", &pdf).await.status, StatusCode::UNAUTHORIZED);

    // Hugo cannot answer with Gina's file, nor read it.
    let theft = answer(&app, phase, &hugo, json!({"how": "cycle", "score": 3, "plan": id})).await;
    assert_eq!(theft.json()["fields"], json!({"plan": "not_found"}));
    let file = format!("/api/v1/uploads/{id}");
    assert_eq!(app.get(&file, Some(&hugo.token)).await.status, StatusCode::NOT_FOUND);
    let unsent = app.get(&file, Some(&admin.token)).await;
    assert_eq!(unsent.status, StatusCode::NOT_FOUND, "staff see a file once a response gives it");

    assert_eq!(
        answer(&app, phase, &gina, json!({"how": "cycle", "score": 3, "plan": id})).await.status,
        StatusCode::CREATED
    );
    let moderator = app.user("Moderator").await;
    let project = agora_db::projects::phase_context(&app.db, phase).await.unwrap().project_id;
    let added = app
        .put(&format!("/api/v1/projects/{project}/moderators/{}", moderator.id), json!({}), Some(&admin.token))
        .await;
    assert!(added.status.is_success(), "{}", added.text());
    let served = app.get(&file, Some(&moderator.token)).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body.to_vec(), pdf);
    assert_eq!(served.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(served.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    assert_eq!(served.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(app.get(&file, Some(&gina.token)).await.status, StatusCode::OK);
    assert_eq!(app.get(&file, None).await.status, StatusCode::NOT_FOUND);

    // A file no response took is swept after a day, from the disk too; a taken one stays.
    let left = upload(&app, &hugo.token, "draft.pdf", &pdf).await.json()["id"].as_i64().unwrap();
    let db = app.db.clone();
    let stored = |id: i64| {
        let db = db.clone();
        async move { agora_db::responses::upload(&db, id).await.unwrap() }
    };
    let left_on_disk = app.config.uploads.join(stored(left).await.unwrap().stored_name);
    assert!(left_on_disk.exists());
    let tomorrow = agora_db::now() + agora_app::uploads::UNTAKEN_KEPT_FOR + 1;
    assert_eq!(agora_app::uploads::sweep(&app.db, &app.config.uploads, tomorrow).await.unwrap(), 1);
    assert!(stored(left).await.is_none() && !left_on_disk.exists());
    assert!(stored(id).await.is_some());
}

async fn five_hundred_people_answer_at_once(app: TestApp) {
    let admin = app.admin().await;
    let phase = survey_phase(&app, &admin, json!({}), &every_type_form()).await;
    let people = app.users(500).await;
    let app = Arc::new(app);
    let tasks: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let app = app.clone();
            tokio::spawn(async move {
                let how = ["cycle", "car", "bus"][i % 3];
                answer(&app, phase, &person, json!({"how": how, "km": 5, "score": 1 + (i % 7)})).await.status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    let results = app.get(&format!("/api/v1/phases/{phase}/results"), Some(&admin.token)).await.json();
    assert_eq!(results["responses"], 500);
    assert_eq!(results["questions"]["how"]["counts"], json!({"cycle": 167, "car": 167, "bus": 166}));
}

async fn one_person_submitting_twenty_times_at_once_counts_once(app: TestApp) {
    let admin = app.admin().await;
    let phase = survey_phase(&app, &admin, json!({}), &every_type_form()).await;
    let ida = Arc::new(app.user("Ida").await);
    let app = Arc::new(app);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, ida) = (app.clone(), ida.clone());
            tokio::spawn(async move { answer(&app, phase, &ida, json!({"how": "cycle", "score": 4})).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
    let results = app.get(&format!("/api/v1/phases/{phase}/results"), Some(&admin.token)).await.json();
    assert_eq!(results["responses"], 1);
}

/// The answers so far, as the page carries them in its hidden field.
fn so_far(page: &str) -> String {
    let start = page.find("name=\"so_far\" value=\"").expect("a page of the form") + "name=\"so_far\" value=\"".len();
    let raw = &page[start..start + page[start..].find('"').unwrap()];
    raw.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn residents_answer_page_by_page_in_the_pages(app: TestApp) {
    let admin = app.admin().await;
    let jan = app.user("Jan").await;
    let phase = survey_phase(&app, &admin, json!({}), &every_type_form()).await;
    let path = format!("/phases/{phase}/survey");
    let mut visitor = app.visitor();
    let closed = visitor.get(&path).await.text();
    assert!(closed.contains("Sign in to answer."), "{closed}");

    let mut browser = app.visitor();
    browser.sign_in(&jan).await;
    let first = browser.get(&path).await.text();
    assert!(first.contains("Page 1 of 3") && first.contains("How do you get to work?"), "{first}");
    let next = browser
        .post_file(
            &path,
            &[("page", "travel"), ("so_far", "{}"), ("op", "next"), ("a.how", "car"), ("a.days.mon", "on")],
            None,
        )
        .await;
    assert_eq!(next.status, StatusCode::OK, "{}", next.text());
    assert!(next.text().contains("Page 2 of 3") && next.text().contains("How far, in km?"));

    // Jan leaves and comes back: the draft opens on the page he reached.
    let resumed = browser.get(&path).await.text();
    assert!(resumed.contains("Page 2 of 3"), "{resumed}");
    let carried = so_far(&resumed);
    assert_eq!(carried, r#"{"days":["mon"],"how":"car"}"#);
    let wrong =
        browser.post_file(&path, &[("page", "car"), ("so_far", &carried), ("op", "next"), ("a.km", "far")], None).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = wrong.text();
    assert!(
        wrong.contains("This value is not valid.") && wrong.contains("value=\"far\""),
        "what was typed stays: {wrong}"
    );
    let back =
        browser.post_file(&path, &[("page", "car"), ("so_far", &carried), ("op", "back"), ("a.km", "12")], None).await;
    assert!(back.text().contains("Page 1 of 3") && back.text().contains("checked"), "{}", back.text());
    let carried = so_far(&back.text());
    assert!(carried.contains("\"km\":12"), "{carried}");
    let car = browser
        .post_file(
            &path,
            &[("page", "travel"), ("so_far", &carried), ("op", "next"), ("a.how", "car"), ("a.days.mon", "on")],
            None,
        )
        .await;
    let carried = so_far(&car.text());
    let last = browser
        .post_file(&path, &[("page", "car"), ("so_far", &carried), ("op", "next"), ("a.km", "12,5")], None)
        .await;
    assert!(last.text().contains("Page 3 of 3") && last.text().contains("Submit my answers"), "{}", last.text());
    let carried = so_far(&last.text());
    let fields = [
        ("page", "last"),
        ("so_far", carried.as_str()),
        ("op", "next"),
        ("a.score", "6"),
        ("a.rank.price", "1"),
        ("a.rank.speed", "2"),
        ("a.rank.comfort", "3"),
        ("a.grid.safe", "4"),
    ];
    let pdf: &[u8] = b"%PDF-1.4 plan";
    let done = browser.post_file(&path, &fields, Some(("a.plan", "plan.pdf", pdf))).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let thanks = browser.get(&done.location()).await.text();
    assert!(thanks.contains("Thank you for helping us plan."), "{thanks}");
    assert!(browser.get(&path).await.text().contains("You have already answered."));

    let stored = agora_db::responses::batch(&app.db, phase, 0, 10).await.unwrap();
    let answers = serde_json::Value::Object(stored[0].answers.clone());
    assert_eq!(answers["km"], 12.5);
    assert_eq!(answers["rank"], json!(["price", "speed", "comfort"]));
    assert!(answers["plan"].is_i64());

    // Staff read the results in the pages, filtered, with the exports.
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let results = staff.get(&format!("/phases/{phase}/results")).await.text();
    assert!(
        results.contains("One response") && results.contains("<svg") && results.contains("responses.xlsx"),
        "{results}"
    );
    let none = staff.get(&format!("/phases/{phase}/results?only=how:cycle")).await.text();
    assert!(none.contains("0 responses"), "{none}");
    // Filters add up: car drivers who travel on Mondays, and not on Tuesdays.
    let both = staff.get(&format!("/phases/{phase}/results?only=how:car&only=days:mon")).await.text();
    assert!(both.contains("One response") && both.contains("Only the responses that chose:"), "{both}");
    assert!(
        both.contains(
            "href=\"/phases/{phase}/results?only=days%3Amon\"".replace("{phase}", &phase.to_string()).as_str()
        )
    );
    let neither = staff.get(&format!("/phases/{phase}/results?only=how:car&only=days:tue")).await.text();
    assert!(neither.contains("0 responses"), "{neither}");
    let xlsx = staff.get(&format!("/api/v1/phases/{phase}/responses.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK, "the page's link works with the session");
    assert_eq!(visitor.get(&format!("/phases/{phase}/results")).await.status, StatusCode::NOT_FOUND);
}

async fn staff_build_a_form_in_the_pages(app: TestApp) {
    let admin = app.admin().await;
    let kim = app.user("Kim").await;
    let project = app.open_project(&admin, json!({"method": "survey"})).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = phases["items"][0]["id"].as_i64().unwrap();
    let builder = format!("/admin/phases/{phase}/form");
    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    assert!(staff.get(&builder).await.text().contains("The form has no page yet."));
    let form = || async { app.get(&format!("/api/v1/phases/{phase}/form"), None).await.json() };

    for title in ["Travel", "Car"] {
        let saved = staff.post_form(&builder, &[("op", "add_page"), ("title", title)]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    }
    let pages = form().await["pages"].clone();
    let (first, second) = (pages[0]["key"].as_str().unwrap().to_owned(), pages[1]["key"].as_str().unwrap().to_owned());
    for fields in [
        [("op", "add_question"), ("page", first.as_str()), ("type", "single_choice"), ("title", "How do you travel?")],
        [("op", "add_question"), ("page", second.as_str()), ("type", "number"), ("title", "How far?")],
        [("op", "save_closing"), ("closing.en", "Thanks!"), ("closing.nl", "Bedankt!"), ("closing.fr", "")],
    ] {
        let saved = staff.post_form(&builder, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    }
    let built = form().await;
    assert_eq!(built["closing_message"], json!({"en": "Thanks!", "nl": "Bedankt!"}));
    let how = built["pages"][0]["questions"][0]["key"].as_str().unwrap().to_owned();

    // The question's own page: titles in every language, options, required.
    let edit = format!("{builder}/questions/{how}");
    let page = staff.get(&edit).await.text();
    assert!(page.contains("Nederlands") && page.contains("Option 1"), "{page}");
    let saved = staff
        .post_form(
            &edit,
            &[
                ("title.en", "How do you travel?"),
                ("title.fr", "Comment voyagez-vous ?"),
                ("required", "true"),
                ("option.o1.en", "By bike"),
                ("option.o2.en", "By car"),
                ("new_options", "By bus"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let built = form().await;
    let question = &built["pages"][0]["questions"][0];
    assert_eq!(
        (question["title"]["fr"].clone(), question["required"].clone()),
        (json!("Comment voyagez-vous ?"), json!(true))
    );
    assert_eq!(question["options"].as_array().unwrap().len(), 3);

    // Skip logic: cyclists skip the car page.
    let rule = format!("{how}:o1");
    let saved =
        staff.post_form(&builder, &[("op", "add_rule"), ("page", &first), ("rule", &rule), ("goto", "end")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = staff.get(&builder).await.text();
    assert!(page.contains("When “How do you travel?” is “By bike”, go to The end of the form."), "{page}");

    // Kim answers; then changing the question warns, and removing it asks first.
    assert_eq!(
        answer(&app, phase, &kim, json!({how.clone(): "o2", "x": 1})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let far = built["pages"][1]["questions"][0]["key"].as_str().unwrap().to_owned();
    assert_eq!(
        answer(&app, phase, &kim, json!({how.clone(): "o2", far.clone(): 12})).await.status,
        StatusCode::CREATED
    );
    let warned = staff
        .post_form(
            &edit,
            &[("title.en", "How do you travel?"), ("option.o1.en", "By bike"), ("remove_option.o2", "true")],
        )
        .await;
    assert_eq!(warned.status, StatusCode::OK);
    assert!(warned.text().contains("remove options that people chose"), "{}", warned.text());
    assert_eq!(form().await["pages"][0]["questions"][0]["options"].as_array().unwrap().len(), 3, "nothing changed yet");
    let confirmed = staff
        .post_form(
            &edit,
            &[
                ("title.en", "How do you travel?"),
                ("option.o1.en", "By bike"),
                ("remove_option.o2", "true"),
                ("confirmed", "true"),
            ],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.text());
    assert_eq!(form().await["pages"][0]["questions"][0]["options"].as_array().unwrap().len(), 2);

    let remove = format!("{builder}/questions/{far}/delete");
    let asked = staff.post_form(&remove, &[]).await.text();
    assert!(asked.contains("Remove this question?") && asked.contains("their answers stay in the exports"), "{asked}");
    assert_eq!(staff.post_form(&remove, &[("confirmed", "true")]).await.status, StatusCode::SEE_OTHER);
    assert!(form().await["pages"][1]["questions"].as_array().is_none_or(|q| q.is_empty()));
    let csv = app.get(&format!("/api/v1/phases/{phase}/responses.csv"), Some(&admin.token)).await.text();
    assert!(csv.contains("How far?") && csv.contains(",12"), "the removed question's answers stay: {csv}");

    // Residents cannot build.
    let mut resident = app.visitor();
    resident.sign_in(&kim).await;
    assert_eq!(resident.get(&builder).await.status, StatusCode::FORBIDDEN);
}
