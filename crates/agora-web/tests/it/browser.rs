//! The whole ideation loop in headless Chromium, with and without JavaScript, with
//! axe-core checking every page against WCAG 2.1 A and AA.

use std::time::Duration;

use agora_testkit::browser::Browser;
use agora_testkit::oidc::{OidcProvider, Person};
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

pub(crate) async fn fill(b: &Browser, css: &str, text: &str) {
    let field = b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub(crate) async fn click(b: &Browser, css: &str) {
    b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

/// The element's text; None while it is missing or the page is being replaced.
pub(crate) async fn text(b: &Browser, css: &str) -> Option<String> {
    b.client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// Waits until the element's text is `expected` (after a script's fetch, or after a
/// form post and its redirect).
pub(crate) async fn wait_for_text(b: &Browser, css: &str, expected: &str) {
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

/// Waits until the page has an element matching `css`.
pub(crate) async fn wait_for_element(b: &Browser, css: &str) {
    for _ in 0..50 {
        if b.client.find(Locator::Css(css)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {css} on the page");
}

/// Waits until the field is empty (a form shown anew after its submission).
pub(crate) async fn wait_for_empty(b: &Browser, css: &str) {
    for _ in 0..50 {
        if let Ok(field) = b.client.find(Locator::Css(css)).await
            && field.prop("value").await.ok().flatten().as_deref() == Some("")
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} stays filled");
}

/// Waits until the page (after a form submission and its redirect) contains `expected`.
pub(crate) async fn wait_for_page(b: &Browser, expected: &str) {
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

pub(crate) async fn sign_in(b: &Browser, base: &str, email: &str, password: &str) {
    b.client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(b, "#email", email).await;
    fill(b, "#password", password).await;
    click(b, "#submit").await;
    wait_for_page(b, "Sign out (").await;
}

pub(crate) async fn sign_out(b: &Browser) {
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
    // Confirms the address by the link mailed to it (mail goes to confirmed addresses only).
    let link = wait_for_link_in_mail_to(&app, &base, "amira@example.org", "/confirm-email?token=").await;
    b.client.goto(&link).await.unwrap();
    click(&b, "#confirm-email").await;
    wait_for_text(&b, "[role=status]", "Your e-mail address is confirmed. Thank you.").await;

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
    // Their name leads to their profile page.
    b.client.find(Locator::LinkText("Amira")).await.unwrap().click().await.unwrap();
    wait_for_page(&b, "<h1>Amira</h1>").await;
    b.assert_accessible().await;
    if javascript {
        for width in [390, 1280] {
            b.set_width(width).await;
            b.screenshot(&format!("profile-{width}")).await;
        }
    }
    b.client.goto(&idea_url).await.unwrap();

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

    // The resident gets a mail about the new status; one click on its link stops mails
    // of that kind, and only that kind.
    let stop = wait_for_link_in_mail_to(&app, &base, "amira@example.org", "kind=status_changed").await;
    b.client.goto(&stop).await.unwrap();
    b.assert_accessible().await;
    click(&b, "#unsubscribe").await;
    let stopped = "Done: no more mails about an idea I follow (mine included) gets a new status";
    wait_for_text(&b, "#unsubscribed", stopped).await;
    let stopped = "SELECT COUNT(*) FROM mail_settings WHERE choices LIKE '%\"status_changed\":false%'";
    assert_eq!(agora_db::testing::count(&app.db, stopped).await.unwrap(), 1);

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

    // Changes their address: it changes when the link mailed to the new one is followed.
    b.client.goto(&format!("{base}/account")).await.unwrap();
    click(&b, "#change-email-summary").await;
    fill(&b, "#new_email", "amira.h@example.org").await;
    fill(&b, "#password", "a strong password").await;
    click(&b, "#change-email").await;
    wait_for_text(
        &b,
        "[role=status]",
        "A link is on its way to the new address: your address changes when you follow it.",
    )
    .await;
    let link = wait_for_link_in_mail_to(&app, &base, "amira.h@example.org", "/confirm-email?token=").await;
    b.client.goto(&link).await.unwrap();
    click(&b, "#confirm-email").await;
    wait_for_text(&b, "[role=status]", "Your e-mail address is confirmed. Thank you.").await;
    b.client.goto(&format!("{base}/account")).await.unwrap();
    wait_for_page(&b, "amira.h@example.org").await;
    b.close().await;
}

/// The link to `path` in a mail to `to`, once the app's worker has sent it (up to 10 s),
/// on this server (mails link to the configured address).
async fn wait_for_link_in_mail_to(app: &TestApp, base: &str, to: &str, path: &str) -> String {
    for _ in 0..100 {
        let mails = app.mail_files();
        let unfolded = mails.iter().map(|m| m.replace("=\r\n", "").replace("=3D", "="));
        let found = unfolded
            .filter(|m| m.lines().any(|l| l.eq_ignore_ascii_case(&format!("To: {to}"))))
            .flat_map(|m| m.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .find(|w| w.starts_with("http") && w.contains(path));
        if let Some(link) = found {
            return format!("{base}{}", link.strip_prefix(&app.config.base_url).unwrap());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no mail to {to} with a link to {path}");
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
    wait_for_page(&b, "Make moderator").await;
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

    // A user group, and a member picked from a search of people.
    b.client.goto(&format!("{base}/admin/groups")).await.unwrap();
    b.assert_accessible().await;
    fill(&b, "#name", "Residents of Gentbrugge").await;
    click(&b, "#create-group").await;
    wait_for_text(&b, "[role=status]", "The group was created.").await;
    fill(&b, "#person", "amira").await;
    click(&b, "#find-person").await;
    // The group's page says "Add to the group" before the search too: wait for what it found.
    wait_for_element(&b, ".people form button").await;
    click(&b, ".people form button").await;
    wait_for_text(&b, "[role=status]", "The person was added to the group.").await;
    b.assert_accessible().await;
    b.screenshot("group-1280").await;
    b.set_width(390).await;
    assert!(!b.overflows_sideways().await, "a group's page fits a phone");
    b.screenshot("group-390").await;

    // A person blocked, after a question; the block lifted.
    b.client.goto(&format!("{base}/admin/people")).await.unwrap();
    fill(&b, "#q", "amira").await;
    click(&b, "#find").await;
    wait_for_page(&b, "amira").await;
    click(&b, ".people button.danger").await;
    wait_for_page(&b, "Block Amira?").await;
    b.assert_accessible().await;
    click(&b, "#confirm").await;
    wait_for_text(&b, "[role=status]", "The person is blocked and signed out everywhere.").await;
    b.assert_accessible().await;
    assert!(!b.overflows_sideways().await, "the people page fits a phone");
    b.screenshot("admin-people-390").await;
    click(&b, ".people form button").await;
    wait_for_text(&b, "[role=status]", "The block is lifted: the person can sign in again.").await;

    // Names shown abbreviated, chosen on the same page.
    click(&b, "#abbreviate").await;
    click(&b, "#save-names").await;
    wait_for_text(&b, "[role=status]", "The way names are shown is saved.").await;
    b.assert_accessible().await;
    b.set_width(1280).await;
    b.screenshot("admin-people-names-1280").await;
    click(&b, "#abbreviate").await;
    click(&b, "#save-names").await;
    wait_for_text(&b, "[role=status]", "The way names are shown is saved.").await;

    // The privacy notice, written in the back office, read by anyone.
    b.client.goto(&format!("{base}/admin/legal")).await.unwrap();
    b.assert_accessible().await;
    fill(&b, "#privacy", "We keep your name and what you post. Ask privacy@gent.be.").await;
    click(&b, "#save-privacy").await;
    wait_for_text(&b, "[role=status]", "The text is published.").await;
    b.client.goto(&format!("{base}/privacy")).await.unwrap();
    wait_for_page(&b, "Ask privacy@gent.be.").await;
    b.assert_accessible().await;

    // Outgoing mail, as staff see it.
    b.client.goto(&format!("{base}/admin/mail")).await.unwrap();
    wait_for_page(&b, "Outgoing mail</h1>").await;
    b.assert_accessible().await;
    assert!(!b.overflows_sideways().await, "the mail list fits a phone");
    b.screenshot("admin-mail-390").await;
    b.close().await;
}

async fn slug(app: &TestApp, project: i64) -> String {
    app.get(&format!("/api/v1/projects/{project}"), None).await.json()["slug"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budget_vote_with_javascript() {
    budget_vote(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budget_vote_without_javascript() {
    budget_vote(false).await;
}

/// A participatory budget from its set-up to its results, in the pages: the admin makes
/// the phase a budget vote with eight options and Equal Shares, five residents vote and
/// one changes their mind, paper votes are entered, the phase ends, the results are
/// published; a resident sees why an option won and downloads the ballots, which count
/// again to the same winners.
async fn budget_vote(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let phase =
        app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json()["items"][0]["id"].as_i64().unwrap();
    let voters = app.users(5).await;
    let base = app.serve().await;
    let shots = |name: &str| format!("{name}{}", if javascript { "" } else { "-nojs" });

    // The admin turns the phase into a budget vote decided by Equal Shares.
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/admin/phases/{phase}")).await.unwrap();
    click(&b, "#method option[value='voting']").await;
    click(&b, "#voting_method option[value='budgeting']").await;
    fill(&b, "#budget", "1000").await;
    click(&b, "#rule option[value='mes']").await;
    b.assert_accessible().await;
    click(&b, "#save-phase").await;
    wait_for_text(&b, "[role=status]", "The phase was saved.").await;

    // Eight options, written in the back office.
    b.client.goto(&format!("{base}/admin/phases/{phase}/options")).await.unwrap();
    b.assert_accessible().await;
    let costs = [400, 300, 250, 200, 150, 120, 100, 60];
    for (i, cost) in costs.iter().enumerate() {
        fill(&b, "#option_title", &format!("Project {}", i + 1)).await;
        fill(&b, "#option_body", "What the neighbourhood asked for.").await;
        fill(&b, "#option_cost", &cost.to_string()).await;
        click(&b, "#new-option").await;
        // The page after the save has the same message as the one before: the empty
        // title field tells the new page from the old.
        wait_for_empty(&b, "#option_title").await;
        wait_for_text(&b, "[role=status]", "The option was saved.").await;
    }
    let options: Vec<i64> = app.get(&format!("/api/v1/phases/{phase}/options"), None).await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["idea_id"].as_i64().unwrap())
        .collect();
    assert_eq!(options.len(), 8);
    b.assert_accessible().await;
    if javascript {
        b.screenshot("admin-voting-1280").await;
        b.set_width(390).await;
        assert!(!b.overflows_sideways().await, "the staff voting page fits a phone");
        b.screenshot("admin-voting-390").await;
        b.set_width(1280).await;
    }
    sign_out(&b).await;

    // Five residents vote; the first changes their mind.
    let choices: [&[usize]; 5] = [&[0, 1, 2], &[0, 3, 4], &[1, 2, 6], &[5, 6, 7], &[4, 5, 7]];
    for (n, (voter, chosen)) in voters.iter().zip(choices).enumerate() {
        sign_in(&b, &base, &voter.email, TestUser::PASSWORD).await;
        b.client.goto(&format!("{base}/phases/{phase}/ballot")).await.unwrap();
        for &i in chosen {
            click(&b, &format!("#option-{} form button", options[i])).await;
            wait_for_page(&b, &format!("id=\"option-{}\"", options[i])).await;
            wait_for_text(&b, &format!("#option-{} .in-basket", options[i]), "✓ In your basket").await;
        }
        if n == 0 {
            b.assert_accessible().await;
            for width in [390, 1280] {
                b.set_width(width).await;
                assert!(!b.overflows_sideways().await, "the ballot fits {width} px");
                if javascript {
                    b.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
                }
                b.screenshot(&shots(&format!("ballot-{width}"))).await;
            }
        }
        click(&b, "#submit-ballot").await;
        wait_for_text(&b, "[role=status]", "Your ballot was submitted.").await;
        assert!(text(&b, "#ballot-state").await.unwrap().starts_with("Your ballot counted."));
        if n == 0 {
            b.assert_accessible().await;
            click(&b, &format!("#option-{} form button", options[0])).await;
            wait_for_page(&b, "your ballot counts as you submitted it until you submit again").await;
            click(&b, &format!("#option-{} form button", options[3])).await;
            wait_for_text(&b, &format!("#option-{} .in-basket", options[3]), "✓ In your basket").await;
            click(&b, "#submit-ballot").await;
            wait_for_text(&b, "[role=status]", "Your ballot was submitted.").await;
        }
        sign_out(&b).await;
    }

    // Paper votes, the end of the phase, the count.
    sign_in(&b, &base, &admin.email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/admin/phases/{phase}/options")).await.unwrap();
    fill(&b, &format!("#paper_{}", options[3]), "2").await;
    fill(&b, &format!("#paper_{}", options[6]), "1").await;
    fill(&b, "#voters", "2").await;
    click(&b, "#save-paper").await;
    wait_for_text(&b, "[role=status]", "The paper votes were saved.").await;
    let now = agora_db::now();
    agora_db::testing::execute(&app.db, &format!("UPDATE phases SET end_at = {now} WHERE id = {phase}")).await.unwrap();
    b.client.goto(&format!("{base}/admin/phases/{phase}/options")).await.unwrap();
    click(&b, "#publish-results").await;
    wait_for_page(&b, "The votes are being counted").await;
    let mut published = serde_json::Value::Null;
    for _ in 0..100 {
        published = app.get(&format!("/api/v1/phases/{phase}/results"), None).await.json();
        if published["status"] == "published" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(published["status"], "published", "the worker counted the votes");
    sign_out(&b).await;

    // A resident sees why an option won, and takes the ballots home.
    sign_in(&b, &base, &voters[1].email, TestUser::PASSWORD).await;
    b.client.goto(&format!("{base}/phases/{phase}/results")).await.unwrap();
    wait_for_page(&b, "voters shared its cost.").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the results fit {width} px");
        b.screenshot(&shots(&format!("results-{width}"))).await;
    }
    let link = b.client.find(Locator::Css("a[download]")).await.unwrap().attr("href").await.unwrap().unwrap();
    let file = app.get(&link, None).await.text();
    let election = agora_core::pb::parse(&file).unwrap();
    let one = agora_core::pb::Q::from_integer(1.into());
    let outcome =
        agora_core::pb::winners(&election, agora_core::pb::Rule::Mes, agora_core::pb::Completion::Greedy, &one);
    let counted: Vec<i64> = outcome.winners.iter().map(|&p| election.projects[p].id.parse().unwrap()).collect();
    let shown: Vec<i64> = published["winners"].as_array().unwrap().iter().map(|w| w.as_i64().unwrap()).collect();
    assert_eq!(counted, shown, "the downloaded ballots count again to the published winners");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_takes_part_with_javascript() {
    a_guest_takes_part(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_takes_part_without_javascript() {
    a_guest_takes_part(false).await;
}

/// Where the phase lets everyone take part, a visitor without an account likes an idea,
/// posts one under a name, and comments; the pages say they are a guest.
async fn a_guest_takes_part(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let admin = app.admin().await;
    let everyone = json!({"permitted_by": "everyone"});
    let permissions = json!({"permissions": {"posting": everyone, "commenting": everyone, "reacting": everyone}});
    let project = app.open_project(&admin, permissions).await;
    let resident = app.user("Amira").await;
    let idea = app.idea(project, &resident, "Shade on the Vrijdagmarkt").await;
    let slug = slug(&app, project).await;
    let base = app.serve().await;
    let shots = |name: &str| format!("{name}{}", if javascript { "" } else { "-nojs" });

    // A like needs no name: the first one makes the visitor a guest.
    b.client.goto(&format!("{base}/ideas/{idea}")).await.unwrap();
    click(&b, "#like-button").await;
    wait_for_text(&b, "#like-button .likes-count", "1").await;
    b.assert_accessible().await;

    // Posting asks the name a guest signs with, and says what an account would add.
    b.client.goto(&format!("{base}/projects/{slug}")).await.unwrap();
    click(&b, "a.button.primary").await;
    wait_for_page(&b, "as a guest").await;
    b.assert_accessible().await;
    fill(&b, "#guest_name", "Jane D.").await;
    fill(&b, "#title", "Benches on the Korenmarkt").await;
    fill(&b, "#body", "Somewhere to sit between the market stalls.").await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the idea form fits {width} px");
        b.screenshot(&shots(&format!("guest-idea-form-{width}"))).await;
    }
    click(&b, "#submit").await;
    wait_for_page(&b, "<h1>Benches on the Korenmarkt</h1>").await;
    wait_for_page(&b, "Jane D. (guest)").await;

    // The comment form knows the name already.
    let name = b.client.find(Locator::Css("#guest-name")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(name.as_deref(), Some("Jane D."));
    fill(&b, "#comment-body", "And some shade over them, please.").await;
    click(&b, "#post-comment").await;
    wait_for_page(&b, "<p>And some shade over them, please.</p>").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the idea page fits {width} px");
        b.screenshot(&shots(&format!("guest-idea-{width}"))).await;
    }

    let guests = agora_db::testing::count(&app.db, "SELECT COUNT(*) FROM users WHERE is_guest").await.unwrap();
    assert_eq!(guests, 1, "the like, the idea and the comment are one guest's");
    let likes = app.get(&format!("/api/v1/ideas/{idea}"), None).await.json()["likes_count"].as_i64();
    assert_eq!(likes, Some(1));
    b.close().await;
}

/// The link leading to `path` in the `.eml` files the app wrote (quoted-printable undone).
fn mailed_link(app: &TestApp, path: &str) -> String {
    let mails: Vec<String> = app.mail_files().iter().map(|m| m.replace("=\r\n", "").replace("=3D", "=")).collect();
    let mut links =
        mails.iter().flat_map(|m| m.split_whitespace()).filter(|w| w.starts_with("http") && w.contains(path));
    let link = links.next().unwrap_or_else(|| panic!("no link to {path} in {mails:?}")).to_owned();
    assert!(links.all(|other| other == link), "one link to {path}");
    link
}

/// A resident who forgot their password asks for a link from the sign-in page, follows
/// it, chooses a new password and signs in with it; then confirms their address and
/// changes the password again on their account page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_in_the_pages_with_javascript() {
    a_forgotten_password_in_the_pages(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_in_the_pages_without_javascript() {
    a_forgotten_password_in_the_pages(false).await;
}

async fn a_forgotten_password_in_the_pages(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let app = TestApp::sqlite().await;
    let base = app.serve().await;
    // Mailed links lead to the configured address; this server listens on another port.
    let on_this_server = |link: String| format!("{base}{}", link.strip_prefix(&app.config.base_url).unwrap());

    b.client.goto(&format!("{base}/sign-up")).await.unwrap();
    fill(&b, "#name", "Amira").await;
    fill(&b, "#email", "amira@example.org").await;
    fill(&b, "#password", "a strong password").await;
    click(&b, "#submit").await;
    wait_for_page(&b, "Please confirm your e-mail address").await;
    sign_out(&b).await;

    b.client.goto(&format!("{base}/sign-in")).await.unwrap();
    click(&b, "#forgot-password").await;
    wait_for_page(&b, "Forgot your password?</h1>").await;
    b.assert_accessible().await;
    fill(&b, "#email", "amira@example.org").await;
    click(&b, "#send-reset").await;
    wait_for_text(
        &b,
        "[role=status]",
        "If an account uses this address, a link to choose a new password is on its way to it.",
    )
    .await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the reset page fits {width} px");
        b.screenshot(&format!("reset-password-{width}-{javascript}")).await;
    }

    // The link from the mail: a new password, then signing in with it.
    let link = on_this_server(mailed_link(&app, "/reset-password?token="));
    b.client.goto(&link).await.unwrap();
    wait_for_page(&b, "Choose a new password</h1>").await;
    b.assert_accessible().await;
    fill(&b, "#password", "a brand new password").await;
    click(&b, "#set-password").await;
    wait_for_text(&b, "[role=status]", "Your new password is saved. Sign in with it.").await;
    sign_in(&b, &base, "amira@example.org", "a brand new password").await;

    // The confirmation link (mailed at sign-up) opens a page with one button.
    let link = on_this_server(mailed_link(&app, "/confirm-email?token="));
    b.client.goto(&link).await.unwrap();
    b.assert_accessible().await;
    click(&b, "#confirm-email").await;
    wait_for_text(&b, "[role=status]", "Your e-mail address is confirmed. Thank you.").await;
    assert_eq!(text(&b, "#email-state").await.as_deref(), Some("Your e-mail address is confirmed."));

    // The account page: a wrong current password is refused next to its field.
    fill(&b, "#current_password", "not my password").await;
    fill(&b, "#new_password", "another new password").await;
    click(&b, "#change-password").await;
    wait_for_text(&b, "#current_password-error", "This is not right.").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the account page fits {width} px");
        b.screenshot(&format!("account-password-{width}-{javascript}")).await;
    }
    fill(&b, "#current_password", "a brand new password").await;
    fill(&b, "#new_password", "another new password").await;
    click(&b, "#change-password").await;
    wait_for_text(&b, "[role=status]", "Your new password is saved. Other devices are signed out.").await;

    // The mails they get: a box per kind.
    click(&b, "#mail-settings-link").await;
    wait_for_page(&b, "Mail me when:").await;
    b.assert_accessible().await;
    click(&b, "#mail_comment_on_followed_idea").await;
    click(&b, "#save-mail-settings").await;
    wait_for_text(&b, "[role=status]", "Your choices are saved.").await;
    let ticked = b.client.find(Locator::Css("#mail_comment_on_followed_idea")).await.unwrap().prop("checked").await;
    assert_eq!(ticked.unwrap().as_deref(), Some("true"));
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the mail settings fit {width} px");
        b.screenshot(&format!("mail-settings-{width}-{javascript}")).await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_account_in_the_pages_with_javascript() {
    a_city_account_in_the_pages(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_account_in_the_pages_without_javascript() {
    a_city_account_in_the_pages(false).await;
}

/// The link to `path` in the mails, once the app's own worker has sent it (up to 10 s).
async fn wait_for_mailed_link(app: &TestApp, path: &str) -> String {
    for _ in 0..100 {
        if app.mail_files().iter().any(|m| m.contains(path)) {
            return mailed_link(app, path);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail with a link to {path}");
}

/// A resident signs in with the city's OpenID provider (a real one, run by the test),
/// has their data mailed and downloads it by the link, then deletes their account: no
/// password asked, since they never had one here.
async fn a_city_account_in_the_pages(javascript: bool) {
    let Some(b) = Browser::start(javascript).await else { return };
    let (listener, base) = TestApp::bind().await;
    let people = [Person { login: "amira", email: "amira@example.org", email_verified: true, name: "Amira Haddad" }];
    let Some(provider) = OidcProvider::start(&[format!("{base}/auth/oidc/callback")], &people) else { return };
    let app = TestApp::sqlite().await.reconfigure(|c| c.base_url = base.clone()).with_oidc(&provider);
    // The city's administrator: a platform without anyone would ask for its set-up.
    app.admin().await;
    app.serve_on(listener);

    b.client.goto(&format!("{base}/sign-in")).await.unwrap();
    wait_for_page(&b, "Sign in with Test City ID").await;
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the sign-in page fits {width} px");
        b.screenshot(&format!("sign-in-provider-{width}-{javascript}")).await;
    }
    click(&b, "#sign-in-provider").await;
    // At the provider: its own sign-in form.
    wait_for_page(&b, "User name").await;
    fill(&b, "#login", "amira").await;
    click(&b, "button[type=submit]").await;
    // Back at Agora, signed in, with the account the provider's answer made.
    wait_for_page(&b, "Amira Haddad").await;
    b.client.goto(&format!("{base}/account")).await.unwrap();
    wait_for_page(&b, "amira@example.org").await;
    assert_eq!(text(&b, "#email-state").await.as_deref(), Some("Your e-mail address is confirmed."));

    // Their profile: a few words, and a picture chosen from their files.
    fill(&b, "#bio", "Cycles to work along the Coupure.").await;
    click(&b, "#save-profile").await;
    wait_for_text(&b, "[role=status]", "Your profile is saved.").await;
    let photo = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    image::RgbImage::from_fn(600, 400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 160]))
        .save_with_format(photo.path(), image::ImageFormat::Png)
        .unwrap();
    let input = b.client.find(Locator::Css("#avatar")).await.unwrap();
    input.send_keys(&photo.path().display().to_string()).await.unwrap();
    click(&b, "#save-avatar").await;
    wait_for_text(&b, "[role=status]", "Your picture is saved.").await;
    assert!(b.client.find(Locator::Css("img.avatar")).await.is_ok());
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the account page fits {width} px");
        b.screenshot(&format!("account-profile-{width}-{javascript}")).await;
    }

    // Their data, by mail: the link downloads a zip with everything, the provider's
    // subject included.
    click(&b, "#request-export").await;
    wait_for_text(&b, "[role=status]", "Your data is being gathered: a link to it will arrive by mail.").await;
    let link = wait_for_mailed_link(&app, "/account/export?token=").await;
    // The worker's mails link to the address it was started with: the path is what counts.
    let path = &link[link.find("/account/export").unwrap()..];
    let download = app.visitor().get(path).await;
    assert_eq!(download.status, axum::http::StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(download.body.to_vec())).unwrap();
    let mut data = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("my-data.json").unwrap(), &mut data).unwrap();
    assert!(data.contains("amira@example.org") && data.contains("sub-amira"), "{data}");

    // Deleting the account: the page asks what happens to what they wrote, not a password.
    b.client.goto(&format!("{base}/account/delete")).await.unwrap();
    wait_for_page(&b, "Delete my account").await;
    assert!(b.client.find(Locator::Css("#password")).await.is_err(), "no password to ask for");
    b.assert_accessible().await;
    for width in [390, 1280] {
        b.set_width(width).await;
        assert!(!b.overflows_sideways().await, "the delete page fits {width} px");
        b.screenshot(&format!("account-delete-{width}-{javascript}")).await;
    }
    click(&b, "#content-delete").await;
    click(&b, "#delete-account").await;
    wait_for_text(&b, "[role=status]", "Your account is deleted. Thank you for taking part.").await;
    let left = "SELECT COUNT(*) FROM users WHERE email = 'amira@example.org'";
    assert_eq!(agora_db::testing::count(&app.db, left).await.unwrap(), 0);
    assert_eq!(agora_db::testing::count(&app.db, "SELECT COUNT(*) FROM oidc_identities").await.unwrap(), 0);
    b.close().await;
}
