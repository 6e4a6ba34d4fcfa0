//! The whole ideation loop in headless Chromium, with and without JavaScript, with
//! axe-core checking every page against WCAG 2.1 A and AA.

use std::time::Duration;

use agora_testkit::browser::Browser;
use agora_testkit::{TestApp, TestUser};
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ideation_loop_with_javascript() {
    ideation_loop(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ideation_loop_without_javascript() {
    ideation_loop(false).await;
}

async fn fill(b: &Browser, css: &str, text: &str) {
    let field = b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(b: &Browser, css: &str) {
    b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

/// The element's text; None while it is missing or the page is being replaced.
async fn text(b: &Browser, css: &str) -> Option<String> {
    b.client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// Waits until the element's text is `expected` (after a script's fetch, or after a
/// form post and its redirect).
async fn wait_for_text(b: &Browser, css: &str, expected: &str) {
    let mut last = None;
    for _ in 0..50 {
        last = text(b, css).await;
        if last.as_deref() == Some(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} shows {last:?}, not {expected:?}");
}

/// Waits until the page (after a form submission and its redirect) contains `expected`.
async fn wait_for_page(b: &Browser, expected: &str) {
    let mut page = String::new();
    for _ in 0..50 {
        page = b.client.source().await.unwrap();
        if page.contains(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never showed {expected:?}: {page}");
}

async fn sign_in(b: &Browser, base: &str, email: &str, password: &str) {
    b.client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(b, "#email", email).await;
    fill(b, "#password", password).await;
    click(b, "#submit").await;
    wait_for_page(b, "Sign out (").await;
}

async fn sign_out(b: &Browser) {
    click(b, "header form button").await;
    wait_for_page(b, ">Sign in<").await;
}

async fn ideation_loop(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let slug = app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned();
    let base = app.serve().await;

    // A resident signs up.
    b.client.goto(&format!("{base}/sign-up")).await.unwrap();
    b.assert_accessible().await;
    fill(&b, "#name", "Amira").await;
    fill(&b, "#email", "amira@example.org").await;
    fill(&b, "#password", "a strong password").await;
    click(&b, "#submit").await;
    wait_for_page(&b, "Sign out (Amira)").await;
    b.assert_accessible().await;

    // Posts an idea.
    b.client.goto(&format!("{base}/projects/{slug}")).await.unwrap();
    b.assert_accessible().await;
    click(&b, "a.button.primary").await;
    b.assert_accessible().await;
    fill(&b, "#title", "Shade on the Vrijdagmarkt").await;
    fill(&b, "#body", "Trees along the **edges** of the square.").await;
    click(&b, "#submit").await;
    wait_for_page(&b, "<h1>Shade on the Vrijdagmarkt</h1>").await;
    b.assert_accessible().await;
    let idea_url = b.client.current_url().await.unwrap().to_string();

    // Likes it, and comments.
    click(&b, "#like-button").await;
    wait_for_text(&b, "#like-button .likes-count", "1").await;
    fill(&b, "#comment-body", "I would love to sit there in summer.").await;
    click(&b, "#post-comment").await;
    wait_for_page(&b, "<p>I would love to sit there in summer.</p>").await;
    b.assert_accessible().await;
    // The idea list shows the resident's own like on the card.
    b.client.goto(&format!("{base}/projects/{slug}")).await.unwrap();
    wait_for_text(&b, ".idea-card .yours", "You like this").await;
    b.assert_accessible().await;
    if javascript {
        for width in [390, 1280] {
            b.set_width(width).await;
            assert!(!b.overflows_sideways().await, "the idea list fits {width} px");
            b.client.execute("document.querySelector('.idea-card').scrollIntoView()", vec![]).await.unwrap();
            b.screenshot(&format!("idea-list-{width}")).await;
        }
    }
    sign_out(&b).await;

    // Staff set a status and write official feedback.
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/admin")).await.unwrap();
    b.assert_accessible().await;
    b.client.goto(&format!("{base}/admin/projects/{project}")).await.unwrap();
    b.assert_accessible().await;
    b.client.goto(&idea_url).await.unwrap();
    b.assert_accessible().await;
    b.client.find(Locator::Css("#new-status option[value='accepted']")).await.unwrap().click().await.unwrap();
    click(&b, "#set-status").await;
    wait_for_text(&b, "#idea-status", "Accepted").await;
    fill(&b, "#feedback-body", "We will plant six trees next spring.").await;
    fill(&b, "#feedback-author", "City of Ghent").await;
    click(&b, "#post-feedback").await;
    wait_for_page(&b, "<p>We will plant six trees next spring.</p>").await;
    sign_out(&b).await;

    // The page script ran in one run and not in the other (it marks <html> when it runs).
    let enhanced = b.client.source().await.unwrap().contains("data-enhanced=\"true\"");
    assert_eq!(enhanced, javascript);

    // The resident sees the notifications.
    sign_in(&b, &base, "amira@example.org", "a strong password").await;
    wait_for_text(&b, "#unread-count", "2").await;
    b.client.goto(&format!("{base}/notifications")).await.unwrap();
    let page = b.client.source().await.unwrap();
    assert!(page.contains("is now: Accepted") && page.contains("The city answered"), "{page}");
    b.assert_accessible().await;
    b.client.goto(&idea_url).await.unwrap();
    assert_eq!(text(&b, "#like-button .likes-count").await.as_deref(), Some("1"));
    b.close().await;
}

/// Staff at work in the pages: a question before deleting and a word after, picking a
/// moderator, editing a phase; and nothing wider than a phone's screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_work_in_the_pages() {
    let Some(b) = Browser::start(true).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let resident = app.user("Amira").await;
    let long_word = "Fietsenstallingsuitbreidingsvoorstellenbundelingscommissievergadering";
    let idea = app.idea(project, &resident, &format!("A {long_word} for the station")).await;
    let path = format!("/api/v1/ideas/{idea}/comments");
    app.post(&path, json!({"body": {"en": "Spam, spam, spam"}}), Some(&resident.token)).await;
    let base = app.serve().await;
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;

    // Deleting a comment asks first, then says it is done.
    b.client.goto(&format!("{base}/ideas/{idea}")).await.unwrap();
    click(&b, ".comment-body form button.danger").await;
    wait_for_page(&b, "Delete this comment?").await;
    b.assert_accessible().await;
    b.screenshot("confirm-1280").await;
    click(&b, "#confirm").await;
    wait_for_text(&b, "[role=status]", "The comment was deleted.").await;
    b.assert_accessible().await;

    // A long word stays on a phone's screen.
    b.set_width(390).await;
    for page in [format!("/ideas/{idea}"), format!("/projects/{}", slug(&app, project).await), "/".to_owned()] {
        b.client.goto(&format!("{base}{page}")).await.unwrap();
        assert!(!b.overflows_sideways().await, "{page} is wider than the phone");
    }
    b.screenshot("idea-390").await;

    // A moderator is picked from a search of people.
    b.set_width(1280).await;
    b.client.goto(&format!("{base}/admin/projects/{project}")).await.unwrap();
    fill(&b, "#person", "amira").await;
    click(&b, "#find-person").await;
    wait_for_page(&b, "e-mail not confirmed").await;
    b.assert_accessible().await;
    b.screenshot("moderators-1280").await;
    click(&b, ".people form button").await;
    wait_for_text(&b, "[role=status]", "The moderator was added.").await;
    b.set_width(390).await;
    assert!(!b.overflows_sideways().await, "the back office fits a phone");
    b.screenshot("admin-project-390").await;
    b.set_width(1280).await;

    // The catalogue, statuses included, is usable as it is; so is the list of failed
    // background jobs, long errors and all, on a phone too.
    let mut tx = app.db.begin().await.unwrap();
    agora_db::outbox::enqueue(&mut tx, "from_a_newer_server", "{}", agora_db::now()).await.unwrap();
    tx.commit().await.unwrap();
    app.run_outbox().await;
    b.client.goto(&format!("{base}/admin#jobs")).await.unwrap();
    b.assert_accessible().await;
    b.screenshot("admin-jobs-1280").await;
    b.set_width(390).await;
    assert!(!b.overflows_sideways().await, "the list of failed jobs fits a phone");
    b.screenshot("admin-jobs-390").await;
    b.set_width(1280).await;
    click(&b, "#jobs form button").await;
    wait_for_text(&b, "[role=status]", "The job will run again now.").await;
    b.client.goto(&format!("{base}/admin/projects/{project}")).await.unwrap();

    // A phase is edited in its own form.
    click(&b, "#phases-heading + ol a").await;
    wait_for_page(&b, "Edit the phase").await;
    b.assert_accessible().await;
    fill(&b, "#phase_title", "Ideas for the station").await;
    click(&b, "#save-phase").await;
    wait_for_text(&b, "[role=status]", "The phase was saved.").await;
    assert!(b.client.source().await.unwrap().contains("Ideas for the station"));
    b.client.goto(&format!("{base}/account")).await.unwrap();
    b.assert_accessible().await;
    b.screenshot("account-1280").await;
    b.close().await;
}

async fn slug(app: &TestApp, project: i64) -> String {
    app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned()
}
