//! Surveys and polls: the form staff build (pages of questions, with skip logic), the
//! checks a form must pass before anyone answers it, and the check of every answer
//! against its question, whatever the browser sent. Pure: the use cases store forms and
//! answers; this says what is valid, which pages a respondent went through, and what
//! the answers add up to (counts, means, the Borda count of rankings).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::Multiloc;
use crate::phase::{MethodConfig, SurveySettings};
use crate::validate::Problems;

/// The longest short text and long text answers, in characters.
pub const MAX_SHORT_TEXT: usize = 500;
pub const MAX_LONG_TEXT: usize = 10_000;
/// The most pages, and questions in all, a form may have.
pub const MAX_PAGES: usize = 50;
pub const MAX_QUESTIONS: usize = 200;
/// The most options (or matrix rows) a question may have.
pub const MAX_OPTIONS: usize = 100;
/// Keys: letters, digits, `_` and `-`, at most this long (they name columns in exports).
pub const MAX_KEY: usize = 40;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    ShortText,
    LongText,
    Number,
    SingleChoice,
    MultipleChoice,
    LinearScale,
    Rating,
    Ranking,
    Matrix,
    Date,
    Point,
    File,
}

impl QuestionType {
    /// Whether the question's answers are among its options.
    pub fn has_options(self) -> bool {
        matches!(self, QuestionType::SingleChoice | QuestionType::MultipleChoice | QuestionType::Ranking)
    }

    /// The only types a poll may ask.
    pub fn in_polls(self) -> bool {
        matches!(self, QuestionType::SingleChoice | QuestionType::MultipleChoice)
    }
}

/// An option of a choice question, or a row (statement) of a matrix.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub title: Multiloc,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub title: Multiloc,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Multiloc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Number: the smallest value; linear scale and matrix: the scale's first point
    /// (default 1); multiple choice: the fewest selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Number: the largest value; linear scale and matrix: the scale's last point
    /// (default 5); rating: the most stars (default 5); multiple choice: the most
    /// selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Choice questions: an "other" answer with a text of its own.
    #[serde(default)]
    pub other: bool,
    /// Matrix: the statements, each answered on the scale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Choice>,
    /// Linear scale and matrix: what the scale's ends mean ("Not at all", "Very").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_label: Option<Multiloc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_label: Option<Multiloc>,
}

/// Where a page leads: another page, or the end of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goto {
    Page(String),
    End,
}

impl Serialize for Goto {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Goto::Page(key) => s.serialize_str(key),
            Goto::End => s.serialize_str("end"),
        }
    }
}

impl<'de> Deserialize<'de> for Goto {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Goto, D::Error> {
        let key = String::deserialize(d)?;
        Ok(if key == "end" { Goto::End } else { Goto::Page(key) })
    }
}

