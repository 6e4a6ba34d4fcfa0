//! The steps of the form builder, without JavaScript: each button of the builder page
//! posts one step, which changes the form; the use case checks and saves the result.
//! Keys are made here: staff never type them, and they never change, so answers keep
//! their question through typo fixes and moves. Pages, questions and options get a
//! random key (`q-7f3a2c`), so that a new one never takes the key of one removed
//! before, whose answers (and the ways through the pages) stay under it.

use std::collections::BTreeMap;

use agora_core::survey::{Choice, Form, Goto, Page, Question, QuestionType, Rule};
use agora_core::{Error, LOCALES, Multiloc};

/// The fields a builder form posted, by name.
pub struct Fields(pub BTreeMap<String, String>);

impl Fields {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs.into_iter().collect())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(|v| v.trim()).unwrap_or_default()
    }

    pub fn ticked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// `name.en`, `name.nl`, ...: a text in every language; the languages left empty
    /// are not kept.
    pub fn multiloc(&self, name: &str) -> Multiloc {
        let mut text = Multiloc::default();
        for locale in LOCALES {
            let value = self.get(&format!("{name}.{locale}"));
            if !value.is_empty() {
                text.set(locale, value);
            }
        }
        text
    }
}

/// A random key `{prefix}-xxxx` not among `taken`.
fn random_key(prefix: &str, taken: &[&str]) -> String {
    loop {
        let key = format!("{prefix}-{:06x}", rand::random::<u32>() & 0xff_ffff);
        if !taken.contains(&key.as_str()) {
            return key;
        }
    }
}

fn not_found() -> Error {
    Error::not_found()
}

fn page_mut<'a>(form: &'a mut Form, key: &str) -> Result<&'a mut Page, Error> {
    form.pages.iter_mut().find(|p| p.key == key).ok_or_else(not_found)
}

/// Options a new choice question starts with, so that it is a valid question at once.
fn starting_options(kind: QuestionType, locale: &str, label: &str) -> Vec<Choice> {
    if !kind.has_options() && kind != QuestionType::Matrix {
        return Vec::new();
    }
    (1..=2).map(|n| Choice { key: format!("o{n}"), title: Multiloc::new(locale, format!("{label} {n}")) }).collect()
}

/// Moves the item at `at` one place up (`"up"`) or down.
fn shift<T>(list: &mut [T], at: usize, direction: &str) {
    match direction {
        "up" if at > 0 => list.swap(at, at - 1),
        "down" if at + 1 < list.len() => list.swap(at, at + 1),
        _ => {}
    }
}

/// Applies one step of the builder. `locale` is the page's language (the new title of
/// a question or page is in it); `option_label` is "Option" in it.
pub fn apply(form: &mut Form, fields: &Fields, locale: &str, option_label: &str) -> Result<(), Error> {
    let page_key = fields.get("page").to_owned();
    match fields.get("op") {
        "add_page" => {
            let key = random_key("page", &form.pages.iter().map(|p| p.key.as_str()).collect::<Vec<_>>());
            let title = Some(Multiloc::new(locale, fields.get("title"))).filter(|t| !t.is_blank());
            form.pages.push(Page { key, title, text: None, questions: Vec::new(), next: None, logic: Vec::new() });
        }
        "save_page" => {
            let page = page_mut(form, &page_key)?;
            page.title = Some(fields.multiloc("title")).filter(|t| !t.is_blank());
            page.text = Some(fields.multiloc("text")).filter(|t| !t.is_blank());
            page.next = match fields.get("next") {
                "" => None,
                "end" => Some(Goto::End),
                key => Some(Goto::Page(key.to_owned())),
            };
        }
        "move_page" => {
            let at = form.pages.iter().position(|p| p.key == page_key).ok_or_else(not_found)?;
            shift(&mut form.pages, at, fields.get("dir"));
        }
        "add_question" => {
            let kind: QuestionType = serde_json::from_value(serde_json::Value::from(fields.get("type")))
                .map_err(|_| Error::field("type", "invalid"))?;
            let key = random_key("q", &form.questions().map(|q| q.key.as_str()).collect::<Vec<_>>());
            let (options, rows) = match kind {
                QuestionType::Matrix => (Vec::new(), starting_options(kind, locale, option_label)),
                _ => (starting_options(kind, locale, option_label), Vec::new()),
            };
            let question = Question {
                key,
                kind,
                title: Multiloc::new(locale, fields.get("title")),
                required: false,
                help: None,
                options,
                min: None,
                max: None,
                other: false,
                rows,
                min_label: None,
                max_label: None,
            };
            page_mut(form, &page_key)?.questions.push(question);
        }
        "move_question" => {
            let key = fields.get("question");
            for page in &mut form.pages {
                if let Some(at) = page.questions.iter().position(|q| q.key == key) {
                    shift(&mut page.questions, at, fields.get("dir"));
                }
            }
        }
        "add_rule" => {
            let (question, option) =
                fields.get("rule").split_once(':').ok_or_else(|| Error::field("rule", "required"))?;
            let goto = match fields.get("goto") {
                "end" => Goto::End,
                "" => return Err(Error::field("goto", "required")),
                key => Goto::Page(key.to_owned()),
            };
            let rule = Rule { question: question.to_owned(), option: option.to_owned(), goto };
            page_mut(form, &page_key)?.logic.push(rule);
        }
        "remove_rule" => {
            let at: usize = fields.get("rule").parse().map_err(|_| not_found())?;
            let page = page_mut(form, &page_key)?;
            if at >= page.logic.len() {
                return Err(not_found());
            }
            page.logic.remove(at);
        }
        "save_closing" => form.closing_message = Some(fields.multiloc("closing")).filter(|m| !m.is_blank()),
        _ => return Err(Error::field("op", "invalid")),
    }
    Ok(())
}

