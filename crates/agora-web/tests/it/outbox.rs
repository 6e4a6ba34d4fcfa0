//! The outbox: jobs written with their cause, run by workers exactly once, retried with
//! growing delays, and kept with their error when they keep failing.

use agora_app::guests::Participant;
use agora_app::outbox::{self, LEASE, MAX_ATTEMPTS};
use agora_core::permissions::Actor;
use agora_db::outbox::{claim, jobs};
use agora_db::testing::count;
use agora_testkit::{TestApp, TestUser, db_tests};
use serde_json::json;

db_tests!(
    a_failing_job_is_retried_later_and_then_kept_with_its_error,
    competing_workers_tell_each_follower_once,
    a_worker_whose_lease_ran_out_does_not_tell_twice,
);

fn resident(user: &TestUser) -> Actor {
    Actor::resident(user.id)
}

/// A job this version cannot read (as a newer app server may write) fails at every
/// attempt: each failure is recorded and the job waits longer, until it is given up.
async fn a_failing_job_is_retried_later_and_then_kept_with_its_error(app: TestApp) {
    let start = agora_db::now();
    let mut tx = app.db.begin().await.unwrap();
    agora_db::outbox::enqueue(&mut tx, "from_a_newer_server", r#"{"kind":"from_a_newer_server"}"#, start)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut at = start;
    for attempt in 1..=MAX_ATTEMPTS {
        assert_eq!(outbox::run_due(&app.db, &app.mailer, at).await.unwrap(), 1, "attempt {attempt} runs when due");
        let job = jobs(&app.db, 10).await.unwrap().remove(0);
        assert_eq!(job.attempts, attempt);
        assert!(job.last_error.as_deref().unwrap_or_default().contains("unreadable from_a_newer_server job"));
        if attempt < MAX_ATTEMPTS {
            assert_eq!(Some(job.run_at), outbox::retry_at(attempt, at));
            assert_eq!(job.failed_at, None);
            assert_eq!(outbox::run_due(&app.db, &app.mailer, job.run_at - 1).await.unwrap(), 0, "not before its time");
            at = job.run_at;
        } else {
            assert_eq!(job.failed_at, Some(at), "given up after {MAX_ATTEMPTS} attempts");
        }
    }
    assert_eq!(
        outbox::run_due(&app.db, &app.mailer, at + 86_400_000_000).await.unwrap(),
        0,
        "a given-up job stays put"
    );
    assert_eq!(jobs(&app.db, 10).await.unwrap().len(), 1, "kept for staff to see");
}

/// Twenty comments by different people on an idea with thirty followers leave twenty
/// jobs; four workers at once tell each follower of each comment exactly once.
async fn competing_workers_tell_each_follower_once(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let idea = app.idea(project, &author, "Shade trees on the square").await;
    let people = app.users(50).await;
    let now = agora_db::now();
    let (followers, talkers) = people.split_at(30);
    for follower in followers {
        agora_app::ideas::set_following(&app.db, Some(&resident(follower)), idea, true, now).await.unwrap();
    }
    // Through the use case, not the router: the test harness would run the jobs at once.
    for talker in talkers {
        let body = agora_core::Multiloc::new("en", "Yes, and benches.");
        agora_app::comments::create(
            &app.db,
            Participant::person(Some(&resident(talker))),
            idea,
            &body,
            None,
            None,
            now,
        )
        .await
        .unwrap();
    }
    assert_eq!(jobs(&app.db, 100).await.unwrap().len(), 20);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (db, mailer) = (app.db.clone(), app.mailer.clone());
            tokio::spawn(async move { outbox::run_due(&db, &mailer, agora_db::now()).await.unwrap() })
        })
        .collect();
    let mut taken = 0;
    for worker in workers {
        taken += worker.await.unwrap();
    }
    // 20 comments, and for each the mail to the idea's author (followers get none by
    // default): every job taken by one worker, every mail made and sent once.
    assert_eq!(taken, 40, "each job taken by one worker");
    let mails = "SELECT COUNT(*) FROM mails WHERE sent_at IS NOT NULL AND to_address = '";
    assert_eq!(count(&app.db, &format!("{mails}{}'", author.email)).await.unwrap(), 20);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM mails").await.unwrap(), 20);
    assert_eq!(app.mail_files().len(), 20);
    assert!(jobs(&app.db, 100).await.unwrap().is_empty(), "the outbox is empty");
    let told = |kind: &str| format!("SELECT COUNT(*) FROM notifications WHERE idea_id = {idea} AND kind = '{kind}'");
    assert_eq!(count(&app.db, &told("comment_on_followed_idea")).await.unwrap(), 20 * 30);
    assert_eq!(count(&app.db, &told("comment_on_your_idea")).await.unwrap(), 20, "the author, once per comment");
    let distinct =
        count(&app.db, "SELECT COUNT(*) FROM (SELECT DISTINCT recipient_id, comment_id FROM notifications) AS d")
            .await
            .unwrap();
    assert_eq!(distinct, 20 * 31, "no one is told twice of one comment");
}

/// A worker that stalls past its lease loses the job to another; when it wakes up, its
/// work is rolled back, so the followers are told once.
async fn a_worker_whose_lease_ran_out_does_not_tell_twice(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let (author, talker) = (app.user("Author").await, app.user("Talker").await);
    let idea = app.idea(project, &author, "A crossing by the school").await;
    let now = agora_db::now();
    let body = agora_core::Multiloc::new("en", "Please!");
    agora_app::comments::create(&app.db, Participant::person(Some(&resident(&talker))), idea, &body, None, None, now)
        .await
        .unwrap();
    let stalled = claim(&app.db, now, LEASE, 10).await.unwrap();
    assert_eq!(stalled.len(), 1);
    assert!(claim(&app.db, now + 1, LEASE, 10).await.unwrap().is_empty(), "held by the first worker");
    let later = now + LEASE + 1;
    let taken_over = claim(&app.db, later, LEASE, 10).await.unwrap();
    assert_eq!(taken_over.len(), 1, "the lease ran out: another worker takes the job");
    assert_eq!(taken_over[0].attempts, 2);
    outbox::run_claimed(&app.db, &app.mailer, &taken_over[0], later).await.unwrap();
    outbox::run_claimed(&app.db, &app.mailer, &stalled[0], later).await.unwrap();
    let told = count(&app.db, &format!("SELECT COUNT(*) FROM notifications WHERE idea_id = {idea}")).await.unwrap();
    assert_eq!(told, 1, "the author is told once");
    assert!(jobs(&app.db, 10).await.unwrap().is_empty());
}
