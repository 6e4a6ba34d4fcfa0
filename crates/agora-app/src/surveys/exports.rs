//! The responses of a survey or poll as a file for staff: XLSX (a sheet of responses
//! with a column per question and sub-answer, then a sheet per question's summary) or
//! CSV (the responses), in the language chosen. Written a batch of responses at a time
//! to a temporary file, so that memory stays bounded however many there are.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};

use agora_core::permissions::{Actor, moderator};
use agora_core::survey::{Question, QuestionType, Summary, Tally};
use agora_core::{Error, Id};
use agora_db::responses::{self, Response};
use agora_db::{Db, Result, forms};
use agora_i18n::t;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::results::BATCH;
use super::{stored_form, survey_phase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// A finished export: the file, read from its start, and the name to download it as.
pub struct Export {
    pub file: File,
    pub file_name: String,
    pub format: Format,
}

/// A worksheet's most columns: a form with more (100 options to each of 200 questions,
/// say) exports as CSV only.
const MAX_XLSX_COLUMNS: usize = 16_384;

/// One cell of the responses sheet.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("export: {e}"))
}

/// Every question answers were given to, in every version of the form: the current
/// form's in its order (as it titles them now), then those removed since, so that no
/// answer is left out of the file.
async fn every_question(db: &Db, phase_id: Id) -> Result<Vec<Question>> {
    let mut questions: Vec<Question> = stored_form(db, phase_id).await?.form.questions().cloned().collect();
    for old in forms::versions(db, phase_id).await?.iter().rev() {
        for q in old.questions() {
            if !questions.iter().any(|known| known.key == q.key) {
                questions.push(q.clone());
            }
        }
    }
    Ok(questions)
}

/// The headers of a question's columns.
fn headers(q: &Question, locale: &str) -> Vec<String> {
    let title = q.title.text(locale);
    let sub = |part: &str| format!("{title}: {part}");
    let mut headers = match q.kind {
        QuestionType::MultipleChoice | QuestionType::Ranking => {
            q.options.iter().map(|o| sub(o.title.text(locale))).collect()
        }
        QuestionType::Matrix => q.rows.iter().map(|r| sub(r.title.text(locale))).collect(),
        QuestionType::Point => vec![sub(&t(locale, "export-latitude")), sub(&t(locale, "export-longitude"))],
        _ => vec![title.to_owned()],
    };
    if q.other {
        headers.push(sub(&t(locale, "export-other")));
    }
    headers
}

fn option_title(q: &Question, key: &str, locale: &str) -> String {
    q.options.iter().find(|o| o.key == key).map_or_else(|| key.to_owned(), |o| o.title.text(locale).to_owned())
}

/// The cells of a question's columns for one answer (`None`: not answered).
fn cells(q: &Question, answer: Option<&Value>, locale: &str) -> Vec<Cell> {
    let text = |v: &Value| v.as_str().map_or(Cell::Empty, |s| Cell::Text(s.to_owned()));
    let number = |v: Option<&Value>| v.and_then(Value::as_f64).map_or(Cell::Empty, Cell::Number);
    let other = answer.and_then(|a| match a {
        Value::Array(items) => items.iter().find_map(|i| i.get("other")),
        _ => a.get("other"),
    });
    let mut cells = match (q.kind, answer) {
        (QuestionType::MultipleChoice, _) => {
            let chose = |key: &str| answer.and_then(Value::as_array).is_some_and(|a| a.iter().any(|v| v == key));
            q.options.iter().map(|o| if chose(&o.key) { Cell::Number(1.0) } else { Cell::Empty }).collect()
        }
        (QuestionType::Ranking, _) => {
            let place = |key: &str| answer.and_then(Value::as_array)?.iter().position(|v| v == key);
            q.options.iter().map(|o| place(&o.key).map_or(Cell::Empty, |p| Cell::Number(p as f64 + 1.0))).collect()
        }
        (QuestionType::Matrix, _) => q.rows.iter().map(|r| number(answer.and_then(|a| a.get(&r.key)))).collect(),
        (QuestionType::Point, _) => {
            vec![number(answer.and_then(|a| a.get("lat"))), number(answer.and_then(|a| a.get("lng")))]
        }
        (_, None) => vec![Cell::Empty],
        (QuestionType::SingleChoice, Some(Value::String(key))) => vec![Cell::Text(option_title(q, key, locale))],
        (QuestionType::SingleChoice, Some(_)) => vec![Cell::Text(t(locale, "export-other"))],
        (QuestionType::Number | QuestionType::LinearScale | QuestionType::Rating, a) => vec![number(a)],
        (QuestionType::File, Some(id)) => {
            vec![id.as_i64().map_or(Cell::Empty, |id| Cell::Text(format!("/api/v1/uploads/{id}")))]
        }
        (_, Some(a)) => vec![text(a)],
    };
    if q.other {
        cells.push(other.map_or(Cell::Empty, text));
    }
    cells
}

