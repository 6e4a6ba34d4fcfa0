//! A survey and a poll in headless Chromium, with and without JavaScript, axe-core
//! checking every page: staff build the form in the back office, residents answer it
//! (one leaves and comes back to a draft, one takes the skip path, one is told what to
//! fix), staff read the results, filter them and download the exports.

use agora_testkit::browser::Browser;
use agora_testkit::{TestApp, TestUser};
use calamine::{Reader, Xlsx};
use fantoccini::Locator;
use std::io::Cursor;

use super::browser::{click, fill, sign_in, sign_out, wait_for_element, wait_for_page};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_survey_from_its_builder_to_its_exports_with_javascript() {
    a_survey_from_its_builder_to_its_exports(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_survey_from_its_builder_to_its_exports_without_javascript() {
    a_survey_from_its_builder_to_its_exports(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_in_the_pages_with_javascript() {
    a_poll_in_the_pages(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_in_the_pages_without_javascript() {
    a_poll_in_the_pages(false).await;
}

/// Staff write a one-question poll; two residents take it, and see it is taken; the
/// live bars show to anyone, and the staff export holds both answers.
async fn a_poll_in_the_pages(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let voters = app.users(2).await;
    let project = app.open_project(&admin, json!({"method": "poll", "survey": {"results_live": true}})).await;
    let phase = first_phase(&app, project).await;
    let base = app.serve().await;

    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/admin/phases/{phase}/form")).await.unwrap();
    fill(&b, "#new-page-title", "Opening hours").await;
    click(&b, "#add-page").await;
    wait_for_page(&b, "value=\"Opening hours\"").await;
    let page = form(&app, phase).await["pages"][0]["key"].as_str().unwrap().to_owned();
    click(&b, &format!("#type-{page} option[value='single_choice']")).await;
    fill(&b, &format!("#new-title-{page}"), "When should the library open?").await;
    click(&b, &format!("#add-question-{page}")).await;
    wait_for_page(&b, "When should the library open?").await;
    b.assert_accessible().await;
    let key = form(&app, phase).await["pages"][0]["questions"][0]["key"].as_str().unwrap().to_owned();
    b.client.goto(&format!("{base}/admin/phases/{phase}/form/questions/{key}")).await.unwrap();
    fill(&b, "#option-o1-en", "At 7").await;
    fill(&b, "#option-o2-en", "At 9").await;
    click(&b, "#save-question").await;
    wait_for_page(&b, "Questions of the form").await;
    sign_out(&b).await;

    for (voter, choice) in voters.iter().zip(["o1", "o1"]) {
        sign_in(&b, &base, &voter.email, TestUser::PASSWORD).await;
        b.client.goto(&format!("{base}/phases/{phase}/survey")).await.unwrap();
        click(&b, &format!("#a-{key}-{choice}")).await;
        b.assert_accessible().await;
        click(&b, "#survey-next").await;
        wait_for_element(&b, "#survey-thanks").await;
        b.client.goto(&format!("{base}/phases/{phase}/survey")).await.unwrap();
        wait_for_element(&b, "#answered").await;
        sign_out(&b).await;
    }
    // Live bars, to anyone.
    b.client.goto(&format!("{base}/phases/{phase}/results")).await.unwrap();
    wait_for_page(&b, "2 responses").await;
    assert!(b.client.source().await.unwrap().contains("100 %"));
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the poll's results fit {width} px");
        b.screenshot(&format!("poll-results-{width}{}", if javascript { "" } else { "-nojs" })).await;
    }
    let csv = app.get(&format!("/api/v1/phases/{phase}/responses.csv"), Some(&admin.token)).await.text();
    assert_eq!(csv.lines().filter(|l| l.ends_with(",At 7")).count(), 2, "{csv}");
    b.close().await;
}

/// Waits for the form's page `n` (its progress line), after "Next" or "Back".
async fn wait_for_form_page(b: &Browser, n: usize, of: usize) {
    wait_for_page(b, &format!("Page {n} of {of}<")).await;
}

async fn first_phase(app: &TestApp, project: i64) -> i64 {
    app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json()["items"][0]["id"].as_i64().unwrap()
}

async fn form(app: &TestApp, phase: i64) -> Value {
    app.get(&format!("/api/v1/phases/{phase}/form"), None).await.json()
}

/// Every type of question, the page it goes on, and its title.
const QUESTIONS: [(&str, usize, &str); 12] = [
    ("single_choice", 1, "How do you travel to work?"),
    ("short_text", 1, "Your neighbourhood"),
    ("multiple_choice", 1, "Which days do you travel?"),
    ("number", 2, "How many kilometres?"),
    ("date", 2, "Driving since"),
    ("point", 2, "Where do you park?"),
    ("long_text", 3, "What would you change?"),
    ("linear_scale", 3, "How safe do you feel?"),
    ("rating", 3, "Rate the buses"),
    ("ranking", 3, "What matters most?"),
    ("matrix", 3, "Do you agree?"),
    ("file", 3, "A plan, if you have one"),
];

async fn a_survey_from_its_builder_to_its_exports(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let residents = app.users(3).await;
    let project = app.open_project(&admin, json!({"method": "survey"})).await;
    let phase = first_phase(&app, project).await;
    let base = app.serve().await;
    let shots = |name: &str| format!("{name}{}", if javascript { "" } else { "-nojs" });

    // Staff build three pages with every type of question, and skip logic: cyclists go
    // straight to the last page.
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    let builder = format!("{base}/admin/phases/{phase}/form");
    b.client.goto(&builder).await.unwrap();
    b.assert_accessible().await;
    for title in ["How you travel", "By car", "Your views"] {
        fill(&b, "#new-page-title", title).await;
        click(&b, "#add-page").await;
        wait_for_page(&b, &format!("value=\"{title}\"")).await;
    }
    let pages: Vec<String> = form(&app, phase).await["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_owned())
        .collect();
    for (kind, page, title) in QUESTIONS {
        let page = &pages[page - 1];
        click(&b, &format!("#type-{page} option[value='{kind}']")).await;
        fill(&b, &format!("#new-title-{page}"), title).await;
        click(&b, &format!("#add-question-{page}")).await;
        wait_for_page(&b, &format!("<strong>{title}</strong>")).await;
    }
    let built = form(&app, phase).await;
    let key = |n: usize| {
        built["pages"][QUESTIONS[n].1 - 1]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["title"]["en"] == QUESTIONS[n].2)
            .unwrap()["key"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (how, km) = (key(0), key(3));
    // The travel question: its options, required, in two languages.
    b.client.goto(&format!("{builder}/questions/{how}")).await.unwrap();
    b.assert_accessible().await;
    fill(&b, "#title-nl", "Hoe gaat u naar het werk?").await;
    fill(&b, "#option-o1-en", "By bike").await;
    fill(&b, "#option-o2-en", "By car").await;
    fill(&b, "#new_options", "By bus").await;
    click(&b, "#required").await;
    if javascript {
        b.screenshot("builder-question-1280").await;
    }
    click(&b, "#save-question").await;
    wait_for_page(&b, "<strong>How do you travel to work?</strong>").await;
    let edited = form(&app, phase).await;
    let options = edited["pages"][0]["questions"][0]["options"].as_array().unwrap().clone();
    let bus = options.iter().find(|o| o["title"]["en"] == "By bus").unwrap()["key"].as_str().unwrap().to_owned();
    b.client.goto(&format!("{builder}/questions/{km}")).await.unwrap();
    fill(&b, "#min", "0").await;
    fill(&b, "#max", "500").await;
    click(&b, "#save-question").await;
    wait_for_page(&b, "<strong>How many kilometres?</strong>").await;
    let (first, last) = (&pages[0], &pages[2]);
    click(&b, &format!("#add-logic-{first}")).await;
    click(&b, &format!("#rule-{first} option[value='{how}:o1']")).await;
    click(&b, &format!("#goto-{first} option[value='{last}']")).await;
    click(&b, &format!("#add-rule-{first}")).await;
    wait_for_page(&b, "is “By bike”, go to Page 3: Your views.").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the builder fits {width} px");
        b.screenshot(&shots(&format!("builder-{width}"))).await;
    }
    b.set_width(1280).await;
    sign_out(&b).await;

    let survey = format!("{base}/phases/{phase}/survey");
    // The first resident goes by car, leaves on page 2 and comes back to the draft.
    sign_in(&b, &base, &residents[0].email, TestUser::PASSWORD).await;
    b.client.goto(&survey).await.unwrap();
    wait_for_form_page(&b, 1, 3).await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the form fits {width} px");
        b.screenshot(&shots(&format!("survey-page-1-{width}"))).await;
    }
    click(&b, "#survey-next").await;
    wait_for_element(&b, "#survey-errors").await;
    b.assert_accessible().await;
    click(&b, &format!("#a-{how}-o2")).await;
    fill(&b, &format!("#a-{}", key(1)), "Muide").await;
    click(&b, &format!("#a-{}-o1", key(2))).await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 2, 3).await;
    fill(&b, &format!("#a-{km}"), "abc").await;
    click(&b, "#survey-next").await;
    wait_for_element(&b, "#survey-errors").await;
    b.assert_accessible().await;
    b.screenshot(&shots("survey-error-1280")).await;
    b.client.goto(&format!("{base}/")).await.unwrap();
    b.client.goto(&survey).await.unwrap();
    wait_for_form_page(&b, 2, 3).await;
    fill(&b, &format!("#a-{km}"), "12").await;
    fill(&b, &format!("#a-{}-lat", key(5)), "51.05").await;
    fill(&b, &format!("#a-{}-lng", key(5)), "3.72").await;
    b.assert_accessible().await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 3, 3).await;
    b.assert_accessible().await;
    b.screenshot(&shots("survey-page-3-1280")).await;
    fill(&b, &format!("#a-{}", key(6)), "More bike lanes").await;
    click(&b, &format!("#a-{}-5", key(7))).await;
    click(&b, &format!("#a-{}-4", key(8))).await;
    for (i, option) in ["o1", "o2"].iter().enumerate() {
        click(&b, &format!("#a-{}-{option} option[value='{}']", key(9), i + 1)).await;
    }
    click(&b, &format!("input[name='a.{}.o1'][value='4']", key(10))).await;
    click(&b, "#survey-next").await;
    wait_for_element(&b, "#survey-thanks").await;
    b.assert_accessible().await;
    sign_out(&b).await;

    // The second cycles: the car page is skipped.
    sign_in(&b, &base, &residents[1].email, TestUser::PASSWORD).await;
    b.client.goto(&survey).await.unwrap();
    click(&b, &format!("#a-{how}-o1")).await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 2, 3).await;
    wait_for_page(&b, "What would you change?").await;
    click(&b, "#survey-next").await;
    wait_for_element(&b, "#survey-thanks").await;
    sign_out(&b).await;

    // The third goes by bus, goes back once, and answers.
    sign_in(&b, &base, &residents[2].email, TestUser::PASSWORD).await;
    b.client.goto(&survey).await.unwrap();
    click(&b, &format!("#a-{how}-{bus}")).await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 2, 3).await;
    click(&b, "#survey-back").await;
    wait_for_form_page(&b, 1, 3).await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 2, 3).await;
    fill(&b, &format!("#a-{km}"), "4").await;
    click(&b, "#survey-next").await;
    wait_for_form_page(&b, 3, 3).await;
    click(&b, "#survey-next").await;
    wait_for_element(&b, "#survey-thanks").await;
    sign_out(&b).await;

    // Staff read the results, filter them, and download both files.
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/phases/{phase}/results")).await.unwrap();
    wait_for_page(&b, "3 responses").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the results fit {width} px");
        b.screenshot(&shots(&format!("survey-results-{width}"))).await;
    }
    click(&b, &format!("#only option[value='{how}:o1']")).await;
    click(&b, ".filters button").await;
    wait_for_page(&b, "One response").await;
    wait_for_element(&b, "#active-filters").await;
    b.assert_accessible().await;
    b.set_width(390).await;
    assert!(!b.overflows_sideways().await, "the filtered results fit a phone");
    b.screenshot(&shots("survey-results-filtered-390")).await;
    b.set_width(1280).await;
    let xlsx_link = b.client.find(Locator::Css("#export-xlsx")).await.unwrap().attr("href").await.unwrap().unwrap();
    let csv_link = b.client.find(Locator::Css("#export-csv")).await.unwrap().attr("href").await.unwrap().unwrap();
    let xlsx = app.get(&xlsx_link, Some(&admin.token)).await;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
    let sheet = workbook.worksheet_range("Responses").unwrap();
    assert_eq!(sheet.height(), 4, "a header and three responses");
    let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(cells.iter().any(|c| c == "More bike lanes") && cells.iter().any(|c| c == "By car"), "{cells:?}");
    let csv = app.get(&csv_link, Some(&admin.token)).await.text();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("Muide") && csv.contains("By bus"), "{csv}");
    b.close().await;
}
