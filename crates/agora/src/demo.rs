//! `agora demo`: a fresh demo city (Ghent) with projects, ideas, comments, likes,
//! statuses and official feedback, participatory budgets (`budgets`), a survey and a
//! poll (`surveys`).

mod budgets;
mod surveys;

use std::collections::HashMap;

use agora_app::catalog::{self, Kind};
use agora_app::projects;
use agora_core::trending::Activity;
use agora_core::{Id, MICROS_PER_DAY, Multiloc};
use agora_db::Db;
use agora_db::seed::{self, NewComment, NewIdea, NewUser};
use anyhow::{Result, anyhow};
use serde::Deserialize;

pub const ADMIN_EMAIL: &str = "admin@demo.agora.invalid";
pub const ADMIN_PASSWORD: &str = "demo-admin-password";
pub const RESIDENT_PASSWORD: &str = "demo-resident-password";

#[derive(Deserialize)]
struct City {
    topics: Vec<Tag>,
    areas: Vec<Tag>,
    projects: Vec<Project>,
    residents: Vec<Resident>,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    title: Multiloc,
}

#[derive(Deserialize)]
struct Resident {
    name: String,
    email: String,
}

#[derive(Deserialize)]
struct Project {
    slug: String,
    status: String,
    title: Multiloc,
    description: Multiloc,
    topics: Vec<String>,
    areas: Vec<String>,
    phases: Vec<Phase>,
    ideas: Vec<Idea>,
}

#[derive(Deserialize)]
struct Phase {
    title: Multiloc,
    description: Multiloc,
    start_offset_days: i64,
    end_offset_days: i64,
    method: String,
    posting_enabled: bool,
    commenting_enabled: bool,
    reacting_enabled: bool,
    disliking_enabled: bool,
    /// For a voting phase.
    #[serde(default)]
    voting: Option<agora_core::voting::Voting>,
}

#[derive(Deserialize)]
struct Location {
    lat: f64,
    lng: f64,
}

#[derive(Deserialize)]
struct Feedback {
    body: Multiloc,
    author: Multiloc,
}

#[derive(Deserialize)]
struct Comment {
    author: usize,
    body: Multiloc,
    #[serde(default)]
    replies: Vec<Comment>,
}

#[derive(Deserialize)]
struct Idea {
    title: Multiloc,
    body: Multiloc,
    topics: Vec<String>,
    area: Option<String>,
    location: Option<Location>,
    author: usize,
    days_ago: i64,
    status: String,
    feedback: Option<Feedback>,
    likes: usize,
    dislikes: usize,
    comments: Vec<Comment>,
}

/// Likes come from these extra residents, so each person likes an idea at most once.
const SUPPORTERS: usize = 45;

