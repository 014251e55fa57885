//! Eligibility question trees (`question-trees/<tree>.yaml`): named
//! questions, each with choice groups leading to an answer or a next question.

use super::{Markdown, Origin};
use std::collections::BTreeMap;

/// One file: its name (file stem, as in `<QuestionTree tree='…'>`) and its
/// named top-level questions.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionTreeFile {
    pub name: String,
    pub origin: Origin,
    pub questions: BTreeMap<String, Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub prompt: String,
    pub origin: Origin,
    pub choice_groups: Vec<ChoiceGroup>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceGroup {
    /// Choice labels (Markdown, usually one short line each).
    pub choices: Vec<Markdown>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Answer(Markdown),
    Next(Box<Question>),
    /// Neither `answer` nor `next` (already reported as an error); rendered
    /// as an empty answer so the rest of the tree still shows.
    Missing,
}

use super::fields::{key_text, Map, Reader};
use crate::yaml::{describe, path, Mapping, Seg, Value};

const QUESTION_KEYS: &[&str] = &["question", "choiceTree"];
const GROUP_KEYS: &[&str] = &["choices", "answer", "next"];
/// Deeper than any real tree; stops a hostile file from exhausting the stack.
const MAX_DEPTH: usize = 32;

/// Reads a whole tree file (its top-level keys are question names).
pub(crate) fn parse(r: &mut Reader, map: &Mapping, name: &str, origin: Origin) -> QuestionTreeFile {
    let mut questions = BTreeMap::new();
    for (key, value) in map.iter() {
        let qname = key_text(key);
        let p = vec![Seg::Key(qname.clone())];
        if let Some(q) = question(r, value, &p, 0) {
            questions.insert(qname, q);
        }
    }
    QuestionTreeFile {
        name: name.to_string(),
        origin,
        questions,
    }
}

fn question(r: &mut Reader, value: &Value, p: &[Seg], depth: usize) -> Option<Question> {
    let origin = Origin::new(r.file.clone(), r.pos_of(p, false).0);
    let Value::Mapping(map) = value else {
        let pos = r.pos_of(p, true);
        r.error_at(
            pos,
            format!(
                "expected a question (`question:` and `choiceTree:`), found {}",
                describe(value)
            ),
        );
        return None;
    };
    if depth > MAX_DEPTH {
        let pos = r.pos_of(p, false);
        r.error_at(
            pos,
            format!("question tree nested deeper than {MAX_DEPTH} levels"),
        );
        return None;
    }
    let m = Map::new(map, p);
    r.check_keys(m, QUESTION_KEYS);
    let prompt = r.required_string(m, "question", "the question's text");
    let mut choice_groups = Vec::new();
    if let Some(groups) = r.sequence(m, "choiceTree") {
        let groups_path = path(p, Seg::Key("choiceTree".into()));
        for (i, g) in groups.iter().enumerate() {
            let gp = path(&groups_path, Seg::Index(i));
            if let Some(group) = choice_group(r, g, &gp, depth) {
                choice_groups.push(group);
            }
        }
    } else if !m.has("choiceTree") {
        let pos = r.pos_of(p, false);
        r.error_at(
            pos,
            "question has no `choiceTree`: list its choices and where each leads",
        );
    }
    Some(Question {
        prompt,
        origin,
        choice_groups,
    })
}

fn choice_group(r: &mut Reader, value: &Value, p: &[Seg], depth: usize) -> Option<ChoiceGroup> {
    let Value::Mapping(map) = value else {
        let pos = r.pos_of(p, true);
        r.error_at(
            pos,
            format!(
                "expected a choice group (`choices:` then `answer:` or `next:`), found {}",
                describe(value)
            ),
        );
        return None;
    };
    let m = Map::new(map, p);
    r.check_keys(m, GROUP_KEYS);
    let labels = r.string_list(m, "choices", false);
    let choices_path = path(p, Seg::Key("choices".into()));
    let choices = labels
        .into_iter()
        .enumerate()
        .map(|(i, source)| Markdown {
            source,
            origin: r.markdown_origin(&path(&choices_path, Seg::Index(i))),
        })
        .collect::<Vec<_>>();
    if choices.is_empty() {
        let pos = r.pos_of(p, true);
        r.error_at(
            pos,
            "choice group has no `choices`: give at least one label",
        );
    }
    let outcome = match (m.get("answer"), m.get("next")) {
        (Some(_), Some(_)) => {
            let pos = r.key_pos(m, "next");
            r.error_at(pos, "choice group has both `answer` and `next`: keep one");
            r.markdown(m, "answer")
                .map_or(Outcome::Missing, Outcome::Answer)
        }
        (Some(_), None) => r
            .markdown(m, "answer")
            .map_or(Outcome::Missing, Outcome::Answer),
        (None, Some(next)) => {
            let np = path(p, Seg::Key("next".into()));
            question(r, next, &np, depth + 1)
                .map_or(Outcome::Missing, |q| Outcome::Next(Box::new(q)))
        }
        (None, None) => {
            let pos = r.pos_of(p, true);
            r.error_at(
                pos,
                "choice group has neither `answer` nor `next`: readers who pick it get nothing",
            );
            Outcome::Missing
        }
    };
    Some(ChoiceGroup { choices, outcome })
}