/// Skip logic: after its page, a respondent who chose `option` in `question` goes to
/// `goto`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub question: String,
    pub option: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub goto: Goto,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Multiloc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Multiloc>,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Where the page leads when no rule applies (default: the next page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub next: Option<Goto>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logic: Vec<Rule>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub pages: Vec<Page>,
    /// What respondents read once they have submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_message: Option<Multiloc>,
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY
        && key != "end"
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A linear scale's or matrix's points: `min..=max`, 1 to 5 unless set.
fn scale(q: &Question) -> (i64, i64) {
    (q.min.map_or(1, |m| m as i64), q.max.map_or(5, |m| m as i64))
}

/// A rating's most stars: 5 unless set.
fn stars(q: &Question) -> i64 {
    q.max.map_or(5, |m| m as i64)
}

impl Form {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.pages.iter().flat_map(|p| p.questions.iter())
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions().find(|q| q.key == key)
    }

    /// The form's problems, each at its place (`pages[1].questions[0].options`): a form
    /// with any is not saved. `poll`: only choice questions.
    pub fn check(&self, poll: bool) -> crate::error::Result<()> {
        let mut problems = Problems::default();
        if self.pages.is_empty() {
            problems.add("pages", "required", None);
        }
        if self.pages.len() > MAX_PAGES {
            problems.add("pages", "too_long", Some(MAX_PAGES));
        }
        if self.questions().count() > MAX_QUESTIONS {
            problems.add("pages", "too_many_questions", Some(MAX_QUESTIONS));
        }
        if let Some(message) = &self.closing_message {
            problems.multiloc("closing_message", message, false, 2_000);
        }
        let mut page_keys = BTreeSet::new();
        let mut question_keys = BTreeSet::new();
        for (p, page) in self.pages.iter().enumerate() {
            let at = format!("pages[{p}]");
            if !valid_key(&page.key) {
                problems.add(&format!("{at}.key"), "invalid", None);
            } else if !page_keys.insert(page.key.as_str()) {
                problems.add(&format!("{at}.key"), "taken", None);
            }
            for (i, q) in page.questions.iter().enumerate() {
                let at = format!("{at}.questions[{i}]");
                if !valid_key(&q.key) {
                    problems.add(&format!("{at}.key"), "invalid", None);
                } else if !question_keys.insert(q.key.as_str()) {
                    problems.add(&format!("{at}.key"), "taken", None);
                }
                check_question(&mut problems, &at, q, poll);
            }
        }
        // Skip logic only goes forward, to a page that exists (or to the end): no loops.
        for (p, page) in self.pages.iter().enumerate() {
            let forward = |goto: &Goto| match goto {
                Goto::End => true,
                Goto::Page(key) => self.pages.iter().position(|other| &other.key == key).is_some_and(|to| to > p),
            };
            if page.next.as_ref().is_some_and(|goto| !forward(goto)) {
                problems.add(&format!("pages[{p}].next"), "invalid", None);
            }
            for (r, rule) in page.logic.iter().enumerate() {
                let at = format!("pages[{p}].logic[{r}]");
                let question = page.questions.iter().find(|q| q.key == rule.question);
                match question {
                    Some(q) if matches!(q.kind, QuestionType::SingleChoice | QuestionType::MultipleChoice) => {
                        if !q.options.iter().any(|o| o.key == rule.option) {
                            problems.add(&format!("{at}.option"), "not_found", None);
                        }
                    }
                    _ => problems.add(&format!("{at}.question"), "not_found", None),
                }
                if !forward(&rule.goto) {
                    problems.add(&format!("{at}.goto"), "invalid", None);
                }
            }
        }
        problems.into_result()
    }

    /// Where a respondent goes after the page at `at`: the page's first rule that
    /// applies to their answers, else its `next`, else the following page; `None` at the
    /// end of the form.
    pub fn after(&self, at: usize, answers: &Map<String, Value>) -> Option<usize> {
        let page = self.pages.get(at)?;
        let applies = |rule: &&Rule| chose(answers, &rule.question, &rule.option);
        match page.logic.iter().find(applies).map(|r| &r.goto).or(page.next.as_ref()) {
            None => Some(at + 1).filter(|next| *next < self.pages.len()),
            Some(Goto::End) => None,
            // Checked forward when saved; a form changed since cannot loop either.
            Some(Goto::Page(key)) => self.pages.iter().position(|p| &p.key == key).filter(|to| *to > at),
        }
    }

    /// The pages a respondent with these answers goes through, in order, from the first.
    pub fn path(&self, answers: &Map<String, Value>) -> Vec<&str> {
        let mut path = Vec::new();
        let mut at = (!self.pages.is_empty()).then_some(0);
        while let Some(page) = at {
            path.push(self.pages[page].key.as_str());
            at = self.after(page, answers);
        }
        path
    }

    /// The page with this key, by its place.
    pub fn page_at(&self, key: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.key == key)
    }

    /// Checks the answers to one page's questions, as the respondent leaves it with
    /// "Next": each problem at its question.
    pub fn check_page(&self, at: usize, answers: &Map<String, Value>) -> Result<(), BTreeMap<String, &'static str>> {
        let mut problems = BTreeMap::new();
        for q in self.pages.get(at).map(|p| p.questions.as_slice()).unwrap_or_default() {
            let problem = match answers.get(&q.key).filter(|v| !is_empty(v)) {
                None if q.required => Some("required"),
                None => None,
                Some(value) => check_answer(q, value).err(),
            };
            if let Some(problem) = problem {
                problems.insert(q.key.clone(), problem);
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Checks a response: each answer against its question, required questions
    /// answered, on the pages the respondent's own answers lead through (answers to
    /// pages they skipped are dropped). The answers as stored, or each question's
    /// problem.
    pub fn check_answers(
        &self,
        answers: &Map<String, Value>,
    ) -> Result<Map<String, Value>, BTreeMap<String, &'static str>> {
        let mut problems = BTreeMap::new();
        for key in answers.keys() {
            if self.question(key).is_none() {
                problems.insert(key.clone(), "unknown_question");
            }
        }
        let path = self.path(answers);
        let mut kept = Map::new();
        for page in self.pages.iter().filter(|p| path.contains(&p.key.as_str())) {
            for q in &page.questions {
                match answers.get(&q.key).filter(|v| !is_empty(v)) {
                    None if q.required => {
                        problems.insert(q.key.clone(), "required");
                    }
                    None => {}
                    Some(value) => match check_answer(q, value) {
                        Ok(value) => {
                            kept.insert(q.key.clone(), value);
                        }
                        Err(problem) => {
                            problems.insert(q.key.clone(), problem);
                        }
                    },
                }
            }
        }
        if problems.is_empty() { Ok(kept) } else { Err(problems) }
    }
}

