//! `agora seed`: synthetic data at any size, for load tests and benchmarks. The same
//! arguments give the same data (a fixed random seed).

use std::collections::HashSet;

use agora_core::{Id, MICROS_PER_DAY, MICROS_PER_HOUR, Multiloc};
use agora_db::seed::{self, NewComment, NewIdea, NewUser};
use agora_db::{Db, catalog, projects};
use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(clap::Args)]
pub struct SeedArgs {
    #[arg(long, default_value_t = 1_000)]
    users: usize,
    #[arg(long, default_value_t = 10_000)]
    ideas: usize,
    #[arg(long, default_value_t = 20_000)]
    comments: usize,
    #[arg(long, default_value_t = 50_000)]
    reactions: usize,
    /// The project that receives the ideas (created, published, with an open ideation
    /// phase, if it does not exist).
    #[arg(long, default_value = "seeded-project")]
    project: String,
}

const WORDS: &[&str] = &[
    "bike",
    "lane",
    "tree",
    "park",
    "bench",
    "square",
    "school",
    "street",
    "light",
    "library",
    "playground",
    "bus",
    "stop",
    "market",
    "garden",
    "river",
    "bridge",
    "crossing",
    "noise",
    "shade",
    "water",
    "fountain",
    "sport",
    "youth",
    "culture",
    "festival",
    "parking",
    "footpath",
    "safety",
    "green",
    "roof",
    "solar",
    "repair",
    "café",
];

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let text = (0..words).map(|_| WORDS[rng.random_range(0..WORDS.len())]).collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

/// Inserts in chunks so the bar moves and memory stays flat.
const CHUNK: usize = 5_000;

