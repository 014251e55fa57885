//! `<QuestionTree tree=… question=…/>`: the named question of a tree file,
//! as nested views for the `components/question_tree.html` partial. The
//! markup is readable without JavaScript (nested `<details>`);
//! `static/js/question-tree.js` turns choices into `aria-pressed` buttons.

use super::components::PageComponents;
use super::context::html;
use crate::content::{Outcome, Question};
use crate::markdown::Component;
use serde::Serialize;

#[derive(Debug, Serialize)]
struct TreeView {
    id: String,
    name: String,
    question: QuestionView,
}

#[derive(Debug, Serialize)]
struct QuestionView {
    id: String,
    prompt: String,
    groups: Vec<GroupView>,
}

#[derive(Debug, Serialize)]
struct GroupView {
    id: String,
    /// Inline HTML of each choice label (safe values, `context::html`).
    choices: Vec<tera::Value>,
    answer_html: tera::Value,
    next: Option<Box<QuestionView>>,
}

pub(super) fn render(
    page: &PageComponents<'_>,
    component: &Component<'_>,
) -> Result<String, String> {
    // The loader checks every `<QuestionTree>` tag (`content::crossref`) and
    // reports a missing attribute, tree or question where it is written;
    // such a tag renders as nothing here instead of being reported twice.
    let (Some(tree_name), Some(question_name)) =
        (component.attr("tree"), component.attr("question"))
    else {
        return Ok(String::new());
    };
    let Some(question) = page
        .catalogue
        .trees
        .get(tree_name)
        .and_then(|tree| tree.questions.get(question_name))
    else {
        return Ok(String::new());
    };
    // A question that includes itself or shows too many trees was reported
    // by the loader (`content::tree_graph`); it renders as nothing, and so
    // does any such chain in a catalogue the loader did not check.
    let key = (tree_name.to_string(), question_name.to_string());
    if page.catalogue.unrenderable_trees.contains(&key) {
        return Ok(String::new());
    }
    let Some(_open) = page.open_tree(key) else {
        return Ok(String::new());
    };
    let id = page.next_tree_id();
    let mut counter = 0;
    let view = TreeView {
        question: question_view(page, question, &id, &mut counter),
        id,
        name: tree_name.to_string(),
    };
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", page.site.value.clone());
    ctx.insert("tree", &view);
    page.theme
        .tera
        .render("components/question_tree.html", &ctx)
        .map_err(|e| {
            format!(
                "theme partial `components/question_tree.html` failed: {}",
                super::theme::error_chain(&e)
            )
        })
}

fn question_view(
    page: &PageComponents<'_>,
    question: &Question,
    tree_id: &str,
    counter: &mut u32,
) -> QuestionView {
    *counter += 1;
    let id = format!("{tree_id}-q{counter}");
    let groups = question
        .choice_groups
        .iter()
        .map(|group| {
            *counter += 1;
            let group_id = format!("{tree_id}-b{counter}");
            let choices = group
                .choices
                .iter()
                .map(|c| html(Some(&page.nested(c, true))))
                .collect();
            let (answer_html, next) = match &group.outcome {
                Outcome::Answer(md) => (html(Some(&page.nested(md, false))), None),
                Outcome::Next(q) => (
                    html(None),
                    Some(Box::new(question_view(page, q, tree_id, counter))),
                ),
                Outcome::Missing => (html(None), None),
            };
            GroupView {
                id: group_id,
                choices,
                answer_html,
                next,
            }
        })
        .collect();
    QuestionView {
        id,
        prompt: question.prompt.clone(),
        groups,
    }
}
