//! The demo city's participatory budgets: last year's, voted and counted, with its
//! results published; and this year's, with the vote running.

use agora_app::ideas::IdeaInput;
use agora_app::mail::Mailer;
use agora_app::{outbox, projects, voting};
use agora_core::participation::Permissions;
use agora_core::permissions::{Actor, ProjectStatus};
use agora_core::phase::{Ideation, MethodConfig, Window};
use agora_core::voting::{Votes, Voting, VotingMethod, WinnerRule};
use agora_core::{Id, MICROS_PER_DAY, Micros, Multiloc};
use agora_db::Db;
use anyhow::{Result, anyhow};

/// An option: its title and text in English, Dutch and French, and its cost in euros.
struct BudgetOption {
    title: [&'static str; 3],
    body: [&'static str; 3],
    cost: i64,
    /// How much residents like it, out of 10 (the demo's ballots follow it).
    appeal: u64,
}

struct Budget {
    slug: &'static str,
    title: [&'static str; 3],
    description: [&'static str; 3],
    budget: i64,
    /// The voting phase, in days from today.
    vote: (i64, i64),
    voters: usize,
    options: Vec<BudgetOption>,
}

pub(super) fn multiloc(texts: [&str; 3]) -> Multiloc {
    let mut all = Multiloc::default();
    for (locale, text) in ["en", "nl", "fr"].into_iter().zip(texts) {
        all.set(locale, text);
    }
    all
}

fn budgets() -> [Budget; 2] {
    let option = |title, body, cost, appeal| BudgetOption { title, body, cost, appeal };
    [
        Budget {
            slug: "neighbourhood-budget-2026",
            title: ["Neighbourhood budget 2026", "Wijkbudget 2026", "Budget de quartier 2026"],
            description: [
                "Residents proposed projects and voted on how to spend € 200,000. The votes are counted with Equal Shares: every voter gets an equal share of the budget.",
                "Inwoners stelden projecten voor en stemden over hoe € 200.000 te besteden. De stemmen zijn geteld met Equal Shares: elke stemmer krijgt een gelijk deel van het budget.",
                "Les habitants ont proposé des projets et voté pour dépenser 200 000 €. Les voix sont comptées par parts égales : chaque votant reçoit une part égale du budget.",
            ],
            budget: 200_000,
            vote: (-60, -10),
            voters: 45,
            options: vec![
                option(
                    [
                        "A play street on the Ledeberg square",
                        "Een speelstraat op het Ledebergplein",
                        "Une rue de jeux place de Ledeberg",
                    ],
                    [
                        "Closed to cars on Wednesday afternoons and weekends, with chalk and games.",
                        "Autovrij op woensdagnamiddag en in het weekend, met krijt en spelletjes.",
                        "Fermée aux voitures le mercredi après-midi et le week-end, avec craies et jeux.",
                    ],
                    45_000,
                    8,
                ),
                option(
                    [
                        "Shade trees for the Sint-Pietersplein",
                        "Schaduwbomen voor het Sint-Pietersplein",
                        "Des arbres d'ombre pour la place Saint-Pierre",
                    ],
                    [
                        "Twelve large trees along the edges of the square.",
                        "Twaalf grote bomen langs de randen van het plein.",
                        "Douze grands arbres le long de la place.",
                    ],
                    60_000,
                    9,
                ),
                option(
                    [
                        "A bike repair point at Dampoort",
                        "Een fietsherstelpunt aan Dampoort",
                        "Un point de réparation vélo à Dampoort",
                    ],
                    [
                        "A pump and tools on a post, open day and night.",
                        "Een pomp en gereedschap aan een paal, dag en nacht open.",
                        "Une pompe et des outils sur un poteau, ouverts jour et nuit.",
                    ],
                    15_000,
                    6,
                ),
                option(
                    [
                        "Benches and water along the Coupure",
                        "Banken en water langs de Coupure",
                        "Des bancs et de l'eau le long de la Coupure",
                    ],
                    [
                        "Ten benches and two drinking fountains.",
                        "Tien banken en twee drinkfonteinen.",
                        "Dix bancs et deux fontaines.",
                    ],
                    30_000,
                    7,
                ),
                option(
                    [
                        "A community garden at the Muide",
                        "Een buurtmoestuin in de Muide",
                        "Un potager de quartier à la Muide",
                    ],
                    [
                        "Raised beds, a shed and a water tank for the neighbours.",
                        "Verhoogde bakken, een berging en een regenton voor de buren.",
                        "Des bacs surélevés, un abri et une citerne pour les voisins.",
                    ],
                    25_000,
                    4,
                ),
                option(
                    [
                        "A safer crossing at the Heuvelpoort school",
                        "Een veiligere oversteek aan de school Heuvelpoort",
                        "Un passage plus sûr à l'école Heuvelpoort",
                    ],
                    [
                        "A raised crossing and lights for the children.",
                        "Een verhoogd zebrapad en verlichting voor de kinderen.",
                        "Un passage surélevé et de l'éclairage pour les enfants.",
                    ],
                    50_000,
                    5,
                ),
                option(
                    [
                        "Lights on the Blaisantvest path",
                        "Verlichting op het pad langs de Blaisantvest",
                        "De l'éclairage sur le chemin de la Blaisantvest",
                    ],
                    [
                        "Low lights that do not bother the bats.",
                        "Lage lampen die de vleermuizen niet storen.",
                        "Des lampes basses qui ne dérangent pas les chauves-souris.",
                    ],
                    40_000,
                    3,
                ),
                option(
                    [
                        "A skate corner in the Citadelpark",
                        "Een skatehoek in het Citadelpark",
                        "Un coin skate au parc de la Citadelle",
                    ],
                    [
                        "Ramps and rails on the old basketball court.",
                        "Hellingen en rails op het oude basketbalveld.",
                        "Des rampes sur l'ancien terrain de basket.",
                    ],
                    55_000,
                    2,
                ),
            ],
        },
        Budget {
            slug: "neighbourhood-budget-2027",
            title: ["Neighbourhood budget 2027", "Wijkbudget 2027", "Budget de quartier 2027"],
            description: [
                "Choose how to spend € 150,000 in your neighbourhood: fill in your basket with the projects you want, up to the budget, and submit it.",
                "Kies hoe € 150.000 te besteden in je buurt: vul je mandje met de projecten die je wil, tot aan het budget, en dien het in.",
                "Choisissez comment dépenser 150 000 € dans votre quartier : remplissez votre panier avec les projets que vous voulez, jusqu'au budget, et envoyez-le.",
            ],
            budget: 150_000,
            vote: (-5, 25),
            voters: 20,
            options: vec![
                option(
                    [
                        "A little library in every Gentbrugge street",
                        "Een minibieb in elke straat van Gentbrugge",
                        "Une petite bibliothèque dans chaque rue de Gentbrugge",
                    ],
                    [
                        "Wooden book boxes, looked after by neighbours.",
                        "Houten boekenkastjes, verzorgd door de buren.",
                        "Des boîtes à livres en bois, entretenues par les voisins.",
                    ],
                    12_000,
                    7,
                ),
                option(
                    [
                        "Wildflower verges along the Schelde",
                        "Bloemrijke bermen langs de Schelde",
                        "Des fleurs sauvages le long de l'Escaut",
                    ],
                    [
                        "Mown twice a year instead of every month.",
                        "Twee keer per jaar gemaaid in plaats van elke maand.",
                        "Fauchées deux fois par an au lieu de chaque mois.",
                    ],
                    20_000,
                    6,
                ),
                option(
                    [
                        "A covered bike shelter at Sint-Pieters station",
                        "Een overdekte fietsenstalling aan Sint-Pieters",
                        "Un abri vélo couvert à la gare Saint-Pierre",
                    ],
                    [
                        "Room for 300 bikes, lit and watched.",
                        "Plaats voor 300 fietsen, verlicht en bewaakt.",
                        "De la place pour 300 vélos, éclairée et surveillée.",
                    ],
                    70_000,
                    8,
                ),
                option(
                    [
                        "Drinking fountains at the Vrijdagmarkt",
                        "Drinkfonteinen op de Vrijdagmarkt",
                        "Des fontaines au Vrijdagmarkt",
                    ],
                    [
                        "Two fountains, one low enough for children.",
                        "Twee fonteinen, waarvan één laag genoeg voor kinderen.",
                        "Deux fontaines, dont une à hauteur d'enfant.",
                    ],
                    18_000,
                    5,
                ),
                option(
                    [
                        "A youth hangout at the Bijloke",
                        "Een jongerenplek aan de Bijloke",
                        "Un lieu pour les jeunes à la Bijloke",
                    ],
                    [
                        "A roofed corner with seats and power for music.",
                        "Een overdekte hoek met zitjes en stroom voor muziek.",
                        "Un coin couvert avec des sièges et du courant pour la musique.",
                    ],
                    45_000,
                    4,
                ),
                option(
                    ["Rain gardens at Rabot", "Regentuinen in Rabot", "Des jardins de pluie au Rabot"],
                    [
                        "Planted hollows that drink the rain from the street.",
                        "Beplante kuilen die het regenwater van de straat opvangen.",
                        "Des creux plantés qui boivent la pluie de la rue.",
                    ],
                    35_000,
                    5,
                ),
            ],
        },
    ]
}

/// A tiny deterministic generator: the same demo every time.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }
}

/// Loads both budgets; `voters` are residents who may vote.
pub async fn load(db: &Db, mailer: &Mailer, admin: &Actor, voters: &[Id], now: Micros) -> Result<()> {
    let fail = |e: agora_core::Error| anyhow!("demo budget: {} {:?} {:?}", e.code, e.fields, e.detail);
    let today = now - now.rem_euclid(MICROS_PER_DAY);
    let mut dice = Dice(2027);
    for budget in budgets() {
        let input = projects::ProjectInput {
            title: multiloc(budget.title),
            description: multiloc(budget.description),
            slug: Some(budget.slug.to_owned()),
            status: Some(ProjectStatus::Published),
            ..Default::default()
        };
        let project = projects::create(db, Some(admin), &input, now).await.map_err(fail)?;
        let (start, end) = (today + budget.vote.0 * MICROS_PER_DAY, today + budget.vote.1 * MICROS_PER_DAY);
        let settings = Voting {
            method: VotingMethod::Budgeting,
            budget: Some(budget.budget),
            min_total: None,
            max_total: None,
            max_per_option: None,
            max_options: None,
            winners: None,
            rule: WinnerRule::MesAdd1,
            live_totals: false,
            publish_automatically: true,
        };
        let phase = projects::PhaseInput {
            title: multiloc(["Vote", "Stemmen", "Vote"]),
            description: multiloc([
                "Spend the budget on the projects you want most.",
                "Besteed het budget aan de projecten die je het liefst wil.",
                "Dépensez le budget pour les projets que vous préférez.",
            ]),
            window: Window { start_at: start, end_at: Some(end) },
            config: MethodConfig::new(agora_core::phase::Method::Voting, Ideation::CLOSED, Some(settings), None)
                .map_err(fail)?,
            permissions: Permissions::default(),
        };
        let phase = projects::create_phase(db, Some(admin), project.id, &phase, now).await.map_err(fail)?;
        let mut options = Vec::new();
        for option in &budget.options {
            let idea = IdeaInput { title: multiloc(option.title), body: multiloc(option.body), ..IdeaInput::default() };
            let id =
                voting::create_option(db, Some(admin), phase.id, &idea, Some(option.cost), now).await.map_err(fail)?;
            options.push((id, option.cost, option.appeal));
        }
        // Each voter picks the options that appeal to them, within the budget.
        for (n, voter) in voters.iter().take(budget.voters).enumerate() {
            let mut basket = Votes::new();
            let mut left = budget.budget;
            for &(id, cost, appeal) in &options {
                if dice.roll(10) < appeal && cost <= left {
                    basket.insert(id, 1);
                    left -= cost;
                }
            }
            if basket.is_empty() {
                continue;
            }
            let at = start + (n as i64 + 1) * MICROS_PER_DAY / 4;
            let resident = Actor::resident(*voter);
            voting::save(db, Some(&resident), phase.id, &basket, at).await.map_err(fail)?;
            voting::submit(db, Some(&resident), phase.id, at).await.map_err(fail)?;
        }
        if end <= now {
            let paper: Votes = options.iter().take(3).map(|(id, _, appeal)| (*id, *appeal as i64)).collect();
            voting::set_offline_votes(db, Some(admin), phase.id, &paper, 12).await.map_err(fail)?;
            voting::publish_results(db, Some(admin), phase.id, now).await.map_err(fail)?;
            outbox::run_due(db, mailer, now).await.map_err(fail)?;
        }
    }
    Ok(())
}