/// The first columns of every row: which response, when, by whom (none when anonymous),
/// under which version of the form, through which pages.
fn fixed_headers(locale: &str) -> Vec<String> {
    ["export-response", "export-submitted", "export-respondent", "export-version", "export-path"]
        .iter()
        .map(|id| t(locale, id))
        .collect()
}

fn row(response: &Response, questions: &[Question], locale: &str) -> Vec<Cell> {
    let submitted = chrono::DateTime::from_timestamp_micros(response.submitted_at)
        .map_or_else(String::new, |at| at.format("%Y-%m-%d %H:%M:%S").to_string());
    let mut row = vec![
        Cell::Number(response.id as f64),
        Cell::Text(submitted),
        response.respondent_id.map_or(Cell::Empty, |id| Cell::Number(id as f64)),
        Cell::Number(response.form_version as f64),
        Cell::Text(response.path.join(" > ")),
    ];
    for q in questions {
        row.extend(cells(q, response.answers.get(&q.key), locale));
    }
    row
}

/// The project's staff export the phase's responses.
pub async fn export(db: &Db, actor: Option<&Actor>, phase_id: Id, format: Format, locale: &str) -> Result<Export> {
    let survey = survey_phase(db, actor, phase_id).await?;
    moderator(actor, survey.context.project_id)?;
    let questions = every_question(db, phase_id).await?;
    let mut header = fixed_headers(locale);
    header.extend(questions.iter().flat_map(|q| headers(q, locale)));
    if format == Format::Xlsx && header.len() > MAX_XLSX_COLUMNS {
        let limit = Some(MAX_XLSX_COLUMNS);
        return Err(Error::invalid(vec![agora_core::FieldError {
            field: "columns".into(),
            problem: "too_long",
            limit,
        }]));
    }
    let mut sink = match format {
        Format::Xlsx => Sink::xlsx(&header)?,
        Format::Csv => Sink::csv(&header)?,
    };
    let mut tallies: Vec<Tally> = questions.iter().map(|q| Tally::new(q, false)).collect();
    let mut after = 0;
    loop {
        let batch = responses::batch(db, phase_id, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for response in &batch {
            sink.row(&row(response, &questions, locale))?;
            for tally in &mut tallies {
                if let Some(answer) = response.answers.get(tally.question()) {
                    tally.add(answer);
                }
            }
        }
    }
    let summaries: Vec<Summary> = tallies.into_iter().map(Tally::summary).collect();
    let locale = locale.to_owned();
    let file =
        tokio::task::spawn_blocking(move || sink.finish(&questions, &summaries, &locale)).await.map_err(internal)??;
    Ok(Export { file, file_name: format!("survey-{phase_id}-responses.{}", format.extension()), format })
}

/// Where rows go: a workbook whose responses sheet is written in constant memory, or a
/// CSV file.
enum Sink {
    Xlsx { workbook: Box<Workbook>, next_row: u32 },
    Csv(Box<csv::Writer<File>>),
}

fn xlsx(e: XlsxError) -> Error {
    internal(e)
}

impl Sink {
    fn xlsx(header: &[String]) -> Result<Sink> {
        let mut workbook = Box::new(Workbook::new());
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name("Responses").map_err(xlsx)?;
        let mut sink = Sink::Xlsx { workbook, next_row: 0 };
        sink.row(&header.iter().map(|h| Cell::Text(h.clone())).collect::<Vec<_>>())?;
        Ok(sink)
    }

    fn csv(header: &[String]) -> Result<Sink> {
        let mut writer = csv::Writer::from_writer(tempfile::tempfile().map_err(internal)?);
        writer.write_record(header).map_err(internal)?;
        Ok(Sink::Csv(Box::new(writer)))
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        match self {
            Sink::Xlsx { workbook, next_row } => {
                let sheet = workbook.worksheet_from_index(0).map_err(xlsx)?;
                write_row(sheet, *next_row, cells).map_err(xlsx)?;
                *next_row += 1;
                Ok(())
            }
            Sink::Csv(writer) => {
                let record = cells.iter().map(|cell| match cell {
                    Cell::Empty => String::new(),
                    Cell::Text(text) => inert(text),
                    Cell::Number(x) => x.to_string(),
                });
                writer.write_record(record).map_err(internal)
            }
        }
    }

    /// Adds the summary sheets (XLSX) and returns the file, read from its start.
    fn finish(self, questions: &[Question], summaries: &[Summary], locale: &str) -> Result<File> {
        let mut file = match self {
            Sink::Xlsx { mut workbook, .. } => {
                for (i, (q, summary)) in questions.iter().zip(summaries).enumerate() {
                    let sheet = workbook.add_worksheet();
                    // Sheet names: at most 31 characters, unique by the question's number.
                    let name: String = format!("{} {}", i + 1, q.key).chars().take(31).collect();
                    sheet.set_name(name).map_err(xlsx)?;
                    write_summary(sheet, q, summary, locale).map_err(xlsx)?;
                }
                let mut file = tempfile::tempfile().map_err(internal)?;
                workbook.save_to_writer(&mut file).map_err(xlsx)?;
                file
            }
            Sink::Csv(writer) => writer.into_inner().map_err(internal)?,
        };
        file.flush().map_err(internal)?;
        file.seek(SeekFrom::Start(0)).map_err(internal)?;
        Ok(file)
    }
}

/// A text a spreadsheet will not take for a formula: one that starts like a formula
/// (`=`, `+`, `-`, `@`, a tab or a return) is written after an apostrophe, as
/// spreadsheets themselves do to keep text as text.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[Cell]) -> std::result::Result<(), XlsxError> {
    for (column, cell) in cells.iter().enumerate() {
        let column = column as u16;
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => {
                sheet.write_string(row, column, text)?;
            }
            Cell::Number(x) => {
                sheet.write_number(row, column, *x)?;
            }
        }
    }
    Ok(())
}

