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
