//! The ideation loop through the JSON API.

use agora_testkit::{TestApp, db_tests};
use axum::http::{Method, StatusCode};
use serde_json::json;

db_tests!(
    survey_and_poll_phases_keep_their_settings,
    staff_write_a_survey_form_anyone_reads_it,
    sign_up_token_and_me,
    admins_build_projects_residents_do_not,
    drafts_are_hidden_from_residents,
    idea_lifecycle,
    ideas_with_and_without_a_place,
    reactions_toggle_and_respect_the_phase,
    comments_thread_and_notify,
    staff_answer_and_followers_hear,
    moderators_act_only_in_their_project,
    phases_never_overlap,
    hidden_content_is_for_staff_only,
    every_documented_operation_is_routed,
);

async fn sign_up_token_and_me(app: TestApp) {
    let r = app
        .post(
            "/api/v1/users",
            json!({"email": "Lotte@Example.org", "password": "a long password", "name": "Lotte"}),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["name"], "Lotte");
    let again = app
        .post("/api/v1/users", json!({"email": "lotte@example.org", "password": "another password", "name": "L"}), None)
        .await;
    assert_eq!((again.status, again.error()), (StatusCode::CONFLICT, "email_taken".to_owned()));

    let wrong =
        app.post("/api/v1/auth/token", json!({"email": "lotte@example.org", "password": "nope nope"}), None).await;
    assert_eq!((wrong.status, wrong.error()), (StatusCode::UNAUTHORIZED, "invalid_credentials".to_owned()));
    let token = app
        .post("/api/v1/auth/token", json!({"email": "LOTTE@example.org", "password": "a long password"}), None)
        .await;
    assert_eq!(token.status, StatusCode::CREATED);
    let token = token.json()["token"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.json()["email"], "lotte@example.org");
    assert_eq!(me.json()["roles"], json!([]));

    assert_eq!(app.get("/api/v1/me", None).await.error(), "not_signed_in");
    assert_eq!(app.get("/api/v1/me", Some("forged")).await.status, StatusCode::UNAUTHORIZED);
}

async fn admins_build_projects_residents_do_not(app: TestApp) {
    let admin = app.admin().await;
    let resident = app.user("Resident").await;
    let body = json!({"title": {"en": "Greener Ghent", "nl": "Groener Gent"}, "status": "published"});
    assert_eq!(app.post("/api/v1/projects", body.clone(), Some(&resident.token)).await.error(), "forbidden");
    assert_eq!(app.post("/api/v1/projects", body.clone(), None).await.error(), "not_signed_in");
    let r = app.post("/api/v1/projects", body, Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let p = r.json();
    assert_eq!(p["slug"], "greener-ghent");
    assert_eq!(p["title"]["nl"], "Groener Gent");
    assert_eq!(p["url"], "http://127.0.0.1/projects/greener-ghent");
    let taken = app
        .post("/api/v1/projects", json!({"title": {"en": "Other"}, "slug": "greener-ghent"}), Some(&admin.token))
        .await;
    assert_eq!((taken.status, taken.error()), (StatusCode::CONFLICT, "slug_taken".to_owned()));

    let topic =
        app.post("/api/v1/topics", json!({"title": {"en": "Mobility", "nl": "Mobiliteit"}}), Some(&admin.token)).await;
    assert_eq!(topic.status, StatusCode::CREATED);
    assert_eq!(
        app.post("/api/v1/areas", json!({"title": {"en": "Ledeberg"}}), Some(&resident.token)).await.error(),
        "forbidden"
    );
    let area = app.post("/api/v1/areas", json!({"title": {"en": "Ledeberg"}}), Some(&admin.token)).await;
    assert_eq!(area.json()["title"]["en"], "Ledeberg");
    let topics = app.get("/api/v1/topics", None).await.json();
    assert_eq!(topics["items"].as_array().unwrap().len(), 1);
    let topic_id = topic.json()["id"].as_i64().unwrap();
    let renamed = app
        .put(&format!("/api/v1/topics/{topic_id}"), json!({"title": {"en": "Getting around"}}), Some(&admin.token))
        .await;
    assert_eq!(renamed.json()["title"]["en"], "Getting around");
    assert_eq!(app.delete(&format!("/api/v1/topics/{topic_id}"), Some(&resident.token)).await.error(), "forbidden");
    assert_eq!(
        app.delete(&format!("/api/v1/topics/{topic_id}"), Some(&admin.token)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.delete(&format!("/api/v1/topics/{topic_id}"), Some(&admin.token)).await.error(), "not_found");

    // Admins add statuses to the default set.
    let status =
        json!({"code": "in_progress", "title": {"en": "In progress", "nl": "In uitvoering"}, "color": "#7a4b00"});
    assert_eq!(app.post("/api/v1/statuses", status.clone(), Some(&resident.token)).await.error(), "forbidden");
    assert_eq!(app.post("/api/v1/statuses", status.clone(), Some(&admin.token)).await.status, StatusCode::CREATED);
    assert_eq!(app.post("/api/v1/statuses", status, Some(&admin.token)).await.error(), "invalid_input");
    let bad = json!({"code": "Bad Code", "title": {"en": "x"}, "color": "red"});
    let bad = app.post("/api/v1/statuses", bad, Some(&admin.token)).await.json();
    assert_eq!(bad["fields"].as_array().unwrap().len(), 2);
    let codes: Vec<String> = app.get("/api/v1/statuses", None).await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "proposed",
            "viewed",
            "under_consideration",
            "accepted",
            "rejected",
            "implemented",
            "withdrawn",
            "in_progress"
        ]
    );
}