/// The keys of a question's counts in the order people read them: the options' order,
/// or the scale's points as numbers (not 1, 10, 2), then "other".
pub fn in_order<'a>(q: &Question, counts: &'a BTreeMap<String, u64>) -> Vec<&'a String> {
    let mut keys: Vec<&String> =
        q.options.iter().filter_map(|o| counts.get_key_value(&o.key).map(|(k, _)| k)).collect();
    let mut rest: Vec<&String> = counts.keys().filter(|k| !keys.contains(k)).collect();
    rest.sort_by_key(|k| (k.as_str() == "other", k.parse::<i64>().unwrap_or(i64::MAX)));
    keys.extend(rest);
    keys
}

/// A question's summary sheet: its title, how many answered, then per option (or
/// point, or matrix row) the count and share, the mean, the Borda points.
fn write_summary(sheet: &mut Worksheet, q: &Question, s: &Summary, locale: &str) -> std::result::Result<(), XlsxError> {
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![Cell::Text(q.title.text(locale).to_owned())],
        vec![Cell::Text(t(locale, "export-answered")), Cell::Number(s.answered as f64)],
    ];
    let share = |n: u64| if s.answered == 0 { 0.0 } else { n as f64 * 100.0 / s.answered as f64 };
    if let Some(counts) = &s.counts {
        rows.push(["export-answer", "export-count", "export-percent"].map(|h| Cell::Text(t(locale, h))).to_vec());
        // In the options' order (or the scale's), then "other".
        let mut keys: Vec<&String> =
            q.options.iter().filter_map(|o| counts.get_key_value(&o.key).map(|(k, _)| k)).collect();
        keys.extend(counts.keys().filter(|k| !q.options.iter().any(|o| &o.key == *k)));
        for key in keys {
            let label = if key == "other" { t(locale, "export-other") } else { option_title(q, key, locale) };
            rows.push(vec![Cell::Text(label), Cell::Number(counts[key] as f64), Cell::Number(share(counts[key]))]);
        }
    }
    if let Some(mean) = s.mean {
        rows.push(vec![Cell::Text(t(locale, "export-mean")), Cell::Number(mean)]);
    }
    if let Some(borda) = &s.borda {
        rows.push(vec![Cell::Text(t(locale, "export-answer")), Cell::Text(t(locale, "export-borda"))]);
        rows.extend(
            borda
                .iter()
                .map(|(key, points)| vec![Cell::Text(option_title(q, key, locale)), Cell::Number(*points as f64)]),
        );
    }
    if let Some(matrix) = &s.rows {
        // A header of the scale's points, then each statement's mean and counts.
        let points =
            matrix.values().next().and_then(|row| row.counts.as_ref()).map(|c| in_order(q, c)).unwrap_or_default();
        let mut header = vec![Cell::Text(t(locale, "export-answer")), Cell::Text(t(locale, "export-mean"))];
        header.extend(points.iter().map(|p| Cell::Text((*p).clone())));
        rows.push(header);
        for (key, row) in matrix {
            let title = q.rows.iter().find(|r| &r.key == key).map_or(key.as_str(), |r| r.title.text(locale));
            let mut line = vec![Cell::Text(title.to_owned()), row.mean.map_or(Cell::Empty, Cell::Number)];
            let counts = row.counts.as_ref();
            line.extend(
                points.iter().map(|p| Cell::Number(counts.and_then(|c| c.get(*p)).copied().unwrap_or(0) as f64)),
            );
            rows.push(line);
        }
    }
    for (i, cells) in rows.iter().enumerate() {
        write_row(sheet, i as u32, cells)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_core::Multiloc;
    use agora_core::survey::Choice;
    use serde_json::json;

    fn question(kind: QuestionType, other: bool) -> Question {
        let choices = |keys: &[&str]| {
            keys.iter().map(|k| Choice { key: (*k).into(), title: Multiloc::new("en", k.to_uppercase()) }).collect()
        };
        Question {
            key: "q".into(),
            kind,
            title: Multiloc::new("en", "Q"),
            required: false,
            help: None,
            options: if kind.has_options() { choices(&["a", "b"]) } else { vec![] },
            min: None,
            max: None,
            other,
            rows: if kind == QuestionType::Matrix { choices(&["r"]) } else { vec![] },
            min_label: None,
            max_label: None,
        }
    }

    #[test]
    fn texts_never_become_formulas() {
        assert_eq!(inert("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(inert("-1 for the plan"), "'-1 for the plan");
        assert_eq!(inert("More trees"), "More trees");
    }

    #[test]
    fn every_sub_answer_has_its_column() {
        use Cell::*;
        let multiple = question(QuestionType::MultipleChoice, true);
        assert_eq!(headers(&multiple, "en"), ["Q: A", "Q: B", "Q: Other"]);
        assert_eq!(
            cells(&multiple, Some(&json!(["b", {"other": "walk"}])), "en"),
            [Empty, Number(1.0), Text("walk".into())]
        );
        let single = question(QuestionType::SingleChoice, true);
        assert_eq!(cells(&single, Some(&json!("a")), "en"), [Text("A".into()), Empty]);
        assert_eq!(cells(&single, Some(&json!({"other": "boat"})), "en"), [Text("Other".into()), Text("boat".into())]);
        let ranking = question(QuestionType::Ranking, false);
        assert_eq!(cells(&ranking, Some(&json!(["b", "a"])), "en"), [Number(2.0), Number(1.0)]);
        let point = question(QuestionType::Point, false);
        assert_eq!(headers(&point, "en"), ["Q: Latitude", "Q: Longitude"]);
        assert_eq!(cells(&point, None, "en"), [Empty, Empty]);
        assert_eq!(cells(&question(QuestionType::Matrix, false), Some(&json!({"r": 4})), "en"), [Number(4.0)]);
    }
}
