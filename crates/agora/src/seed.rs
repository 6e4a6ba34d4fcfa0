//! `agora seed`: synthetic data at any size, for load tests and benchmarks. The same
//! arguments give the same data (a fixed random seed).

use std::collections::HashSet;

use agora_app::{catalog, projects};
use agora_core::trending::Activity;
use agora_core::{Id, MICROS_PER_DAY, MICROS_PER_HOUR, Micros, Multiloc};
use agora_db::Db;
use agora_db::seed::{self, NewComment, NewIdea, NewUser};
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

/// Ends a phase's bar and says how long it took.
fn done(bar: ProgressBar, what: &str, count: usize, started: std::time::Instant) {
    bar.finish_and_clear();
    println!("{count:>8} {what:<10} {:>6.1}s", started.elapsed().as_secs_f64());
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
    let hash = agora_app::users::hash_password("seeded-password").await.map_err(fail)?;
    let run_tag: u32 = rand::random();

    let phase = std::time::Instant::now();
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
    done(progress, "users", args.users, phase);
    if user_ids.is_empty() {
        user_ids.push(admin);
    }

    let actor = agora_core::permissions::Actor { is_admin: true, ..agora_core::permissions::Actor::resident(admin) };
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
                config: agora_core::phase::MethodConfig::Ideation(agora_core::phase::Ideation::default()),
                permissions: Default::default(),
            };
            projects::create_phase(db, Some(&actor), p.id, &phase, now).await.map_err(fail)?;
            p
        }
    };
    let topic_ids: Vec<Id> =
        catalog::list(db, catalog::Kind::Topic).await.map_err(fail)?.iter().map(|t| t.id).collect();
    let statuses = catalog::statuses(db).await.map_err(fail)?;
    let rejected = statuses.iter().position(|s| s.code == catalog::REJECTED_STATUS);

    // First the plan: when each idea is posted, who reacts and comments on which and
    // when. Each idea is then inserted once, with its final counters and rank.
    let created: Vec<Micros> = (0..args.ideas).map(|_| now - rng.random_range(0..60 * MICROS_PER_DAY)).collect();
    let mut activity: Vec<Activity> = created
        .iter()
        .map(|&at| Activity { likes: 0, dislikes: 0, comments: 0, last_activity_at: at, rejected: false })
        .collect();
    let mut reactions: Vec<(usize, Id, &'static str, Micros)> = Vec::new();
    let mut comments: Vec<(usize, Id, Micros)> = Vec::new();
    if args.ideas > 0 {
        let wanted = args.reactions.min(args.ideas * user_ids.len());
        let mut seen: HashSet<(usize, Id)> = HashSet::with_capacity(wanted);
        while reactions.len() < wanted {
            // Popularity is skewed: a few ideas get most of the likes.
            let idea = (((rng.random::<f64>().powi(3)) * args.ideas as f64) as usize).min(args.ideas - 1);
            let user = user_ids[rng.random_range(0..user_ids.len())];
            if seen.insert((idea, user)) {
                let at = created[idea] + rng.random_range(0..(now - created[idea]).max(1));
                let up = rng.random_bool(0.85);
                if up {
                    activity[idea].likes += 1
                } else {
                    activity[idea].dislikes += 1
                }
                activity[idea].last_activity_at = activity[idea].last_activity_at.max(at);
                reactions.push((idea, user, if up { "up" } else { "down" }, at));
            }
        }
        for _ in 0..args.comments {
            let idea = rng.random_range(0..args.ideas);
            let at = (created[idea] + rng.random_range(0..48 * MICROS_PER_HOUR)).min(now);
            activity[idea].comments += 1;
            activity[idea].last_activity_at = activity[idea].last_activity_at.max(at);
            comments.push((idea, user_ids[rng.random_range(0..user_ids.len())], at));
        }
    }

    let phase = std::time::Instant::now();
    let progress = bar(args.ideas, "ideas");
    let mut idea_ids: Vec<Id> = Vec::with_capacity(args.ideas);
    for start in (0..args.ideas).step_by(CHUNK) {
        let end = (start + CHUNK).min(args.ideas);
        let batch: Vec<NewIdea> = (start..end)
            .map(|i| {
                // Mostly "proposed", as on a real platform.
                let status = if rng.random_bool(0.7) { 0 } else { rng.random_range(0..statuses.len()) };
                NewIdea {
                    project_id: project.id,
                    phase_id: None,
                    author_id: user_ids[rng.random_range(0..user_ids.len())],
                    title: Multiloc::new("en", sentence(&mut rng, 5)),
                    body: Multiloc::new("en", sentence(&mut rng, 40)),
                    status_id: statuses[status].id,
                    area_id: None,
                    location: None,
                    topic_ids: if topic_ids.is_empty() {
                        vec![]
                    } else {
                        vec![topic_ids[rng.random_range(0..topic_ids.len())]]
                    },
                    created_at: created[i],
                    activity: Activity { rejected: Some(status) == rejected, ..activity[i] },
                }
            })
            .collect();
        idea_ids.extend(seed::ideas(db, batch, now).await.map_err(fail)?);
        progress.set_position(end as u64);
    }
    done(progress, "ideas", args.ideas, phase);

    let phase = std::time::Instant::now();
    let progress = bar(reactions.len(), "reactions");
    for (n, chunk) in reactions.chunks(CHUNK).enumerate() {
        let batch = chunk.iter().map(|&(idea, user, mode, at)| (idea_ids[idea], user, mode, at)).collect();
        seed::reactions(db, batch).await.map_err(fail)?;
        progress.set_position(((n + 1) * CHUNK).min(reactions.len()) as u64);
    }
    done(progress, "reactions", reactions.len(), phase);

    let phase = std::time::Instant::now();
    let progress = bar(comments.len(), "comments");
    for (n, chunk) in comments.chunks(CHUNK).enumerate() {
        let batch = chunk
            .iter()
            .map(|&(idea, author_id, created_at)| NewComment {
                idea_id: idea_ids[idea],
                parent_id: None,
                author_id,
                body: Multiloc::new("en", sentence(&mut rng, 15)),
                created_at,
            })
            .collect();
        seed::comments(db, batch).await.map_err(fail)?;
        progress.set_position(((n + 1) * CHUNK).min(comments.len()) as u64);
    }
    done(progress, "comments", comments.len(), phase);
    seed::analyze(db).await.map_err(fail)?;
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
