//! The demo city's survey and poll: a mobility survey that ran last month, with its
//! results public, and a poll on the library's opening hours that runs now, its bars
//! live.

use agora_app::projects;
use agora_app::surveys;
use agora_core::participation::Permissions;
use agora_core::permissions::{Actor, ProjectStatus};
use agora_core::phase::{Ideation, Method, MethodConfig, SurveySettings, Window};
use agora_core::survey::{Choice, Form, Goto, Page, Question, QuestionType, Rule};
use agora_core::{Id, MICROS_PER_DAY, Micros};
use agora_db::responses::{self, NewResponse};
use agora_db::{Db, DbResult};
use anyhow::{Result, anyhow};
use serde_json::{Map, Value, json};

use super::budgets::multiloc;

fn choices(options: &[(&str, [&str; 3])]) -> Vec<Choice> {
    options.iter().map(|(key, title)| Choice { key: (*key).to_owned(), title: multiloc(*title) }).collect()
}

fn question(key: &str, kind: QuestionType, title: [&str; 3]) -> Question {
    Question {
        key: key.to_owned(),
        kind,
        title: multiloc(title),
        required: false,
        help: None,
        options: Vec::new(),
        min: None,
        max: None,
        other: false,
        rows: Vec::new(),
        min_label: None,
        max_label: None,
    }
}

fn page(key: &str, title: [&str; 3], questions: Vec<Question>) -> Page {
    Page { key: key.to_owned(), title: Some(multiloc(title)), text: None, questions, next: None, logic: Vec::new() }
}

/// Three pages: how people travel (cyclists skip the car page), the car, their views.
fn mobility() -> Form {
    let how = Question {
        required: true,
        options: choices(&[
            ("bike", ["By bike", "Met de fiets", "À vélo"]),
            ("car", ["By car", "Met de auto", "En voiture"]),
            ("bus", ["By bus or tram", "Met bus of tram", "En bus ou en tram"]),
            ("walk", ["On foot", "Te voet", "À pied"]),
        ]),
        ..question(
            "how",
            QuestionType::SingleChoice,
            [
                "How do you usually get to work?",
                "Hoe gaat u meestal naar het werk?",
                "Comment allez-vous d'habitude au travail ?",
            ],
        )
    };
    let mut travel = page("travel", ["How you travel", "Hoe u zich verplaatst", "Vos déplacements"], vec![how]);
    travel.logic = vec![Rule { question: "how".into(), option: "bike".into(), goto: Goto::Page("views".into()) }];
    let km = Question {
        min: Some(0.0),
        max: Some(300.0),
        ..question(
            "km",
            QuestionType::Number,
            ["How many kilometres a day?", "Hoeveel kilometer per dag?", "Combien de kilomètres par jour ?"],
        )
    };
    let safety = Question {
        min_label: Some(multiloc(["Not safe at all", "Helemaal niet veilig", "Pas du tout sûr"])),
        max_label: Some(multiloc(["Very safe", "Heel veilig", "Très sûr"])),
        ..question(
            "safety",
            QuestionType::LinearScale,
            ["How safe do the streets feel?", "Hoe veilig voelen de straten?", "Les rues vous semblent-elles sûres ?"],
        )
    };
    let priorities = Question {
        options: choices(&[
            ("lanes", ["Bike lanes", "Fietspaden", "Pistes cyclables"]),
            ("buses", ["More buses", "Meer bussen", "Plus de bus"]),
            ("parking", ["Parking", "Parkeren", "Stationnement"]),
        ]),
        ..question(
            "priorities",
            QuestionType::Ranking,
            ["What matters most?", "Wat is het belangrijkst?", "Qu'est-ce qui compte le plus ?"],
        )
    };
    let ideas = question(
        "ideas",
        QuestionType::LongText,
        ["What would you change?", "Wat zou u veranderen?", "Que changeriez-vous ?"],
    );
    Form {
        pages: vec![
            travel,
            page("car", ["By car", "Met de auto", "En voiture"], vec![km]),
            page("views", ["Your views", "Uw mening", "Votre avis"], vec![safety, priorities, ideas]),
        ],
        closing_message: Some(multiloc([
            "Thank you! The city will publish what it learns in the spring.",
            "Bedankt! De stad publiceert in de lente wat ze leerde.",
            "Merci ! La ville publiera ce qu'elle en retient au printemps.",
        ])),
    }
}

fn opening_hours() -> Form {
    let when = Question {
        required: true,
        options: choices(&[
            ("early", ["From 7 in the morning", "Vanaf 7 uur 's morgens", "Dès 7 heures du matin"]),
            ("late", ["Until 10 in the evening", "Tot 10 uur 's avonds", "Jusqu'à 22 heures"]),
            ("sunday", ["On Sundays too", "Ook op zondag", "Aussi le dimanche"]),
        ]),
        ..question(
            "when",
            QuestionType::SingleChoice,
            [
                "When should the library be open longer?",
                "Wanneer moet de bibliotheek langer open zijn?",
                "Quand la bibliothèque devrait-elle ouvrir plus longtemps ?",
            ],
        )
    };
    Form {
        pages: vec![page("poll", ["Opening hours", "Openingsuren", "Heures d'ouverture"], vec![when])],
        closing_message: None,
    }
}