fn check_question(problems: &mut Problems, at: &str, q: &Question, poll: bool) {
    problems.multiloc(&format!("{at}.title"), &q.title, true, 500);
    if let Some(help) = &q.help {
        problems.multiloc(&format!("{at}.help"), help, false, 2_000);
    }
    if poll && !q.kind.in_polls() {
        problems.add(&format!("{at}.type"), "invalid", None);
    }
    let needs_options = q.kind.has_options();
    if needs_options && q.options.len() < 2 {
        problems.add(&format!("{at}.options"), "too_short", Some(2));
    }
    if !needs_options && !q.options.is_empty() {
        problems.add(&format!("{at}.options"), "invalid", None);
    }
    for (list, field) in [(&q.options, "options"), (&q.rows, "rows")] {
        if list.len() > MAX_OPTIONS {
            problems.add(&format!("{at}.{field}"), "too_long", Some(MAX_OPTIONS));
        }
        let mut keys = BTreeSet::new();
        for (i, choice) in list.iter().enumerate() {
            // `other` and `__…` name the "other" answer, in results and in the pages' fields.
            let reserved = choice.key == "other" || choice.key.starts_with("__");
            if reserved || !valid_key(&choice.key) || !keys.insert(choice.key.as_str()) {
                problems.add(&format!("{at}.{field}[{i}].key"), "invalid", None);
            }
            problems.multiloc(&format!("{at}.{field}[{i}].title"), &choice.title, true, 500);
        }
    }
    // Rows belong to matrices, and every matrix has some.
    if (q.kind == QuestionType::Matrix) == q.rows.is_empty() {
        problems.add(&format!("{at}.rows"), if q.kind == QuestionType::Matrix { "required" } else { "invalid" }, None);
    }
    if q.other && !matches!(q.kind, QuestionType::SingleChoice | QuestionType::MultipleChoice) {
        problems.add(&format!("{at}.other"), "invalid", None);
    }
    for (label, field) in [(&q.min_label, "min_label"), (&q.max_label, "max_label")] {
        if let Some(label) = label {
            if !matches!(q.kind, QuestionType::LinearScale | QuestionType::Matrix) {
                problems.add(&format!("{at}.{field}"), "invalid", None);
            }
            problems.multiloc(&format!("{at}.{field}"), label, false, 100);
        }
    }
    let whole = |x: Option<f64>| x.is_none_or(|x| x.fract() == 0.0 && x.abs() < 1e9);
    match q.kind {
        QuestionType::Number => {
            if q.min.zip(q.max).is_some_and(|(min, max)| min > max)
                || !q.min.into_iter().chain(q.max).all(f64::is_finite)
            {
                problems.add(&format!("{at}.max"), "invalid", None);
            }
        }
        QuestionType::LinearScale | QuestionType::Matrix => {
            let (min, max) = scale(q);
            if !whole(q.min) || !whole(q.max) || !(0..=1).contains(&min) || max <= min || max - min > 10 {
                problems.add(&format!("{at}.max"), "invalid", None);
            }
        }
        QuestionType::Rating => {
            if !whole(q.max) || !(2..=10).contains(&stars(q)) || q.min.is_some() {
                problems.add(&format!("{at}.max"), "invalid", None);
            }
        }
        QuestionType::MultipleChoice => {
            let (min, max) =
                (q.min.unwrap_or(0.0), q.max.unwrap_or(q.options.len() as f64 + f64::from(u8::from(q.other))));
            if !whole(q.min) || !whole(q.max) || min < 0.0 || max < 1.0 || min > max {
                problems.add(&format!("{at}.max"), "invalid", None);
            }
        }
        _ => {
            if q.min.is_some() || q.max.is_some() {
                problems.add(&format!("{at}.max"), "invalid", None);
            }
        }
    }
}

/// Nothing said: no value, an empty text, list or object.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A whole number of the JSON value, if it is one.
fn whole_number(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_f64().filter(|x| x.fract() == 0.0 && x.abs() < 1e15).map(|x| x as i64))
}

fn text_answer(value: &Value, max: usize) -> Result<Value, &'static str> {
    let text = value.as_str().ok_or("invalid")?.trim();
    if text.chars().count() > max {
        return Err("too_long");
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("invalid");
    }
    Ok(Value::from(text))
}

/// `{"other": "text"}`: the answer of an "other" option.
fn other_answer(q: &Question, value: &Value) -> Result<Value, &'static str> {
    let Some(text) = value.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("other")) else {
        return Err("invalid");
    };
    if !q.other {
        return Err("not_an_option");
    }
    let text = text_answer(text, MAX_SHORT_TEXT)?;
    if is_empty(&text) {
        return Err("required");
    }
    Ok(json!({ "other": text }))
}

/// One answer checked against its question (not empty: see `is_empty`); the value as
/// stored (texts trimmed).
pub fn check_answer(q: &Question, value: &Value) -> Result<Value, &'static str> {
    let option = |key: &str| q.options.iter().any(|o| o.key == key);
    match q.kind {
        QuestionType::ShortText => text_answer(value, MAX_SHORT_TEXT),
        QuestionType::LongText => text_answer(value, MAX_LONG_TEXT),
        QuestionType::Number => {
            let x = value.as_f64().filter(|x| x.is_finite()).ok_or("invalid")?;
            if q.min.is_some_and(|min| x < min) {
                Err("below_minimum")
            } else if q.max.is_some_and(|max| x > max) {
                Err("above_maximum")
            } else {
                Ok(value.clone())
            }
        }
        QuestionType::SingleChoice => match value {
            Value::String(key) if option(key) => Ok(value.clone()),
            Value::String(_) => Err("not_an_option"),
            _ => other_answer(q, value),
        },
        QuestionType::MultipleChoice => {
            let items = value.as_array().ok_or("invalid")?;
            let mut chosen = BTreeSet::new();
            let mut kept = Vec::new();
            let mut others = 0;
            for item in items {
                match item {
                    Value::String(key) if !option(key) => return Err("not_an_option"),
                    Value::String(key) if !chosen.insert(key.as_str()) => return Err("invalid"),
                    Value::String(_) => kept.push(item.clone()),
                    _ => {
                        others += 1;
                        kept.push(other_answer(q, item)?);
                    }
                }
            }
            if others > 1 {
                return Err("invalid");
            }
            let count = kept.len() as f64;
            if q.min.is_some_and(|min| count < min) {
                Err("too_few")
            } else if q.max.is_some_and(|max| count > max) {
                Err("too_many")
            } else {
                Ok(Value::Array(kept))
            }
        }
        QuestionType::LinearScale => {
            let (min, max) = scale(q);
            let x = whole_number(value).ok_or("invalid")?;
            if (min..=max).contains(&x) { Ok(Value::from(x)) } else { Err("out_of_range") }
        }
        QuestionType::Rating => {
            let x = whole_number(value).ok_or("invalid")?;
            if (1..=stars(q)).contains(&x) { Ok(Value::from(x)) } else { Err("out_of_range") }
        }
        QuestionType::Ranking => {
            let items = value.as_array().ok_or("invalid")?;
            let keys: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            let keys = keys.ok_or("invalid")?;
            let distinct: BTreeSet<&str> = keys.iter().copied().collect();
            if keys.iter().any(|k| !option(k)) {
                Err("not_an_option")
            } else if distinct.len() != keys.len() || keys.len() != q.options.len() {
                // Every option, each once: a ranking orders them all.
                Err("incomplete")
            } else {
                Ok(value.clone())
            }
        }
        QuestionType::Matrix => {
            let rows = value.as_object().ok_or("invalid")?;
            let (min, max) = scale(q);
            let mut kept = Map::new();
            for (row, point) in rows {
                if !q.rows.iter().any(|r| &r.key == row) {
                    return Err("not_an_option");
                }
                let x = whole_number(point).ok_or("invalid")?;
                if !(min..=max).contains(&x) {
                    return Err("out_of_range");
                }
                kept.insert(row.clone(), Value::from(x));
            }
            if q.required && kept.len() != q.rows.len() {
                return Err("incomplete");
            }
            Ok(Value::Object(kept))
        }
        QuestionType::Date => {
            let text = value.as_str().ok_or("invalid")?;
            let valid = text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
            if valid { Ok(value.clone()) } else { Err("invalid") }
        }
        QuestionType::Point => {
            let point = value.as_object().ok_or("invalid")?;
            let (lat, lng) = (point.get("lat").and_then(Value::as_f64), point.get("lng").and_then(Value::as_f64));
            match (lat, lng) {
                (Some(lat), Some(lng)) if point.len() == 2 && lat.abs() <= 90.0 && lng.abs() <= 180.0 => {
                    Ok(json!({ "lat": lat, "lng": lng }))
                }
                _ => Err("invalid"),
            }
        }
        // The upload's id; that it exists and is the respondent's is the use case's check.
        QuestionType::File => whole_number(value).filter(|id| *id > 0).map(Value::from).ok_or("invalid"),
    }
}