/// A question as its edit page posted it: titles, help, whether required, options and
/// rows (each kept, renamed or removed; new ones one a line), limits and scale labels.
pub fn edit_question(q: &mut Question, fields: &Fields, locale: &str) -> Result<(), Error> {
    q.title = fields.multiloc("title");
    q.help = Some(fields.multiloc("help")).filter(|h| !h.is_blank());
    q.required = fields.ticked("required");
    q.other = fields.ticked("other");
    let number = |name: &str| -> Result<Option<f64>, Error> {
        match fields.get(name).replace(',', ".").as_str() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| Error::field(name, "invalid")),
        }
    };
    q.min = number("min")?;
    q.max = number("max")?;
    q.min_label = Some(fields.multiloc("min_label")).filter(|l| !l.is_blank());
    q.max_label = Some(fields.multiloc("max_label")).filter(|l| !l.is_blank());
    for (list, prefix) in [(&mut q.options, "option"), (&mut q.rows, "row")] {
        list.retain(|c| !fields.ticked(&format!("remove_{prefix}.{}", c.key)));
        for choice in list.iter_mut() {
            let title = fields.multiloc(&format!("{prefix}.{}", choice.key));
            if !title.is_blank() {
                choice.title = title;
            }
        }
        for line in fields.get(&format!("new_{prefix}s")).lines().map(str::trim).filter(|l| !l.is_empty()) {
            let key = random_key("o", &list.iter().map(|c| c.key.as_str()).collect::<Vec<_>>());
            list.push(Choice { key, title: Multiloc::new(locale, line) });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields::from_pairs(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn staff_build_a_form_step_by_step() {
        let mut form = Form::default();
        apply(&mut form, &fields(&[("op", "add_page"), ("title", "Travel")]), "en", "Option").unwrap();
        apply(&mut form, &fields(&[("op", "add_page")]), "en", "Option").unwrap();
        let (first, second) = (form.pages[0].key.clone(), form.pages[1].key.clone());
        assert!(first.starts_with("page-") && first != second, "{first} {second}");
        let add = |kind: &str, title: &str| {
            fields(&[("op", "add_question"), ("page", &first), ("type", kind), ("title", title)])
        };
        apply(&mut form, &add("single_choice", "How?"), "en", "Option").unwrap();
        apply(&mut form, &add("short_text", "Why?"), "en", "Option").unwrap();
        assert_eq!(form.pages[0].questions[0].options.len(), 2, "a choice question starts with two options");
        assert_eq!(form.check(false), Ok(()));
        let (how, why) = (form.pages[0].questions[0].key.clone(), form.pages[0].questions[1].key.clone());
        assert!(how.starts_with("q-") && how != why);
        apply(&mut form, &fields(&[("op", "move_question"), ("question", &why), ("dir", "up")]), "en", "Option")
            .unwrap();
        assert_eq!(form.pages[0].questions[0].key, why);
        let rule = format!("{how}:o1");
        apply(
            &mut form,
            &fields(&[("op", "add_rule"), ("page", &first), ("rule", &rule), ("goto", "end")]),
            "en",
            "Option",
        )
        .unwrap();
        assert_eq!(form.pages[0].logic[0].goto, Goto::End);
        apply(&mut form, &fields(&[("op", "move_page"), ("page", &second), ("dir", "up")]), "en", "Option").unwrap();
        assert_eq!(form.pages[0].key, second);
        let essay = fields(&[("op", "add_question"), ("page", &first), ("type", "essay")]);
        assert!(apply(&mut form, &essay, "en", "Option").is_err());
    }

    #[test]
    fn a_question_is_edited_in_every_language() {
        let mut form = Form::default();
        apply(&mut form, &fields(&[("op", "add_page")]), "en", "Option").unwrap();
        let page = form.pages[0].key.clone();
        apply(
            &mut form,
            &fields(&[("op", "add_question"), ("page", &page), ("type", "multiple_choice"), ("title", "Days?")]),
            "en",
            "Option",
        )
        .unwrap();
        let q = &mut form.pages[0].questions[0];
        let posted = fields(&[
            ("title.en", "Which days?"),
            ("title.nl", "Welke dagen?"),
            ("required", "true"),
            ("option.o1.en", "Monday"),
            ("remove_option.o2", "true"),
            ("new_options", "Tuesday\n\nWednesday"),
            ("max", "2"),
        ]);
        edit_question(q, &posted, "en").unwrap();
        assert_eq!(q.title.text("nl"), "Welke dagen?");
        assert!(q.required);
        let options: Vec<&str> = q.options.iter().map(|o| o.title.text("en")).collect();
        assert_eq!(options, ["Monday", "Tuesday", "Wednesday"]);
        assert!(q.options.iter().all(|o| o.key != "o2"), "a removed option's key is never given again");
        assert_eq!(q.max, Some(2.0));
        assert!(edit_question(q, &fields(&[("min", "few")]), "en").is_err());
    }
}