/// The answers of the `n`-th demo respondent: a spread that reads like a city's.
fn mobility_answers(n: usize) -> Value {
    let how = ["bike", "bike", "car", "bus", "walk", "bike", "car"][n % 7];
    let ranking = [["lanes", "buses", "parking"], ["buses", "lanes", "parking"], ["parking", "buses", "lanes"]][n % 3];
    let ideas =
        ["Safer crossings near schools.", "More buses in the evening.", "", "Wider bike lanes on the ring road.", ""]
            [n % 5];
    let mut answers = json!({"how": how, "safety": 2 + (n * 3 % 4), "priorities": ranking, "ideas": ideas});
    if how == "car" {
        answers["km"] = json!(5 + n % 30);
    }
    answers
}

struct Demo<'a> {
    slug: &'a str,
    title: [&'a str; 3],
    description: [&'a str; 3],
    method: Method,
    settings: SurveySettings,
    days: (i64, i64),
    form: Form,
}

/// The survey and the poll, each with its respondents' answers.
pub async fn load(db: &Db, admin: &Actor, people: &[Id], now: Micros) -> Result<()> {
    let fail = |e: agora_core::Error| anyhow!("demo surveys: {} {:?} {:?}", e.code, e.fields, e.detail);
    let demos = [
        Demo {
            slug: "mobility-survey",
            title: [
                "How we move: the mobility survey",
                "Hoe we ons verplaatsen: de mobiliteitsenquête",
                "Nos déplacements : l'enquête mobilité",
            ],
            description: [
                "Last month residents told the city how they travel and what should change. The results are public.",
                "Vorige maand vertelden inwoners hoe ze zich verplaatsen en wat er moet veranderen. De resultaten zijn openbaar.",
                "Le mois dernier, les habitants ont dit comment ils se déplacent et ce qui devrait changer. Les résultats sont publics.",
            ],
            method: Method::Survey,
            settings: SurveySettings { results_public: true, ..SurveySettings::default() },
            days: (-40, -5),
            form: mobility(),
        },
        Demo {
            slug: "library-opening-hours",
            title: [
                "Library opening hours",
                "Openingsuren van de bibliotheek",
                "Heures d'ouverture de la bibliothèque",
            ],
            description: [
                "A quick poll: when should the library stay open longer?",
                "Een korte peiling: wanneer moet de bibliotheek langer open blijven?",
                "Un sondage rapide : quand la bibliothèque devrait-elle rester ouverte plus longtemps ?",
            ],
            method: Method::Poll,
            settings: SurveySettings { results_live: true, ..SurveySettings::default() },
            days: (-3, 14),
            form: opening_hours(),
        },
    ];
    let today = now - now.rem_euclid(MICROS_PER_DAY);
    for demo in demos {
        let input = projects::ProjectInput {
            title: multiloc(demo.title),
            description: multiloc(demo.description),
            slug: Some(demo.slug.to_owned()),
            status: Some(ProjectStatus::Published),
            topic_ids: Vec::new(),
            area_ids: Vec::new(),
        };
        let project = projects::create(db, Some(admin), &input, now).await.map_err(fail)?;
        let window = Window {
            start_at: today + demo.days.0 * MICROS_PER_DAY,
            end_at: Some(today + demo.days.1 * MICROS_PER_DAY),
        };
        let phase = projects::PhaseInput {
            title: multiloc(demo.title),
            description: multiloc(demo.description),
            window,
            config: MethodConfig::new(demo.method, Ideation::CLOSED, None, Some(demo.settings)).map_err(fail)?,
            permissions: Permissions::default(),
        };
        let phase = projects::create_phase(db, Some(admin), project.id, &phase, now).await.map_err(fail)?;
        let (version, _) = surveys::save_form(db, Some(admin), phase.id, &demo.form, now).await.map_err(fail)?;
        let poll = demo.method == Method::Poll;
        let respondents = if poll { &people[..24] } else { people };
        let mut tx = db.begin().await.map_err(fail)?;
        for (n, person) in respondents.iter().enumerate() {
            let answers = if poll {
                let when = ["late", "sunday", "late", "early"][n % 4];
                json!({ "when": when })
            } else {
                mobility_answers(n)
            };
            let answers: Map<String, Value> = demo
                .form
                .check_answers(answers.as_object().unwrap_or(&Map::new()))
                .map_err(|p| anyhow!("demo answers: {p:?}"))?;
            let path = demo.form.path(&answers);
            responses::add_respondent(&mut tx, phase.id, *person).await.map_err(fail)?;
            let response = NewResponse {
                phase_id: phase.id,
                respondent_id: *person,
                anonymous: false,
                form_version: version,
                answers: &answers,
                path: &path,
            };
            let at = window.start_at + (n as i64 + 1) * MICROS_PER_DAY / 3;
            responses::insert(&mut tx, &response, at.min(now)).await.map_err(fail)?;
        }
        tx.commit().await.db().map_err(fail)?;
    }
    Ok(())
}