async fn drafts_are_hidden_from_residents(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post("/api/v1/projects", json!({"title": {"en": "Secret plan"}, "status": "draft"}), Some(&admin.token))
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    let resident = app.user("Resident").await;
    assert_eq!(app.get(&format!("/api/v1/projects/{id}"), Some(&resident.token)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/projects/{id}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/projects/{id}"), Some(&admin.token)).await.status, StatusCode::OK);
    let listed = app.get("/api/v1/projects", None).await.json();
    assert!(listed["items"].as_array().unwrap().is_empty());
    let listed = app.get("/api/v1/projects", Some(&admin.token)).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    // The HTML page too.
    assert_eq!(app.get("/projects/secret-plan", None).await.status, StatusCode::NOT_FOUND);
}

async fn idea_lifecycle(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let other = app.user("Other").await;
    let r = app
        .post(
            &format!("/api/v1/projects/{project}/ideas"),
            json!({"title": {"en": "Trees on the Vrijdagmarkt"}, "body": {"en": "**Shade** please"}, "location": {"lat": 51.0572, "lng": 3.7258}}),
            Some(&author.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let idea = r.json();
    let id = idea["id"].as_i64().unwrap();
    assert_eq!(idea["status"], "proposed");
    assert_eq!(idea["body_html"]["en"], "<p><strong>Shade</strong> please</p>\n");
    assert_eq!(idea["author"]["name"], "Author");
    assert_eq!(idea["location"], json!({"lat": 51.0572, "lng": 3.7258}));
    assert_eq!(idea["url"], format!("http://127.0.0.1/ideas/{id}"));
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["title"]["en"], "Trees on the Vrijdagmarkt");

    // A PUT carries every field; translated texts keep the languages it does not name.
    let edit = json!({
        "title": {"nl": "Bomen op de Vrijdagmarkt"}, "body": {"en": "Shade, please"},
        "topic_ids": [], "area_id": null, "location": {"lat": 51.0572, "lng": 3.7258},
    });
    assert_eq!(app.put(&format!("/api/v1/ideas/{id}"), edit.clone(), Some(&other.token)).await.error(), "forbidden");
    let edited = app.put(&format!("/api/v1/ideas/{id}"), edit, Some(&author.token)).await.json();
    assert_eq!(edited["title"], json!({"en": "Trees on the Vrijdagmarkt", "nl": "Bomen op de Vrijdagmarkt"}));
    assert_eq!(edited["location"], json!({"lat": 51.0572, "lng": 3.7258}));
    assert_eq!(app.delete(&format!("/api/v1/ideas/{id}"), Some(&other.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.delete(&format!("/api/v1/ideas/{id}"), Some(&author.token)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.status, StatusCode::NOT_FOUND);
}

/// Ideas placed on the map after ideas that were not, and the other way round. On
/// PostgreSQL the database driver declared a missing coordinate as a 4-byte float, and
/// the connection reused that statement for the next idea's 8-byte coordinate: a 500.
/// The pool hands out its connections in turn, so every connection it opened serves
/// ideas without a place before it serves ideas with one.
async fn ideas_with_and_without_a_place(app: TestApp) {
    const EACH: usize = 20;
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let place = json!({"lat": 51.0572, "lng": 3.7258});
    let mut ideas = Vec::new();
    for (i, author) in app.users(2 * EACH).await.iter().enumerate() {
        let location = if i < EACH { json!(null) } else { place.clone() };
        let idea =
            json!({"title": {"en": format!("Idea number {i}")}, "body": {"en": "Somewhere"}, "location": location});
        let r = app.post(&format!("/api/v1/projects/{project}/ideas"), idea, Some(&author.token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "idea {i}: {}", r.text());
        assert_eq!(r.json()["location"], location);
        ideas.push(r.json()["id"].as_i64().unwrap());
    }
    // Edits: with a place first this time, then without.
    for (i, id) in ideas.iter().enumerate() {
        let location = if i < EACH { place.clone() } else { json!(null) };
        let edit = json!({
            "title": {"en": format!("Idea number {i}, edited")}, "body": {"en": "Somewhere"},
            "topic_ids": [], "area_id": null, "location": location,
        });
        let r = app.put(&format!("/api/v1/ideas/{id}"), edit, Some(&admin.token)).await;
        assert_eq!(r.status, StatusCode::OK, "edit {i}: {}", r.text());
        assert_eq!(r.json()["location"], location);
    }
}

async fn reactions_toggle_and_respect_the_phase(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({"disliking_enabled": false})).await;
    let author = app.user("Author").await;
    let fan = app.user("Fan").await;
    let id = app.idea(project, &author, "A library in Ledeberg").await;
    let path = format!("/api/v1/ideas/{id}/reaction");
    let liked = app.put(&path, json!({"mode": "up"}), Some(&fan.token)).await;
    assert_eq!(liked.json()["likes_count"], 1);
    // Setting the same reaction again changes nothing.
    assert_eq!(app.put(&path, json!({"mode": "up"}), Some(&fan.token)).await.json()["likes_count"], 1);
    let refused = app.put(&path, json!({"mode": "down"}), Some(&fan.token)).await;
    assert_eq!((refused.status, refused.error()), (StatusCode::FORBIDDEN, "disliking_not_allowed".to_owned()));
    assert_eq!(app.delete(&path, Some(&fan.token)).await.json()["likes_count"], 0);
    assert_eq!(app.put(&path, json!({"mode": "up"}), None).await.error(), "not_signed_in");
    assert_eq!(app.put(&path, json!({"mode": "sideways"}), Some(&fan.token)).await.error(), "invalid_input");

    // With dislikes on, a switch moves one count to the other.
    let project = app.open_project(&admin, json!({})).await;
    let id = app.idea(project, &author, "Fewer cars on the Korenmarkt").await;
    let path = format!("/api/v1/ideas/{id}/reaction");
    app.put(&path, json!({"mode": "up"}), Some(&fan.token)).await;
    let switched = app.put(&path, json!({"mode": "down"}), Some(&fan.token)).await.json();
    assert_eq!((switched["likes_count"].as_i64(), switched["dislikes_count"].as_i64()), (Some(0), Some(1)));

    // An information phase allows no reactions.
    let info = app.open_project(&admin, json!({"method": "information"})).await;
    let posting = app
        .post(
            &format!("/api/v1/projects/{info}/ideas"),
            json!({"title": {"en": "Too late"}, "body": {"en": "x"}}),
            Some(&author.token),
        )
        .await;
    assert_eq!((posting.status, posting.error()), (StatusCode::FORBIDDEN, "posting_not_allowed".to_owned()));
}

async fn comments_thread_and_notify(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let neighbour = app.user("Neighbour").await;
    let id = app.idea(project, &author, "A bench by the Leie").await;
    let path = format!("/api/v1/ideas/{id}/comments");
    let first = app.post(&path, json!({"body": {"en": "Good idea"}}), Some(&neighbour.token)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let first_id = first.json()["id"].as_i64().unwrap();
    let reply =
        app.post(&path, json!({"body": {"en": "Thanks!"}, "parent_id": first_id}), Some(&author.token)).await.json();
    assert_eq!(reply["parent_id"], first_id);
    // A reply to a reply joins the same thread: one level deep.
    let deeper = app
        .post(&path, json!({"body": {"en": "Agreed"}, "parent_id": reply["id"]}), Some(&neighbour.token))
        .await
        .json();
    assert_eq!(deeper["parent_id"], first_id);

    let idea = app.get(&format!("/api/v1/ideas/{id}"), None).await.json();
    assert_eq!(idea["comments_count"], 3);

    let notes = app.get("/api/v1/notifications", Some(&author.token)).await.json();
    let kinds: Vec<&str> = notes["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    // The neighbour's comment on the idea, then their reply to the author's reply.
    assert_eq!(kinds, ["comment_reply", "comment_on_your_idea"], "{notes}");
    let notes = app.get("/api/v1/notifications", Some(&neighbour.token)).await.json();
    assert_eq!(notes["items"][0]["kind"], "comment_reply");
    assert_eq!(notes["unread_count"], 1);
    app.post("/api/v1/notifications/read", json!({}), Some(&neighbour.token)).await;
    assert_eq!(app.get("/api/v1/notifications", Some(&neighbour.token)).await.json()["unread_count"], 0);

    // Likes on comments.
    let like = app.put(&format!("/api/v1/comments/{first_id}/like"), json!({}), Some(&author.token)).await.json();
    assert_eq!(like["likes_count"], 1);
    let like = app.put(&format!("/api/v1/comments/{first_id}/like"), json!({}), Some(&author.token)).await.json();
    assert_eq!(like["likes_count"], 1);

    // Deleting keeps the thread: the comment shows as deleted, its replies stay.
    assert_eq!(
        app.delete(&format!("/api/v1/comments/{first_id}"), Some(&author.token)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.delete(&format!("/api/v1/comments/{first_id}"), Some(&neighbour.token)).await.status,
        StatusCode::NO_CONTENT
    );
    let list = app.get(&path, None).await.json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["deleted"], true);
    assert_eq!(items[0]["body"], json!({}));
    assert_eq!(items[0]["author"], json!(null));
    assert_eq!(items[1]["body"]["en"], "Thanks!");
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), None).await.json()["comments_count"], 2);

    let edited = app
        .put(
            &format!("/api/v1/comments/{}", reply["id"]),
            json!({"body": {"en": "Thanks a lot!"}}),
            Some(&author.token),
        )
        .await;
    assert_eq!(edited.json()["body"]["en"], "Thanks a lot!");
}

async fn staff_answer_and_followers_hear(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let follower = app.user("Follower").await;
    let bystander = app.user("Bystander").await;
    let id = app.idea(project, &author, "Water fountain in Citadelpark").await;
    assert_eq!(
        app.put(&format!("/api/v1/ideas/{id}/follow"), json!({}), Some(&follower.token)).await.status,
        StatusCode::OK
    );

    let status =
        app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "accepted"}), Some(&author.token)).await;
    assert_eq!(status.error(), "forbidden");
    let status =
        app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "accepted"}), Some(&admin.token)).await;
    assert_eq!(status.json()["status"], "accepted");
    let unknown = app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "maybe"}), Some(&admin.token)).await;
    assert_eq!(unknown.error(), "invalid_input");
    let feedback =
        json!({"body": {"en": "We will place it in spring."}, "author": {"en": "City of Ghent", "nl": "Stad Gent"}});
    let r = app.post(&format!("/api/v1/ideas/{id}/feedback"), feedback, Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["author"]["nl"], "Stad Gent");

    for user in [&author, &follower] {
        let notes = app.get("/api/v1/notifications", Some(&user.token)).await.json();
        let kinds: Vec<&str> = notes["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["official_feedback", "status_changed"], "{}", user.name);
        assert_eq!(notes["unread_count"], 2);
    }
    assert_eq!(app.get("/api/v1/notifications", Some(&bystander.token)).await.json()["unread_count"], 0);

    // Unfollowing stops them.
    app.delete(&format!("/api/v1/ideas/{id}/follow"), Some(&follower.token)).await;
    app.put(&format!("/api/v1/ideas/{id}/status"), json!({"status": "implemented"}), Some(&admin.token)).await;
    assert_eq!(app.get("/api/v1/notifications", Some(&follower.token)).await.json()["unread_count"], 2);
    assert_eq!(app.get("/api/v1/notifications", Some(&author.token)).await.json()["unread_count"], 3);
}