/// What the answers to one question add up to, for the results page and the API.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// How many responses answer it.
    pub answered: u64,
    /// Choices: how many chose each option (`other` for the "other" answers); scales
    /// and ratings: how many gave each point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<BTreeMap<String, u64>>,
    /// Numbers, scales and ratings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Texts, dates, points and files: the answers themselves (and the "other" texts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<Value>>,
    /// Rankings: each option's Borda points, most first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borda: Option<Vec<(String, u64)>>,
    /// Matrices: each row's counts per point and mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<BTreeMap<String, Summary>>,
}

/// Adds up the answers to a question one at a time, so that no list of them all is
/// needed (exports read hundreds of thousands).
#[derive(Debug, Clone)]
pub struct Tally<'a> {
    q: &'a Question,
    summary: Summary,
    /// Numbers, scales and ratings: the sum of the values and how many.
    sum: f64,
    numbers: u64,
    /// Matrices: per row, the sum and count of its points.
    row_sums: BTreeMap<String, (f64, u64)>,
    /// Rankings: the Borda count, in the options' order. In each ranking of n options,
    /// the first gets n − 1 points, the next n − 2, and so on.
    points: Vec<(String, u64)>,
}

/// Counts per point of a scale, every point present (a bar of 0 is a finding too).
fn zeros(keys: impl IntoIterator<Item = String>) -> Option<BTreeMap<String, u64>> {
    Some(keys.into_iter().map(|k| (k, 0)).collect())
}

fn count(counts: &mut Option<BTreeMap<String, u64>>, key: String) {
    *counts.get_or_insert_default().entry(key).or_default() += 1;
}

impl<'a> Tally<'a> {
    /// `keep_texts`: list the text answers (and "other" texts) too.
    pub fn new(q: &'a Question, keep_texts: bool) -> Tally<'a> {
        let mut summary = Summary::default();
        let (min, max) = scale(q);
        match q.kind {
            QuestionType::ShortText
            | QuestionType::LongText
            | QuestionType::Date
            | QuestionType::Point
            | QuestionType::File => summary.answers = keep_texts.then(Vec::new),
            QuestionType::LinearScale => summary.counts = zeros((min..=max).map(|p| p.to_string())),
            QuestionType::Rating => summary.counts = zeros((1..=stars(q)).map(|p| p.to_string())),
            QuestionType::SingleChoice | QuestionType::MultipleChoice => {
                summary.counts = zeros(q.options.iter().map(|o| o.key.clone()));
                summary.answers = (q.other && keep_texts).then(Vec::new);
            }
            QuestionType::Matrix => {
                let row = Summary { counts: zeros((min..=max).map(|p| p.to_string())), ..Summary::default() };
                summary.rows = Some(q.rows.iter().map(|r| (r.key.clone(), row.clone())).collect());
            }
            QuestionType::Number | QuestionType::Ranking => {}
        }
        let points = q.options.iter().map(|o| (o.key.clone(), 0)).collect();
        Tally { q, summary, sum: 0.0, numbers: 0, row_sums: BTreeMap::new(), points }
    }

    /// The key of the question it adds up.
    pub fn question(&self) -> &'a str {
        &self.q.key
    }