/// Loads the demo city; returns the administrator's e-mail and password.
pub async fn load(db: &Db, mailer: &agora_app::mail::Mailer) -> Result<(String, String)> {
    let city: City = serde_json::from_str(include_str!("demo/ghent.json"))?;
    let now = agora_db::now();
    let fail = |e: agora_core::Error| anyhow!("demo: {} {:?} {:?}", e.code, e.fields, e.detail);
    let admin_hash = agora_app::users::hash_password(ADMIN_PASSWORD).await.map_err(fail)?;
    let resident_hash = agora_app::users::hash_password(RESIDENT_PASSWORD).await.map_err(fail)?;
    let admin_id = seed::users(
        db,
        vec![NewUser { email: ADMIN_EMAIL.into(), name: "City of Ghent".into(), is_admin: true }],
        &admin_hash,
        now,
    )
    .await
    .map_err(fail)?[0];
    let mut people: Vec<NewUser> = city
        .residents
        .iter()
        .map(|r| NewUser { email: r.email.clone(), name: r.name.clone(), is_admin: false })
        .collect();
    for i in 1..=SUPPORTERS {
        people.push(NewUser {
            email: format!("supporter{i}@demo.agora.invalid"),
            name: format!("Resident {i}"),
            is_admin: false,
        });
    }
    let people = seed::users(db, people, &resident_hash, now).await.map_err(fail)?;
    let (residents, supporters) = people.split_at(city.residents.len());
    let admin = agora_core::permissions::Actor { is_admin: true, ..agora_core::permissions::Actor::resident(admin_id) };

    let mut topics = HashMap::new();
    for t in &city.topics {
        topics.insert(
            t.key.clone(),
            catalog::create(db, Some(&admin), Kind::Topic, &t.title, now).await.map_err(fail)?.id,
        );
    }
    let mut areas = HashMap::new();
    for a in &city.areas {
        areas.insert(
            a.key.clone(),
            catalog::create(db, Some(&admin), Kind::Area, &a.title, now).await.map_err(fail)?.id,
        );
    }
    let statuses: HashMap<String, Id> =
        catalog::statuses(db).await.map_err(fail)?.into_iter().map(|s| (s.code, s.id)).collect();
    let lookup = |map: &HashMap<String, Id>, keys: &[String]| -> Result<Vec<Id>> {
        keys.iter().map(|k| map.get(k).copied().ok_or_else(|| anyhow!("demo: unknown key {k}"))).collect()
    };
    // Day boundaries, so phases start and end at midnight.
    let today = now - now.rem_euclid(MICROS_PER_DAY);

    for p in &city.projects {
        let input = projects::ProjectInput {
            title: p.title.clone(),
            description: p.description.clone(),
            slug: Some(p.slug.clone()),
            status: agora_core::permissions::ProjectStatus::parse(&p.status),
            topic_ids: lookup(&topics, &p.topics)?,
            area_ids: lookup(&areas, &p.areas)?,
        };
        let project = projects::create(db, Some(&admin), &input, now).await.map_err(fail)?;
        let mut phase_ids = Vec::new();
        for ph in &p.phases {
            let input = projects::PhaseInput {
                title: ph.title.clone(),
                description: ph.description.clone(),
                window: agora_core::phase::Window {
                    start_at: today + ph.start_offset_days * MICROS_PER_DAY,
                    end_at: Some(today + ph.end_offset_days * MICROS_PER_DAY),
                },
                config: agora_core::phase::MethodConfig::new(
                    agora_core::phase::Method::parse(&ph.method)
                        .ok_or_else(|| anyhow!("demo: method {}", ph.method))?,
                    agora_core::phase::Ideation {
                        posting: ph.posting_enabled,
                        commenting: ph.commenting_enabled,
                        reacting: ph.reacting_enabled,
                        disliking: ph.disliking_enabled,
                    },
                    ph.voting.clone(),
                    None,
                )
                .map_err(fail)?,
                permissions: Default::default(),
            };
            let phase = projects::create_phase(db, Some(&admin), project.id, &input, now).await.map_err(fail)?;
            phase_ids.push((phase.id, phase.window));
        }
        for idea in &p.ideas {
            let created_at = now - idea.days_ago * MICROS_PER_DAY;
            let phase_id = phase_ids.iter().find(|(_, w)| w.contains(created_at)).map(|(id, _)| *id);
            let new = NewIdea {
                project_id: project.id,
                phase_id,
                author_id: residents[idea.author % residents.len()],
                title: idea.title.clone(),
                body: idea.body.clone(),
                status_id: *statuses.get(&idea.status).ok_or_else(|| anyhow!("demo: status {}", idea.status))?,
                area_id: idea.area.as_ref().map(|a| lookup(&areas, std::slice::from_ref(a))).transpose()?.map(|v| v[0]),
                location: idea.location.as_ref().map(|l| (l.lat, l.lng)),
                topic_ids: lookup(&topics, &idea.topics)?,
                created_at,
                // Counted by `seed::recount` once every reaction and comment is in.
                activity: Activity {
                    likes: 0,
                    dislikes: 0,
                    comments: 0,
                    last_activity_at: created_at,
                    rejected: false,
                },
            };
            let idea_id = seed::ideas(db, vec![new], now).await.map_err(fail)?[0];
            let spread = |i: usize| created_at + (i as i64 + 1) * (now - created_at) / (SUPPORTERS as i64 + 2);
            let mut reactions = Vec::new();
            for (i, supporter) in supporters.iter().enumerate().take(idea.likes + idea.dislikes) {
                reactions.push((idea_id, *supporter, if i < idea.likes { "up" } else { "down" }, spread(i)));
            }
            seed::reactions(db, reactions).await.map_err(fail)?;
            for (i, c) in idea.comments.iter().enumerate() {
                let at = spread(i * 3);
                let new = NewComment {
                    idea_id,
                    parent_id: None,
                    author_id: residents[c.author % residents.len()],
                    body: c.body.clone(),
                    created_at: at,
                };
                let parent = seed::comments(db, vec![new]).await.map_err(fail)?[0];
                let replies = c
                    .replies
                    .iter()
                    .enumerate()
                    .map(|(j, r)| NewComment {
                        idea_id,
                        parent_id: Some(parent),
                        author_id: residents[r.author % residents.len()],
                        body: r.body.clone(),
                        created_at: at + (j as i64 + 1) * 3_600_000_000,
                    })
                    .collect();
                seed::comments(db, replies).await.map_err(fail)?;
            }
            if let Some(f) = &idea.feedback {
                seed::feedback(db, idea_id, admin_id, &f.body, &f.author, created_at + (now - created_at) / 2)
                    .await
                    .map_err(fail)?;
            }
        }
    }
    budgets::load(db, mailer, &admin, supporters, now).await?;
    surveys::load(db, &admin, supporters, now).await?;
    seed::recount(db, now).await.map_err(fail)?;
    seed::analyze(db).await.map_err(fail)?;
    Ok((ADMIN_EMAIL.to_owned(), ADMIN_PASSWORD.to_owned()))
}