async fn moderators_act_only_in_their_project(app: TestApp) {
    let admin = app.admin().await;
    let mine = app.open_project(&admin, json!({})).await;
    let theirs = app.open_project(&admin, json!({})).await;
    let moderator = app.user("Moderator").await;
    let author = app.user("Author").await;
    let r = app
        .put(&format!("/api/v1/projects/{mine}/moderators/{}", moderator.id), json!({}), Some(&moderator.token))
        .await;
    assert_eq!(r.error(), "forbidden");
    let r =
        app.put(&format!("/api/v1/projects/{mine}/moderators/{}", moderator.id), json!({}), Some(&admin.token)).await;
    assert_eq!(r.status, StatusCode::OK);
    let roles = app.get("/api/v1/me", Some(&moderator.token)).await.json()["roles"].clone();
    assert_eq!(roles, json!([{"type": "project_moderator", "project_id": mine}]));

    let in_mine = app.idea(mine, &author, "Idea in my project").await;
    let in_theirs = app.idea(theirs, &author, "Idea in another project").await;
    let ok =
        app.put(&format!("/api/v1/ideas/{in_mine}/status"), json!({"status": "viewed"}), Some(&moderator.token)).await;
    assert_eq!(ok.status, StatusCode::OK);
    for (method_path, body) in [
        (format!("/api/v1/ideas/{in_theirs}/status"), json!({"status": "viewed"})),
        (format!("/api/v1/ideas/{in_theirs}/hidden"), json!({"hidden": true})),
    ] {
        assert_eq!(app.put(&method_path, body, Some(&moderator.token)).await.error(), "forbidden");
    }
    let feedback = json!({"body": {"en": "x"}, "author": {"en": "y"}});
    assert_eq!(
        app.post(&format!("/api/v1/ideas/{in_theirs}/feedback"), feedback, Some(&moderator.token)).await.error(),
        "forbidden"
    );

    let removed = app.delete(&format!("/api/v1/projects/{mine}/moderators/{}", moderator.id), Some(&admin.token)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let r = app
        .put(&format!("/api/v1/ideas/{in_mine}/status"), json!({"status": "accepted"}), Some(&moderator.token))
        .await;
    assert_eq!(r.error(), "forbidden");
}

async fn phases_never_overlap(app: TestApp) {
    let admin = app.admin().await;
    let p = app.post("/api/v1/projects", json!({"title": {"en": "Timeline"}}), Some(&admin.token)).await.json()["id"]
        .as_i64()
        .unwrap();
    let phase = |start: &str, end: &str| json!({"title": {"en": "Phase"}, "start_at": start, "end_at": end, "method": "ideation", "posting_enabled": true});
    let path = format!("/api/v1/projects/{p}/phases");
    assert_eq!(
        app.post(&path, phase("2027-01-01", "2027-02-01"), Some(&admin.token)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&path, phase("2027-02-01", "2027-03-01"), Some(&admin.token)).await.status,
        StatusCode::CREATED
    );
    let clash = app.post(&path, phase("2027-01-15", "2027-02-15"), Some(&admin.token)).await;
    assert_eq!((clash.status, clash.error()), (StatusCode::CONFLICT, "phases_overlap".to_owned()));
    let backwards = app.post(&path, phase("2027-05-01", "2027-04-01"), Some(&admin.token)).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(backwards.json()["fields"][0]["field"], "end_at");
    let bad_date = app.post(&path, phase("next tuesday", "2027-04-01"), Some(&admin.token)).await;
    assert_eq!(bad_date.json()["fields"][0]["field"], "start_at");
    let phases = app.get(&path, None).await;
    assert_eq!(phases.status, StatusCode::NOT_FOUND, "a draft's phases are not public");
    assert_eq!(app.get(&path, Some(&admin.token)).await.json()["items"].as_array().unwrap().len(), 2);
}

async fn hidden_content_is_for_staff_only(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let author = app.user("Author").await;
    let id = app.idea(project, &author, "Something rude").await;
    let c = app
        .post(&format!("/api/v1/ideas/{id}/comments"), json!({"body": {"en": "rude"}}), Some(&author.token))
        .await
        .json();
    app.put(&format!("/api/v1/comments/{}/hidden", c["id"]), json!({"hidden": true}), Some(&admin.token)).await;
    assert!(
        app.get(&format!("/api/v1/ideas/{id}/comments"), None).await.json()["items"].as_array().unwrap().is_empty()
    );
    assert_eq!(
        app.get(&format!("/api/v1/ideas/{id}/comments"), Some(&admin.token)).await.json()["items"][0]["hidden"],
        true
    );
    let hidden = app.put(&format!("/api/v1/ideas/{id}/hidden"), json!({"hidden": true}), Some(&admin.token)).await;
    assert_eq!(hidden.json()["hidden"], true);
    assert_eq!(app.get(&format!("/api/v1/ideas/{id}"), Some(&author.token)).await.status, StatusCode::NOT_FOUND);
    let list = app.get(&format!("/api/v1/projects/{project}/ideas"), None).await.json();
    assert!(list["items"].as_array().unwrap().is_empty());
    let list = app.get(&format!("/api/v1/projects/{project}/ideas"), Some(&admin.token)).await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

/// The OpenAPI document is generated from the handlers; a change to it is a change to the
/// API, so it is reviewed as a diff of the stored snapshot.
#[test]
fn openapi_document_matches_the_snapshot() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");
    let generated = agora_web::api::openapi_document();
    if std::env::var_os("AGORA_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, generated).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(path).unwrap_or_default();
    if stored != generated {
        let line = stored.lines().zip(generated.lines()).position(|(a, b)| a != b).unwrap_or(0) + 1;
        panic!(
            "The generated OpenAPI document differs from {path} (first at line {line}: stored {:?}, generated {:?}).\n\
             If the API change is intended, rewrite the snapshot and review its diff:\n\
             AGORA_UPDATE_SNAPSHOTS=1 cargo test -p agora-web --test it openapi",
            stored.lines().nth(line - 1).unwrap_or(""),
            generated.lines().nth(line - 1).unwrap_or(""),
        );
    }
}

/// Every route of the API router is documented: the router registers its routes only
/// through `routes!`, which takes each one's description from its handler, one
/// operation per handler.
#[test]
fn openapi_document_covers_every_route() {
    let spec: serde_json::Value = serde_json::from_str(agora_web::api::openapi_document()).unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    let operations: usize = spec["paths"].as_object().unwrap().values().map(|ops| ops.as_object().unwrap().len()).sum();
    let source = include_str!("../../src/api/mod.rs");
    for bypass in [".route(", ".route_service(", ".nest(", ".merge("] {
        assert!(!source.contains(bypass), "src/api/mod.rs registers a route with `{bypass}`, outside `routes!`");
    }
    let handlers: usize =
        source.split("routes!(").skip(1).map(|list| list.split(')').next().unwrap().split(',').count()).sum();
    assert_eq!(handlers, operations);
}

/// Every documented operation is routed: its path exists (a method it lacks gets 405, not
/// the fallback's 404) and so does its method.
async fn every_documented_operation_is_routed(app: TestApp) {
    let spec: serde_json::Value = serde_json::from_str(agora_web::api::openapi_document()).unwrap();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        let url = format!("/api{}", path.replace("{id}", "1").replace("{user_id}", "1"));
        let operations = operations.as_object().unwrap();
        let unused = ["patch", "put", "delete", "post", "get"].into_iter().find(|m| !operations.contains_key(*m));
        let unused: Method = unused.unwrap().to_uppercase().parse().unwrap();
        let other = app.request(unused.clone(), &url, None, None).await;
        assert_eq!(other.status, StatusCode::METHOD_NOT_ALLOWED, "{unused} {url}: {}", other.text());
        for method in operations.keys() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let r = app.request(method.clone(), &url, None, None).await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {url}");
        }
    }
}