pub async fn run(db: &Db, args: SeedArgs) -> Result<()> {
    let fail = |e: agora_core::Error| anyhow!("seed: {} {:?} {:?}", e.code, e.fields, e.detail);
    let started = std::time::Instant::now();
    let mut rng = StdRng::seed_from_u64(2026);
    let now = agora_db::now();
    let hash = agora_db::users::hash_password("seeded-password").await.map_err(fail)?;
    let run_tag: u32 = rand::random();

    let progress = bar(args.users, "users");
    let mut user_ids: Vec<Id> = Vec::with_capacity(args.users + 1);
    let admin = seed::users(
        db,
        vec![NewUser {
            email: format!("seed-admin-{run_tag}@seed.agora.invalid"),
            name: "Seed admin".into(),
            is_admin: true,
        }],
        &hash,
        now,
    )
    .await
    .map_err(fail)?[0];
    for start in (0..args.users).step_by(CHUNK) {
        let end = (start + CHUNK).min(args.users);
        let people = (start..end)
            .map(|i| NewUser {
                email: format!("user{i}-{run_tag}@seed.agora.invalid"),
                name: format!("Resident {i}"),
                is_admin: false,
            })
            .collect();
        user_ids.extend(seed::users(db, people, &hash, now).await.map_err(fail)?);
        progress.set_position(end as u64);
    }
    progress.finish();
    if user_ids.is_empty() {
        user_ids.push(admin);
    }

    let actor = agora_core::permissions::Actor { user_id: admin, is_admin: true, moderated_projects: vec![] };
    let project = match projects::by_slug(db, Some(&actor), &args.project).await {
        Ok(p) => p,
        Err(_) => {
            let input = projects::ProjectInput {
                title: Multiloc::new("en", "Seeded project"),
                description: Multiloc::new("en", "Synthetic ideas for load tests."),
                slug: Some(args.project.clone()),
                status: Some(agora_core::permissions::ProjectStatus::Published),
                ..Default::default()
            };
            let p = projects::create(db, Some(&actor), &input, now).await.map_err(fail)?;
            let phase = projects::PhaseInput {
                title: Multiloc::new("en", "Ideas"),
                description: Multiloc::default(),
                window: agora_core::phase::Window {
                    start_at: now - 90 * MICROS_PER_DAY,
                    end_at: Some(now + 90 * MICROS_PER_DAY),
                },
                rules: agora_core::phase::PhaseRules {
                    method: agora_core::phase::Method::Ideation,
                    posting_enabled: true,
                    commenting_enabled: true,
                    reacting_enabled: true,
                    disliking_enabled: true,
                },
            };
            projects::create_phase(db, Some(&actor), p.id, &phase, now).await.map_err(fail)?;
            p
        }
    };
    let topic_ids: Vec<Id> =
        catalog::list(db, catalog::Kind::Topic).await.map_err(fail)?.iter().map(|t| t.id).collect();
    let status_ids: Vec<Id> = catalog::statuses(db).await.map_err(fail)?.iter().map(|s| s.id).collect();

    let progress = bar(args.ideas, "ideas");
    let mut idea_ids: Vec<(Id, i64)> = Vec::with_capacity(args.ideas);
    for start in (0..args.ideas).step_by(CHUNK) {
        let end = (start + CHUNK).min(args.ideas);
        let batch: Vec<NewIdea> = (start..end)
            .map(|_| {
                let created_at = now - rng.random_range(0..60 * MICROS_PER_DAY);
                NewIdea {
                    project_id: project.id,
                    phase_id: None,
                    author_id: user_ids[rng.random_range(0..user_ids.len())],
                    title: Multiloc::new("en", sentence(&mut rng, 5)),
                    body: Multiloc::new("en", sentence(&mut rng, 40)),
                    // Mostly "proposed", as on a real platform.
                    status_id: if rng.random_bool(0.7) {
                        status_ids[0]
                    } else {
                        status_ids[rng.random_range(0..status_ids.len())]
                    },
                    area_id: None,
                    location: None,
                    topic_ids: if topic_ids.is_empty() {
                        vec![]
                    } else {
                        vec![topic_ids[rng.random_range(0..topic_ids.len())]]
                    },
                    created_at,
                }
            })
            .collect();
        let created: Vec<i64> = batch.iter().map(|i| i.created_at).collect();
        let ids = seed::ideas(db, batch).await.map_err(fail)?;
        idea_ids.extend(ids.into_iter().zip(created));
        progress.set_position(end as u64);
    }
    progress.finish();

    if !idea_ids.is_empty() {
        let progress = bar(args.reactions, "reactions");
        let mut seen: HashSet<(Id, Id)> = HashSet::with_capacity(args.reactions);
        let max_pairs = idea_ids.len() * user_ids.len();
        let wanted = args.reactions.min(max_pairs);
        let mut done = 0;
        while done < wanted {
            let mut batch = Vec::with_capacity(CHUNK);
            while batch.len() < CHUNK && done + batch.len() < wanted {
                // Popularity is skewed: a few ideas get most of the likes.
                let idx = ((rng.random::<f64>().powi(3)) * idea_ids.len() as f64) as usize;
                let (idea, created_at) = idea_ids[idx.min(idea_ids.len() - 1)];
                let user = user_ids[rng.random_range(0..user_ids.len())];
                if seen.insert((idea, user)) {
                    let at = created_at + rng.random_range(0..(now - created_at).max(1));
                    batch.push((idea, user, if rng.random_bool(0.85) { "up" } else { "down" }, at));
                }
            }
            done += batch.len();
            seed::reactions(db, batch).await.map_err(fail)?;
            progress.set_position(done as u64);
        }
        progress.finish();

        let progress = bar(args.comments, "comments");
        for start in (0..args.comments).step_by(CHUNK) {
            let end = (start + CHUNK).min(args.comments);
            let batch = (start..end)
                .map(|_| {
                    let (idea_id, created_at) = idea_ids[rng.random_range(0..idea_ids.len())];
                    NewComment {
                        idea_id,
                        parent_id: None,
                        author_id: user_ids[rng.random_range(0..user_ids.len())],
                        body: Multiloc::new("en", sentence(&mut rng, 15)),
                        created_at: (created_at + rng.random_range(0..48 * MICROS_PER_HOUR)).min(now),
                    }
                })
                .collect();
            seed::comments(db, batch).await.map_err(fail)?;
            progress.set_position(end as u64);
        }
        progress.finish();
    }

    let spinner = ProgressBar::new_spinner();
    spinner.set_message("counting and ranking");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    seed::recount(db, now).await.map_err(fail)?;
    spinner.finish_with_message("counted and ranked");
    println!(
        "seeded {} users, {} ideas, {} comments, {} reactions into project '{}' in {:.1}s",
        args.users,
        args.ideas,
        args.comments,
        args.reactions,
        project.slug,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
