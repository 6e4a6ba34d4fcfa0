//! Idea lists: sorts, filters, full-text search and keyset pages.

use std::collections::HashSet;

use agora_testkit::{TestApp, db_tests};
use serde_json::{Value, json};

db_tests!(sorts_filters_and_search, keyset_pages_cover_everything_once, bad_list_parameters_are_refused);

fn titles(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["title"]["en"].as_str().unwrap().to_owned()).collect()
}

async fn sorts_filters_and_search(app: TestApp) {
    let admin = app.admin().await;
    let mobility =
        app.post("/api/v1/topics", json!({"title": {"en": "Mobility"}}), Some(&admin.token)).await.json()["id"].clone();
    let area = app.post("/api/v1/areas", json!({"title": {"en": "Gentbrugge"}}), Some(&admin.token)).await.json()["id"]
        .clone();
    let project = app.open_project(&admin, json!({})).await;
    let people = app.users(3).await;
    let post = |title: &str, body: Value| {
        let mut b = json!({"title": {"en": title}, "body": {"en": format!("About {title}")}});
        for (k, v) in body.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let path = format!("/api/v1/projects/{project}/ideas");
    let bike = app
        .post(&path, post("Bike lane on the Dampoort", json!({"topic_ids": [mobility]})), Some(&admin.token))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let park =
        app.post(&path, post("Café in the park", json!({"area_id": area})), Some(&admin.token)).await.json()["id"]
            .as_i64()
            .unwrap();
    let bus = app
        .post(&path, post("Night bus to Drongen", json!({"topic_ids": [mobility]})), Some(&admin.token))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    for p in &people {
        app.put(&format!("/api/v1/ideas/{park}/reaction"), json!({"mode": "up"}), Some(&p.token)).await;
    }
    app.put(&format!("/api/v1/ideas/{bus}/reaction"), json!({"mode": "up"}), Some(&people[0].token)).await;
    app.put(&format!("/api/v1/ideas/{bike}/reaction"), json!({"mode": "down"}), Some(&people[0].token)).await;
    for _ in 0..2 {
        app.post(&format!("/api/v1/ideas/{bike}/comments"), json!({"body": {"en": "Yes"}}), Some(&people[1].token))
            .await;
    }
    app.put(&format!("/api/v1/ideas/{bus}/status"), json!({"status": "rejected"}), Some(&admin.token)).await;

    let list = |query: String| {
        let app = &app;
        let path = path.clone();
        async move { app.get(&format!("{path}?{query}"), None).await.json() }
    };
    assert_eq!(
        titles(&list("sort=popular".into()).await),
        ["Café in the park", "Night bus to Drongen", "Bike lane on the Dampoort"]
    );
    assert_eq!(
        titles(&list("sort=newest".into()).await),
        ["Night bus to Drongen", "Café in the park", "Bike lane on the Dampoort"]
    );
    assert_eq!(
        titles(&list("sort=oldest".into()).await),
        ["Bike lane on the Dampoort", "Café in the park", "Night bus to Drongen"]
    );
    assert_eq!(titles(&list("sort=most_discussed".into()).await)[0], "Bike lane on the Dampoort");
    // Trending: the rejected idea sinks to the bottom.
    let trending = titles(&list("sort=trending".into()).await);
    assert_eq!(trending.last().unwrap(), "Night bus to Drongen");
    assert_eq!(trending[0], "Café in the park");
    // Random: a permutation, the same on every request of the same visitor and day.
    let random = titles(&list("sort=random".into()).await);
    assert_eq!(random.iter().collect::<HashSet<_>>().len(), 3);

    assert_eq!(
        titles(&list(format!("topic={mobility}&sort=oldest")).await),
        ["Bike lane on the Dampoort", "Night bus to Drongen"]
    );
    assert_eq!(titles(&list(format!("area={area}")).await), ["Café in the park"]);
    assert_eq!(titles(&list("status=rejected".into()).await), ["Night bus to Drongen"]);
    assert_eq!(titles(&list("q=drongen".into()).await), ["Night bus to Drongen"]);
    assert_eq!(titles(&list("q=bike%20dampoort".into()).await), ["Bike lane on the Dampoort"]);
    assert_eq!(titles(&list("q=dampo".into()).await), ["Bike lane on the Dampoort"], "prefix search");
    assert!(titles(&list("q=%22%29%28*%20OR".into()).await).is_empty(), "query syntax is treated as words");
}

async fn keyset_pages_cover_everything_once(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    let people = app.users(4).await;
    let mut ids = HashSet::new();
    for i in 0..23 {
        let id = app.idea(project, &admin, &format!("Idea number {i}")).await;
        // Ties on purpose: several ideas share the same number of likes.
        for p in people.iter().take(i % 3) {
            app.put(&format!("/api/v1/ideas/{id}/reaction"), json!({"mode": "up"}), Some(&p.token)).await;
        }
        ids.insert(id);
    }
    for sort in ["trending", "popular", "newest", "oldest", "most_discussed", "random"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut url = format!("/api/v1/projects/{project}/ideas?sort={sort}&limit=5");
            if let Some(c) = &cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            let page = app.get(&url, None).await.json();
            assert!(page["items"].is_array(), "{sort} {url}: {page}");
            seen.extend(page["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 23, "{sort}: {seen:?}");
        assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), ids, "{sort}");
    }
}

async fn bad_list_parameters_are_refused(app: TestApp) {
    let admin = app.admin().await;
    let project = app.open_project(&admin, json!({})).await;
    for query in ["sort=hot", "limit=0", "limit=1000", "cursor=garbage", "cursor=f1.2&sort=newest", "topic=abc"] {
        let r = app.get(&format!("/api/v1/projects/{project}/ideas?{query}"), None).await;
        assert_eq!(r.status, 422, "{query}: {}", r.text());
        assert_eq!(r.error(), "invalid_input", "{query}");
    }
    assert_eq!(app.get("/api/v1/projects/999999/ideas", None).await.status, 404);
}