    /// Adds one stored answer (see `check_answer`); an empty one is not counted.
    pub fn add(&mut self, answer: &Value) {
        if is_empty(answer) {
            return;
        }
        let summary = &mut self.summary;
        summary.answered += 1;
        match self.q.kind {
            QuestionType::ShortText
            | QuestionType::LongText
            | QuestionType::Date
            | QuestionType::Point
            | QuestionType::File => summary.answers.iter_mut().for_each(|a| a.push(answer.clone())),
            QuestionType::Number | QuestionType::LinearScale | QuestionType::Rating => {
                let Some(x) = answer.as_f64() else { return };
                self.sum += x;
                self.numbers += 1;
                if self.q.kind != QuestionType::Number {
                    count(&mut summary.counts, x.to_string());
                }
            }
            QuestionType::SingleChoice | QuestionType::MultipleChoice => {
                let chosen = answer.as_array().map_or_else(|| vec![answer], |a| a.iter().collect());
                for choice in chosen {
                    match choice {
                        Value::String(key) => count(&mut summary.counts, key.clone()),
                        other => {
                            count(&mut summary.counts, "other".to_owned());
                            if let (Some(texts), Some(text)) = (&mut summary.answers, other.get("other")) {
                                texts.push(text.clone());
                            }
                        }
                    }
                }
            }
            QuestionType::Ranking => {
                let Some(keys) = answer.as_array() else { return };
                let n = keys.len() as u64;
                for (place, key) in keys.iter().enumerate() {
                    if let Some(entry) = self.points.iter_mut().find(|(k, _)| Some(k.as_str()) == key.as_str()) {
                        entry.1 += n.saturating_sub(1 + place as u64);
                    }
                }
            }
            QuestionType::Matrix => {
                let Some(rows) = &mut summary.rows else { return };
                for (row, row_summary) in rows.iter_mut() {
                    let Some(x) = answer.get(row).and_then(Value::as_f64) else { continue };
                    row_summary.answered += 1;
                    count(&mut row_summary.counts, x.to_string());
                    let sums = self.row_sums.entry(row.clone()).or_default();
                    sums.0 += x;
                    sums.1 += 1;
                }
            }
        }
    }

    pub fn summary(mut self) -> Summary {
        let mean = |sum: f64, n: u64| (n > 0).then(|| sum / n as f64);
        match self.q.kind {
            QuestionType::Number | QuestionType::LinearScale | QuestionType::Rating => {
                self.summary.mean = mean(self.sum, self.numbers);
            }
            QuestionType::Ranking => {
                // A stable sort: equal points keep the options' order.
                self.points.sort_by_key(|(_, points)| std::cmp::Reverse(*points));
                self.summary.borda = Some(self.points);
            }
            QuestionType::Matrix => {
                for (row, summary) in self.summary.rows.iter_mut().flatten() {
                    let (sum, n) = self.row_sums.get(row).copied().unwrap_or_default();
                    summary.mean = mean(sum, n);
                }
            }
            _ => {}
        }
        self.summary
    }
}

/// Adds up the stored answers (see `check_answer`) to a question.
pub fn summarize<'a>(q: &'a Question, answers: impl IntoIterator<Item = &'a Value>) -> Summary {
    let mut tally = Tally::new(q, true);
    answers.into_iter().for_each(|a| tally.add(a));
    tally.summary()
}

/// What a new version of a form does to questions that may have answers: staff are
/// warned before they save it. Titles and texts may change freely (typos get fixed).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub question: String,
    /// `removed`, `type_changed`, `options_removed` (an option or matrix row is gone).
    pub change: &'static str,
}

pub fn changes(old: &Form, new: &Form) -> Vec<Change> {
    let mut changes = Vec::new();
    for before in old.questions() {
        let change = match new.question(&before.key) {
            None => "removed",
            Some(after) if after.kind != before.kind => "type_changed",
            Some(after) => {
                let gone = |was: &[Choice], is: &[Choice]| was.iter().any(|c| !is.iter().any(|d| d.key == c.key));
                if gone(&before.options, &after.options) || gone(&before.rows, &after.rows) {
                    "options_removed"
                } else {
                    continue;
                }
            }
        };
        changes.push(Change { question: before.key.clone(), change });
    }
    changes
}

/// Once a survey or poll has responses, it stays one, and stays anonymous or not: its
/// responses were given under that promise (and anonymous ones cannot be linked back).
pub fn may_change_answered(old: &MethodConfig, new: &MethodConfig) -> crate::error::Result<()> {
    let Some(before) = old.survey() else { return Ok(()) };
    if new.method() != old.method() {
        return Err(crate::Error::field("method", "answered"));
    }
    if new.survey().is_some_and(|after| after.anonymous != before.anonymous) {
        return Err(crate::Error::field("survey.anonymous", "answered"));
    }
    Ok(())
}

/// Whether a person may submit more than one response: polls take one per person,
/// surveys as their settings say.
pub fn one_per_person(settings: &SurveySettings, poll: bool) -> bool {
    poll || settings.one_response_per_person
}

/// Who sees the results: the project's staff always; anyone who sees the project while
/// the phase runs when they are live, or once it is over when they are public.
pub fn may_see_results(settings: &SurveySettings, staff: bool, phase_over: bool) -> crate::error::Result<()> {
    if staff || settings.results_live || (settings.results_public && phase_over) {
        Ok(())
    } else {
        Err(crate::Error::new(crate::Code::ResultsNotPublished))
    }
}