/// A phase may be a survey or a poll, with its own settings and permission; the back
/// office shows and keeps them when it saves the phase.
async fn survey_and_poll_phases_keep_their_settings(app: TestApp) {
    let admin = app.admin().await;
    let survey = json!({
        "method": "survey",
        "survey": {"one_response_per_person": false, "anonymous": true, "results_public": true},
        "permissions": {"answering_survey": {"permitted_by": "confirmed"}},
    });
    let project = app.open_project(&admin, survey).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = &phases["items"][0];
    assert_eq!(phase["method"], "survey");
    let settings =
        json!({"one_response_per_person": false, "anonymous": true, "results_public": true, "results_live": false});
    assert_eq!(phase["survey"], settings);
    assert_eq!(phase["permissions"]["answering_survey"]["permitted_by"], "confirmed");
    assert_eq!(phase["voting"], json!(null));

    let poll = app.open_project(&admin, json!({"method": "poll"})).await;
    let phases = app.get(&format!("/api/v1/projects/{poll}/phases"), None).await.json();
    assert_eq!(phases["items"][0]["survey"]["one_response_per_person"], true, "the default");

    let mut staff = app.visitor();
    staff.sign_in(&admin).await;
    let id = phase["id"].as_i64().unwrap();
    let page = staff.get(&format!("/admin/phases/{id}")).await.text();
    assert!(page.contains("<option value=\"survey\" selected>Survey</option>"), "{page}");
    assert!(page.contains("Who may answer the survey"));
    assert!(page.contains("id=\"anonymous\" name=\"anonymous\" value=\"true\" checked"), "{page}");
    let fields = [
        ("phase_title", "Mobility survey"),
        ("start_at", "2026-01-01"),
        ("end_at", "2099-12-31"),
        ("method", "survey"),
        ("anonymous", "true"),
        ("results_public", "true"),
        ("permission_answering_survey", "confirmed"),
    ];
    let saved = staff.post_form(&format!("/admin/phases/{id}"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    assert_eq!(phases["items"][0]["survey"], settings, "saving the phase in the back office keeps its settings");
}

/// The form of a survey: written by staff, checked at every place, read by anyone who
/// sees the project; a poll asks choice questions only.
async fn staff_write_a_survey_form_anyone_reads_it(app: TestApp) {
    let admin = app.admin().await;
    let resident = app.user("Resident").await;
    let project = app.open_project(&admin, json!({"method": "survey"})).await;
    let phases = app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json();
    let phase = phases["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/phases/{phase}/form");
    assert_eq!(app.get(&path, None).await.json(), json!({"version": 0, "pages": []}));

    let form = json!({"pages": [
        {"key": "travel", "title": {"en": "How you travel"}, "questions": [
            {"key": "how", "type": "single_choice", "title": {"en": "How do you get to work?"}, "required": true,
             "options": [{"key": "cycle", "title": {"en": "By bike"}}, {"key": "car", "title": {"en": "By car"}}]}],
         "logic": [{"question": "how", "option": "cycle", "goto": "end"}]},
        {"key": "car", "questions": [
            {"key": "km", "type": "number", "title": {"en": "How far, in km?"}, "min": 0, "max": 500}]}
    ]});
    assert_eq!(app.put(&path, form.clone(), Some(&resident.token)).await.status, StatusCode::FORBIDDEN);
    let saved = app.put(&path, form.clone(), Some(&admin.token)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["version"], 1);
    let read = app.get(&path, None).await.json();
    assert_eq!((read["version"].clone(), read["pages"][0]["logic"][0]["goto"].clone()), (json!(1), json!("end")));
    assert_eq!(read["pages"][1]["questions"][0]["max"], 500.0);

    // A form with problems says where, and changes nothing.
    let mut bad = form.clone();
    bad["pages"][1]["key"] = json!("travel");
    bad["pages"][0]["logic"][0]["option"] = json!("boat");
    let refused = app.put(&path, bad, Some(&admin.token)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let places: Vec<String> =
        refused.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert!(places.contains(&"pages[1].key".to_owned()) && places.contains(&"pages[0].logic[0].option".to_owned()));
    assert_eq!(app.get(&path, None).await.json()["version"], 1);
    let malformed = app
        .put(&path, json!({"pages": [{"key": "p", "questions": [{"key": "q", "type": "essay"}]}]}), Some(&admin.token))
        .await;
    assert_eq!(malformed.status.as_u16() / 100, 4, "{}", malformed.text());

    // A poll asks choice questions only; other phases have no form.
    let poll = app.open_project(&admin, json!({"method": "poll"})).await;
    let phases = app.get(&format!("/api/v1/projects/{poll}/phases"), None).await.json();
    let poll_path = format!("/api/v1/phases/{}/form", phases["items"][0]["id"].as_i64().unwrap());
    let text =
        json!({"pages": [{"key": "p", "questions": [{"key": "q", "type": "short_text", "title": {"en": "Why?"}}]}]});
    let refused = app.put(&poll_path, text, Some(&admin.token)).await;
    assert_eq!(refused.json()["fields"][0]["field"], "pages[0].questions[0].type");
    let ideation = app.open_project(&admin, json!({})).await;
    let phases = app.get(&format!("/api/v1/projects/{ideation}/phases"), None).await.json();
    let none = format!("/api/v1/phases/{}/form", phases["items"][0]["id"].as_i64().unwrap());
    assert_eq!(app.get(&none, None).await.status, StatusCode::NOT_FOUND);
}