#[cfg(test)]
mod tests {
    use agora_testkit::{TestApp, db_tests};

    db_tests!(the_demo_city_loads_and_shows);

    async fn the_demo_city_loads_and_shows(app: TestApp) {
        let (email, _) = super::load(&app.db, &app.mailer).await.unwrap();
        assert_eq!(email, super::ADMIN_EMAIL);
        let projects = app.get("/api/v1/projects", None).await.json();
        // The draft project is for staff only.
        assert_eq!(projects["items"].as_array().unwrap().len(), 7);
        let open = app.get("/api/v1/projects/1/ideas?sort=popular&limit=100", None).await.json();
        let ideas = open["items"].as_array().unwrap();
        assert!(ideas.len() >= 20, "{}", ideas.len());
        assert!(ideas[0]["likes_count"].as_i64().unwrap() > 10);
        assert!(ideas.iter().any(|i| i["comments_count"].as_i64().unwrap() > 0));
        assert!(ideas.iter().any(|i| i["status"] != "proposed"));
        let home = app.get("/", None).await;
        assert_eq!(home.status, 200);
        assert!(home.text().contains("Greener streets and squares"));
        let nl = app.get("/nl/projects/greener-streets-and-squares", None).await.text();
        assert!(nl.contains("Groenere straten en pleinen") && nl.contains("aria-current=\"step\""));

        // Last year's budget has its results; this year's vote runs.
        let project = |slug: &str| {
            let projects = projects["items"].as_array().unwrap();
            projects.iter().find(|p| p["slug"] == slug).unwrap()["id"].as_i64().unwrap()
        };
        let first_phase = async |project: i64| {
            app.get(&format!("/api/v1/projects/{project}/phases"), None).await.json()["items"][0]["id"]
                .as_i64()
                .unwrap()
        };
        let done = first_phase(project("neighbourhood-budget-2026")).await;
        let results = app.get(&format!("/api/v1/phases/{done}/results"), None).await.json();
        assert_eq!(results["status"], "published", "{results}");
        assert!(results["winners"].as_array().unwrap().len() >= 3, "{results}");
        assert!(results["voters_online"].as_i64().unwrap() > 30);
        let running = first_phase(project("neighbourhood-budget-2027")).await;
        let ballot = app.get(&format!("/phases/{running}/ballot"), None).await;
        assert!(ballot.text().contains("Sign in to vote."), "{}", ballot.text());
        assert_eq!(app.get(&format!("/api/v1/phases/{running}/results"), None).await.error(), "results_not_published");

        // The mobility survey is over, its results public; the library poll runs, its
        // bars live.
        let survey = first_phase(project("mobility-survey")).await;
        let results = app.get(&format!("/api/v1/phases/{survey}/results"), None).await.json();
        assert_eq!(results["responses"], 45, "{results}");
        assert!(results["questions"]["km"]["mean"].as_f64().unwrap() > 5.0);
        assert_eq!(results["paths"].as_array().unwrap().len(), 2);
        let page = app.get(&format!("/phases/{survey}/results"), None).await.text();
        assert!(page.contains("45 responses") && page.contains("<svg"), "{page}");
        let poll = first_phase(project("library-opening-hours")).await;
        let live = app.get(&format!("/api/v1/phases/{poll}/results"), None).await.json();
        assert_eq!(live["questions"]["when"]["counts"], serde_json::json!({"early": 6, "late": 12, "sunday": 6}));
        let open = app.get(&format!("/phases/{poll}/survey"), None).await.text();
        assert!(open.contains("Sign in to answer."), "{open}");
    }
}
