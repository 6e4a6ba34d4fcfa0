//! What the fields of a page of a survey say, as answers (the JSON the API takes).

use agora_core::survey::{Page, QuestionType};
use serde_json::{Map, Value, json};

/// What a page's fields say, as answers: `a.KEY` for most questions; `a.KEY.OPTION` for
/// multiple choices (checked), rankings (the place) and matrices (the point);
/// `a.KEY.other` for an "other" text; `a.KEY.lat` and `.lng` for a point. What cannot be
/// an answer (a place given twice, half a point) becomes `false`, which every question
/// refuses as `invalid`, so the person sees it next to the field.
pub fn answers_from_fields(page: &Page, field: impl Fn(&str) -> Option<String>) -> Map<String, Value> {
    let mut answers = Map::new();
    for q in &page.questions {
        let name = format!("a.{}", q.key);
        let get =
            |suffix: &str| field(&format!("{name}{suffix}")).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let other = || get(".other").map(|t| json!({"other": t}));
        let value = match q.kind {
            QuestionType::ShortText | QuestionType::LongText | QuestionType::Date => get("").map(Value::from),
            QuestionType::Number | QuestionType::LinearScale | QuestionType::Rating => {
                get("").map(|v| match v.replace(',', ".").parse::<f64>() {
                    Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 => Value::from(x as i64),
                    Ok(x) => serde_json::Number::from_f64(x).map_or(Value::from(v), Value::Number),
                    Err(_) => Value::from(v),
                })
            }
            QuestionType::SingleChoice => match get("").as_deref() {
                Some("__other") => Some(other().unwrap_or(Value::Bool(false))),
                chosen => chosen.map(Value::from),
            },
            QuestionType::MultipleChoice => {
                let mut chosen: Vec<Value> = q
                    .options
                    .iter()
                    .filter(|o| get(&format!(".{}", o.key)).is_some())
                    .map(|o| Value::from(o.key.as_str()))
                    .collect();
                if get(".__other").is_some() {
                    chosen.push(other().unwrap_or(Value::Bool(false)));
                }
                (!chosen.is_empty()).then_some(Value::Array(chosen))
            }
            QuestionType::Ranking => {
                let places: Vec<(String, Option<usize>)> = q
                    .options
                    .iter()
                    .map(|o| (o.key.clone(), get(&format!(".{}", o.key)).and_then(|p| p.parse().ok())))
                    .collect();
                let given = places.iter().filter(|(_, p)| p.is_some()).count();
                let mut seen: Vec<usize> = places.iter().filter_map(|(_, p)| *p).collect();
                seen.sort_unstable();
                seen.dedup();
                if given == 0 {
                    None
                } else if given < places.len() || seen.len() != places.len() || seen.last() != Some(&places.len()) {
                    Some(Value::Bool(false))
                } else {
                    let mut ordered = places;
                    ordered.sort_by_key(|(_, p)| *p);
                    Some(Value::Array(ordered.into_iter().map(|(k, _)| Value::from(k)).collect()))
                }
            }
            QuestionType::Matrix => {
                let rows: Map<String, Value> = q
                    .rows
                    .iter()
                    .filter_map(|r| Some((r.key.clone(), get(&format!(".{}", r.key))?)))
                    .map(|(k, v)| (k, v.parse::<i64>().map_or(Value::Bool(false), Value::from)))
                    .collect();
                (!rows.is_empty()).then_some(Value::Object(rows))
            }
            QuestionType::Point => match (get(".lat"), get(".lng")) {
                (None, None) => None,
                (Some(lat), Some(lng)) => {
                    match (lat.replace(',', ".").parse::<f64>(), lng.replace(',', ".").parse::<f64>()) {
                        (Ok(lat), Ok(lng)) => Some(json!({"lat": lat, "lng": lng})),
                        _ => Some(Value::Bool(false)),
                    }
                }
                _ => Some(Value::Bool(false)),
            },
            // Files come as uploads; the page handler puts their ids in.
            QuestionType::File => None,
        };
        match value {
            Some(value) => answers.insert(q.key.clone(), value),
            None => answers.remove(&q.key),
        };
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_core::Multiloc;
    use agora_core::survey::{Choice as Option_, Question};
    use std::collections::BTreeMap;

    fn page(questions: Vec<Question>) -> Page {
        Page { key: "p".into(), title: None, text: None, questions, next: None, logic: vec![] }
    }

    fn question(key: &str, kind: QuestionType) -> Question {
        let options =
            ["a", "b", "c"].iter().map(|k| Option_ { key: (*k).into(), title: Multiloc::new("en", *k) }).collect();
        Question {
            key: key.into(),
            kind,
            title: Multiloc::new("en", key),
            required: false,
            help: None,
            options: if kind.has_options() { options } else { vec![] },
            min: None,
            max: None,
            other: true,
            rows: vec![Option_ { key: "r".into(), title: Multiloc::new("en", "r") }],
            min_label: None,
            max_label: None,
        }
    }

    #[test]
    fn fields_become_answers() {
        use QuestionType::*;
        let p = page(vec![
            question("n", Number),
            question("s", SingleChoice),
            question("m", MultipleChoice),
            question("r", Ranking),
            question("x", Matrix),
            question("pt", Point),
            question("t", ShortText),
        ]);
        let fields = BTreeMap::from([
            ("a.n", "12,5"),
            ("a.s", "__other"),
            ("a.s.other", "by boat"),
            ("a.m.b", "on"),
            ("a.m.__other", "on"),
            ("a.m.other", "walk"),
            ("a.r.a", "2"),
            ("a.r.b", "3"),
            ("a.r.c", "1"),
            ("a.x.r", "4"),
            ("a.pt.lat", "51.05"),
            ("a.pt.lng", ""),
            ("a.t", "   "),
        ]);
        let answers = answers_from_fields(&p, |name| fields.get(name).map(|v| (*v).to_owned()));
        assert_eq!(
            Value::Object(answers),
            json!({"n": 12.5, "s": {"other": "by boat"}, "m": ["b", {"other": "walk"}], "r": ["c", "a", "b"],
                   "x": {"r": 4}, "pt": false})
        );
        let twice = BTreeMap::from([("a.r.a", "1"), ("a.r.b", "1"), ("a.r.c", "2"), ("a.n", "ten")]);
        let answers = answers_from_fields(&p, |name| twice.get(name).map(|v| (*v).to_owned()));
        assert_eq!(Value::Object(answers), json!({"r": false, "n": "ten"}));
    }
}