/// The largest file a respondent may upload, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of files a survey takes: documents and pictures, recognised by their first
/// bytes whatever their name says, with the name's extension for the formats that are
/// zip files inside. The content type they are served with (always as a download), or
/// `None` for anything else (a script or a page is never accepted).
pub fn file_type(file_name: &str, bytes: &[u8]) -> Option<&'static str> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        Some("application/pdf")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else if starts(b"PK\x03\x04") {
        match extension.as_str() {
            "docx" => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "odt" => Some("application/vnd.oasis.opendocument.text"),
            "ods" => Some("application/vnd.oasis.opendocument.spreadsheet"),
            _ => None,
        }
    } else if matches!(extension.as_str(), "txt" | "csv")
        && std::str::from_utf8(bytes).is_ok_and(|text| !text.contains('\0') && !text.trim_start().starts_with('<'))
    {
        Some(if extension == "csv" { "text/csv" } else { "text/plain" })
    } else {
        None
    }
}

/// Whether a response chose `option` in the choice question `question` (the results'
/// filter: "only people who cycle to work").
pub fn chose(answers: &Map<String, Value>, question: &str, option: &str) -> bool {
    match answers.get(question) {
        Some(Value::String(key)) => key == option,
        Some(Value::Array(keys)) => keys.iter().any(|k| k.as_str() == Some(option)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Multiloc {
        Multiloc::new("en", text)
    }

    fn choices(keys: &[&str]) -> Vec<Choice> {
        keys.iter().map(|k| Choice { key: (*k).to_owned(), title: t(k) }).collect()
    }

    fn question(key: &str, kind: QuestionType) -> Question {
        Question {
            key: key.to_owned(),
            kind,
            title: t(key),
            required: false,
            help: None,
            options: if kind.has_options() { choices(&["a", "b", "c"]) } else { Vec::new() },
            min: None,
            max: None,
            other: false,
            rows: if kind == QuestionType::Matrix { choices(&["r1", "r2"]) } else { Vec::new() },
            min_label: None,
            max_label: None,
        }
    }

    fn page(key: &str, questions: Vec<Question>) -> Page {
        Page { key: key.to_owned(), title: None, text: None, questions, next: None, logic: Vec::new() }
    }

    /// Three pages: how do you travel (cycle → skip the car page), the car page, the end.
    fn mobility() -> Form {
        let mut how = question("how", QuestionType::SingleChoice);
        how.options = choices(&["cycle", "car", "bus"]);
        how.required = true;
        let mut first = page("travel", vec![how]);
        first.logic = vec![Rule { question: "how".into(), option: "cycle".into(), goto: Goto::Page("last".into()) }];
        let mut km = question("km", QuestionType::Number);
        km.required = true;
        km.min = Some(0.0);
        km.max = Some(500.0);
        let mut score = question("score", QuestionType::LinearScale);
        score.required = true;
        Form { pages: vec![first, page("car", vec![km]), page("last", vec![score])], closing_message: None }
    }

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn fields(e: crate::Error) -> Vec<(String, &'static str)> {
        e.fields.into_iter().map(|f| (f.field, f.problem)).collect()
    }

    #[test]
    fn a_well_made_form_passes_and_goto_serialises_as_text() {
        let form = mobility();
        assert_eq!(form.check(false), Ok(()));
        let json = serde_json::to_value(&form).unwrap();
        assert_eq!(json["pages"][0]["logic"][0]["goto"], "last");
        assert_eq!(json["pages"][0]["questions"][0]["type"], "single_choice");
        let back: Form = serde_json::from_value(json).unwrap();
        assert_eq!(back, form);
        let end: Goto = serde_json::from_value(json!("end")).unwrap();
        assert_eq!(end, Goto::End);
    }

    #[test]
    fn forms_with_problems_say_where() {
        let mut form = mobility();
        form.pages[1].key = "travel".into();
        form.pages[2].questions[0].key = "how".into();
        form.pages[0].logic[0].goto = Goto::Page("nowhere".into());
        form.pages[2].next = Some(Goto::Page("travel".into()));
        let mut bad_scale = question("scale", QuestionType::LinearScale);
        bad_scale.max = Some(30.0);
        form.pages[2].questions.push(bad_scale);
        form.pages[2]
            .questions
            .push(Question { options: choices(&["only"]), ..question("one", QuestionType::SingleChoice) });
        let problems = fields(form.check(false).unwrap_err());
        for expected in [
            ("pages[1].key", "taken"),
            ("pages[2].questions[0].key", "taken"),
            ("pages[0].logic[0].goto", "invalid"),
            ("pages[2].next", "invalid"),
            ("pages[2].questions[1].max", "invalid"),
            ("pages[2].questions[2].options", "too_short"),
        ] {
            assert!(problems.contains(&(expected.0.to_owned(), expected.1)), "{expected:?} in {problems:?}");
        }
        assert_eq!(fields(Form::default().check(false).unwrap_err()), [("pages".to_owned(), "required")]);
    }

    #[test]
    fn other_names_the_other_answer_only() {
        let mut form = mobility();
        form.pages[0].questions[0].options[0].key = "other".into();
        form.pages[0].questions[0].options[1].key = "__other".into();
        let problems = fields(form.check(false).unwrap_err());
        assert!(problems.contains(&("pages[0].questions[0].options[0].key".to_owned(), "invalid")));
        assert!(problems.contains(&("pages[0].questions[0].options[1].key".to_owned(), "invalid")));
    }

    #[test]
    fn polls_ask_choice_questions_only() {
        let poll =
            Form { pages: vec![page("p", vec![question("q", QuestionType::SingleChoice)])], closing_message: None };
        assert_eq!(poll.check(true), Ok(()));
        let text = Form { pages: vec![page("p", vec![question("q", QuestionType::ShortText)])], closing_message: None };
        assert_eq!(fields(text.check(true).unwrap_err()), [("pages[0].questions[0].type".to_owned(), "invalid")]);
    }

    #[test]
    fn skip_logic_decides_the_path_and_what_is_required() {
        let form = mobility();
        assert_eq!(form.path(&answers(json!({"how": "cycle"}))), ["travel", "last"]);
        assert_eq!(form.path(&answers(json!({"how": "car"}))), ["travel", "car", "last"]);
        // A cyclist is not asked the car page's required question, and what they typed
        // there before going back is dropped.
        let kept = form.check_answers(&answers(json!({"how": "cycle", "km": 12, "score": 4}))).unwrap();
        assert_eq!(Value::Object(kept), json!({"how": "cycle", "score": 4}));
        let missing = form.check_answers(&answers(json!({"how": "car", "score": 4}))).unwrap_err();
        assert_eq!(missing, BTreeMap::from([("km".to_owned(), "required")]));
        let unknown = form.check_answers(&answers(json!({"how": "bus", "km": 3, "score": 2, "x": 1}))).unwrap_err();
        assert_eq!(unknown, BTreeMap::from([("x".to_owned(), "unknown_question")]));
    }

    #[test]
    fn every_type_of_answer_is_checked() {
        use QuestionType::*;
        let check = |q: &Question, v: Value| check_answer(q, &v);
        let short = question("s", ShortText);
        assert_eq!(check(&short, json!("  hello  ")), Ok(json!("hello")));
        assert_eq!(check(&short, json!("x".repeat(MAX_SHORT_TEXT + 1))), Err("too_long"));
        assert_eq!(check(&short, json!(5)), Err("invalid"));
        assert_eq!(check(&question("l", LongText), json!("line\nline")), Ok(json!("line\nline")));

        let number = Question { min: Some(1.0), max: Some(10.0), ..question("n", Number) };
        assert_eq!(check(&number, json!(2.5)), Ok(json!(2.5)));
        assert_eq!(check(&number, json!(0)), Err("below_minimum"));
        assert_eq!(check(&number, json!(11)), Err("above_maximum"));
        assert_eq!(check(&number, json!("3")), Err("invalid"));

        let single = Question { other: true, ..question("c", SingleChoice) };
        assert_eq!(check(&single, json!("b")), Ok(json!("b")));
        assert_eq!(check(&single, json!("z")), Err("not_an_option"));
        assert_eq!(check(&single, json!({"other": " by boat "})), Ok(json!({"other": "by boat"})));
        assert_eq!(check(&question("c", SingleChoice), json!({"other": "x"})), Err("not_an_option"));

        let multiple = Question { min: Some(1.0), max: Some(2.0), other: true, ..question("m", MultipleChoice) };
        assert_eq!(check(&multiple, json!(["a", {"other": "walk"}])), Ok(json!(["a", {"other": "walk"}])));
        assert_eq!(check(&multiple, json!(["a", "b", "c"])), Err("too_many"));
        assert_eq!(check(&multiple, json!(["a", "a"])), Err("invalid"));
        assert_eq!(check(&multiple, json!(["z"])), Err("not_an_option"));

        let scale = Question { min: Some(1.0), max: Some(7.0), ..question("ls", LinearScale) };
        assert_eq!(check(&scale, json!(7)), Ok(json!(7)));
        assert_eq!(check(&scale, json!(8)), Err("out_of_range"));
        assert_eq!(check(&scale, json!(2.5)), Err("invalid"));
        assert_eq!(check(&question("r", Rating), json!(5)), Ok(json!(5)));
        assert_eq!(check(&question("r", Rating), json!(0)), Err("out_of_range"));

        let ranking = question("rk", Ranking);
        assert_eq!(check(&ranking, json!(["c", "a", "b"])), Ok(json!(["c", "a", "b"])));
        assert_eq!(check(&ranking, json!(["c", "a"])), Err("incomplete"));
        assert_eq!(check(&ranking, json!(["c", "c", "a"])), Err("incomplete"));
        assert_eq!(check(&ranking, json!(["c", "a", "z"])), Err("not_an_option"));

        let matrix = Question { required: true, ..question("mx", Matrix) };
        assert_eq!(check(&matrix, json!({"r1": 1, "r2": 5})), Ok(json!({"r1": 1, "r2": 5})));
        assert_eq!(check(&matrix, json!({"r1": 1})), Err("incomplete"));
        assert_eq!(check(&matrix, json!({"r1": 1, "r9": 2})), Err("not_an_option"));
        assert_eq!(check(&matrix, json!({"r1": 1, "r2": 6})), Err("out_of_range"));

        let date = question("d", Date);
        assert_eq!(check(&date, json!("2026-12-02")), Ok(json!("2026-12-02")));
        assert_eq!(check(&date, json!("2026-02-30")), Err("invalid"));
        assert_eq!(check(&date, json!("2/12/2026")), Err("invalid"));

        let point = question("p", Point);
        assert_eq!(check(&point, json!({"lat": 51.05, "lng": 3.72})), Ok(json!({"lat": 51.05, "lng": 3.72})));
        assert_eq!(check(&point, json!({"lat": 91, "lng": 3})), Err("invalid"));
        assert_eq!(check(&point, json!({"lat": 51.0})), Err("invalid"));

        assert_eq!(check(&question("f", File), json!(12)), Ok(json!(12)));
        assert_eq!(check(&question("f", File), json!("../etc/passwd")), Err("invalid"));
    }

    #[test]
    fn answers_add_up_per_question() {
        use QuestionType::*;
        let single = Question { other: true, ..question("c", SingleChoice) };
        let given = [json!("a"), json!("a"), json!({"other": "boat"}), json!(null)];
        let summary = summarize(&single, &given);
        assert_eq!(summary.answered, 3);
        let counts = summary.counts.unwrap();
        assert_eq!((counts["a"], counts["b"], counts["other"]), (2, 0, 1));
        assert_eq!(summary.answers, Some(vec![json!("boat")]));

        let multiple = question("m", MultipleChoice);
        let counts = summarize(&multiple, &[json!(["a", "b"]), json!(["b"])]).counts.unwrap();
        assert_eq!((counts["a"], counts["b"], counts["c"]), (1, 2, 0));

        let scale = question("s", LinearScale);
        let summary = summarize(&scale, &[json!(1), json!(5), json!(5)]);
        assert_eq!(summary.mean, Some(11.0 / 3.0));
        assert_eq!(summary.counts.unwrap().values().copied().collect::<Vec<_>>(), [1, 0, 0, 0, 2]);

        let matrix = question("x", Matrix);
        let rows = summarize(&matrix, &[json!({"r1": 2, "r2": 4}), json!({"r1": 4})]).rows.unwrap();
        assert_eq!((rows["r1"].mean, rows["r2"].answered), (Some(3.0), 1));

        let ranking = question("r", Ranking);
        let summary = summarize(&ranking, &[json!(["c", "b", "a"])]);
        assert_eq!(summary.borda.unwrap()[0], ("c".to_owned(), 2));

        let texts = summarize(&question("t", ShortText), &[json!("one"), json!("")]);
        assert_eq!((texts.answered, texts.answers), (1, Some(vec![json!("one")])));
    }

    #[test]
    fn results_filter_by_a_choice() {
        let response = answers(json!({"how": "cycle", "also": ["bus", "walk"]}));
        assert!(chose(&response, "how", "cycle"));
        assert!(!chose(&response, "how", "car"));
        assert!(chose(&response, "also", "walk"));
        assert!(!chose(&response, "missing", "walk"));
    }

    #[test]
    fn rankings_are_counted_by_borda() {
        let ranking = question("r", QuestionType::Ranking);
        let rankings = [json!(["a", "b", "c"]), json!(["b", "a", "c"]), json!(["b", "c", "a"])];
        let borda = |answers: &[Value]| summarize(&ranking, answers).borda.unwrap();
        let points = |list: &[(&str, u64)]| list.iter().map(|(k, p)| ((*k).to_owned(), *p)).collect::<Vec<_>>();
        // a: 2 + 1 + 0, b: 1 + 2 + 2, c: 0 + 0 + 1.
        assert_eq!(borda(&rankings), points(&[("b", 5), ("a", 3), ("c", 1)]));
        assert_eq!(borda(&[]), points(&[("a", 0), ("b", 0), ("c", 0)]));
    }

    #[test]
    fn polls_take_one_response_a_person_and_results_show_as_set() {
        let several = SurveySettings { one_response_per_person: false, ..SurveySettings::default() };
        assert!(!one_per_person(&several, false));
        assert!(one_per_person(&several, true));
        let closed = SurveySettings::default();
        let public = SurveySettings { results_public: true, ..closed };
        let live = SurveySettings { results_live: true, ..closed };
        assert_eq!(may_see_results(&closed, true, false), Ok(()));
        assert!(may_see_results(&closed, false, true).is_err());
        assert!(may_see_results(&public, false, false).is_err());
        assert_eq!(may_see_results(&public, false, true), Ok(()));
        assert_eq!(may_see_results(&live, false, false), Ok(()));
    }

    #[test]
    fn files_are_known_by_their_bytes() {
        assert_eq!(file_type("plan.pdf", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(file_type("photo.html", b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(file_type("page.pdf", b"<html><script>"), None);
        assert_eq!(file_type("notes.txt", b"my notes"), Some("text/plain"));
        assert_eq!(file_type("page.txt", b"<html>"), None);
        assert_eq!(
            file_type("x.docx", b"PK\x03\x04...."),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(file_type("x.jar", b"PK\x03\x04...."), None);
        assert_eq!(file_type("run.exe", b"MZ\x90\x00"), None);
    }

    #[test]
    fn staff_are_told_what_a_new_version_does_to_answered_questions() {
        let old = mobility();
        let mut new = mobility();
        new.pages[0].questions[0].title = t("How do you travel to work?");
        assert_eq!(changes(&old, &new), []);
        new.pages[0].questions[0].options.pop();
        new.pages[1].questions.clear();
        new.pages[2].questions[0].kind = QuestionType::Rating;
        let changes = changes(&old, &new);
        let found: Vec<(&str, &str)> = changes.iter().map(|c| (c.question.as_str(), c.change)).collect();
        assert_eq!(found, [("how", "options_removed"), ("km", "removed"), ("score", "type_changed")]);
    }

    #[test]
    fn an_answered_survey_keeps_its_method_and_its_anonymity() {
        let survey = |anonymous| MethodConfig::Survey(SurveySettings { anonymous, ..SurveySettings::default() });
        let live = MethodConfig::Survey(SurveySettings { results_live: true, ..SurveySettings::default() });
        assert_eq!(may_change_answered(&survey(false), &live), Ok(()));
        assert!(may_change_answered(&survey(false), &survey(true)).is_err());
        assert!(may_change_answered(&survey(true), &MethodConfig::Information).is_err());
        assert_eq!(may_change_answered(&MethodConfig::Information, &survey(true)), Ok(()));
    }
}
