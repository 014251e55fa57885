//! `<QuestionTree>` tags inside question trees: a choice's answer (or label)
//! may show another question, which the renderer expands in place. Checked
//! once every tree is loaded, so that no content can make rendering recurse
//! without end or blow up:
//!
//! - a question that ends up including itself (its own answer naming it,
//!   two questions naming each other, across trees too) is an error at the
//!   tag that closes the cycle, naming the chain (`t/q → t/r → t/q`);
//! - a question whose expansion shows more than `MAX_INCLUDED_TREES` trees
//!   in all, or nests them more than `MAX_INCLUDED_DEPTH` deep, is an error
//!   at the tag where the chain crosses the limit.
//!
//! Every question so reported, and every one that includes it, is recorded
//! in `Catalogue::unrenderable_trees`: its tags render as nothing.
//!
//! The walk is iterative: a chain of 10,000 questions costs no stack.

use super::{Catalogue, Markdown, Outcome, Question};
use crate::diagnostics::Diagnostic;
use crate::tags::find_tags;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// How many question trees one `<QuestionTree>` tag may show in all, itself
/// and every tree its answers include, however deep.
pub const MAX_INCLUDED_TREES: u64 = 256;
/// How many question trees may be nested inside each other (a tag's own
/// tree is the first level).
pub const MAX_INCLUDED_DEPTH: u32 = 8;

/// A `<QuestionTree>` tag inside a question: where it is written, and the
/// question it names (an index into `Graph::nodes`).
struct Edge {
    target: usize,
    file: Arc<PathBuf>,
    line: u32,
}

struct Graph {
    /// (tree, question) of each top-level question, in name order.
    nodes: Vec<(String, String)>,
    /// The tags of each node's question (answers and labels, nested `next`
    /// questions included), in the order written; unknown targets left out
    /// (`crossref` reports them).
    edges: Vec<Vec<Edge>>,
}

impl Graph {
    fn of(cat: &Catalogue) -> Graph {
        let mut nodes = Vec::new();
        let mut index: HashMap<(&str, &str), usize> = HashMap::new();
        for (tree_name, tree) in &cat.trees {
            for question in tree.questions.keys() {
                index.insert((tree_name.as_str(), question.as_str()), nodes.len());
                nodes.push((tree_name.clone(), question.clone()));
            }
        }
        let mut edges = Vec::with_capacity(nodes.len());
        for tree in cat.trees.values() {
            for question in tree.questions.values() {
                let mut out = Vec::new();
                // Nested `next` questions, without recursion.
                let mut pending: Vec<&Question> = vec![question];
                while let Some(q) = pending.pop() {
                    for group in &q.choice_groups {
                        for label in &group.choices {
                            tags_in(label, &index, &mut out);
                        }
                        match &group.outcome {
                            Outcome::Answer(md) => tags_in(md, &index, &mut out),
                            Outcome::Next(next) => pending.push(next),
                            Outcome::Missing => {}
                        }
                    }
                }
                out.sort_by_key(|e: &Edge| e.line);
                edges.push(out);
            }
        }
        Graph { nodes, edges }
    }

    fn name(&self, node: usize) -> String {
        let (tree, question) = &self.nodes[node];
        format!("{tree}/{question}")
    }
}

/// The tags of `md` naming a known question, as the renderer reads them
/// (attributes as written: a tag the renderer cannot find renders nothing).
fn tags_in(md: &Markdown, index: &HashMap<(&str, &str), usize>, out: &mut Vec<Edge>) {
    for found in find_tags(&md.source, &["QuestionTree"]) {
        let (Some(tree), Some(question)) = (found.tag.attr("tree"), found.tag.attr("question"))
        else {
            continue;
        };
        if let Some(&target) = index.get(&(tree, question)) {
            out.push(Edge {
                target,
                file: md.origin.file.clone(),
                line: md.origin.line_within(found.line),
            });
        }
    }
}

/// What the walk knows of a node once all its tags are followed.
#[derive(Clone, Copy, Default)]
struct Expansion {
    /// Trees shown in all, capped at `MAX_INCLUDED_TREES + 1`.
    trees: u64,
    /// Levels of nesting, capped at `MAX_INCLUDED_DEPTH + 1`.
    depth: u32,
    /// Includes itself, or includes a question that does.
    cyclic: bool,
}

impl Expansion {
    fn too_large(&self) -> bool {
        self.cyclic || self.trees > MAX_INCLUDED_TREES || self.depth > MAX_INCLUDED_DEPTH
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    /// On the walk's stack: a tag naming it closes a cycle.
    Open,
    Done,
}

/// Reports cycles and oversized expansions among the trees of `cat`, and
/// records the questions that must not be rendered.
pub fn check(cat: &mut Catalogue, out: &mut Vec<Diagnostic>) {
    let graph = Graph::of(cat);
    let n = graph.nodes.len();
    let mut state = vec![State::New; n];
    let mut expansion = vec![Expansion::default(); n];
    // The open nodes, each with the next of its edges to follow.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::Open;
        stack.push((root, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(edge) = graph.edges[node].get(*next) {
                *next += 1;
                match state[edge.target] {
                    State::New => {
                        state[edge.target] = State::Open;
                        stack.push((edge.target, 0));
                    }
                    State::Open => out.push(cycle_error(&graph, &stack, edge)),
                    State::Done => {}
                }
                continue;
            }
            stack.pop();
            // Before it is done: a tag naming itself makes it cyclic.
            expansion[node] = expand(&graph, node, &state, &expansion);
            state[node] = State::Done;
        }
    }
    for node in 0..n {
        if !expansion[node].too_large() || expansion[node].cyclic {
            continue;
        }
        // Reported where the limit is crossed: at a question whose own
        // included trees are all within it.
        let crossed_here = graph.edges[node]
            .iter()
            .all(|e| !expansion[e.target].too_large());
        if crossed_here {
            out.push(limit_error(&graph, node, &expansion));
        }
    }
    cat.unrenderable_trees = (0..n)
        .filter(|&node| expansion[node].too_large())
        .map(|node| graph.nodes[node].clone())
        .collect::<BTreeSet<_>>();
}

/// A node's expansion from its targets': a target still open closes a
/// cycle through this node.
fn expand(graph: &Graph, node: usize, state: &[State], expansion: &[Expansion]) -> Expansion {
    let mut e = Expansion {
        trees: 1,
        depth: 1,
        cyclic: false,
    };
    for edge in &graph.edges[node] {
        if state[edge.target] == State::Open {
            e.cyclic = true;
            continue;
        }
        let t = expansion[edge.target];
        e.cyclic |= t.cyclic;
        e.trees = (e.trees + t.trees).min(MAX_INCLUDED_TREES + 1);
        e.depth = e.depth.max(t.depth + 1).min(MAX_INCLUDED_DEPTH + 1);
    }
    e
}

/// The chain from the target of `edge` (open, so on the stack) to the top
/// of the stack, then back to the target.
fn cycle_error(graph: &Graph, stack: &[(usize, usize)], edge: &Edge) -> Diagnostic {
    let from = stack
        .iter()
        .position(|&(node, _)| node == edge.target)
        .unwrap_or(0);
    let mut nodes: Vec<usize> = stack[from..].iter().map(|&(node, _)| node).collect();
    nodes.push(edge.target);
    // Named after shortening: a long chain closed by many tags costs
    // a few names each, not the whole chain.
    let chain: Vec<String> = shorten_chain(&nodes)
        .into_iter()
        .map(|item| match item {
            Ok(node) => graph.name(node),
            Err(more) => more,
        })
        .collect();
    Diagnostic::error(
        edge.file.as_path(),
        edge.line,
        format!("question tree includes itself: {}", chain.join(" → ")),
    )
    .with_help("a `<QuestionTree>` tag in an answer must not lead back to a question that shows it")
}

/// At a question over a limit whose included trees are all within it.
fn limit_error(graph: &Graph, node: usize, expansion: &[Expansion]) -> Diagnostic {
    let e = expansion[node];
    let edges = &graph.edges[node];
    let (message, blamed) = if e.depth > MAX_INCLUDED_DEPTH {
        // Down the deepest tags.
        let mut chain = vec![graph.name(node)];
        let mut at = node;
        let mut first = None;
        while let Some(edge) = graph.edges[at]
            .iter()
            .max_by_key(|edge| (expansion[edge.target].depth, std::cmp::Reverse(edge.line)))
        {
            first.get_or_insert(edge);
            chain.push(graph.name(edge.target));
            at = edge.target;
        }
        (
            format!(
                "question trees nested more than {MAX_INCLUDED_DEPTH} deep: {}",
                chain.join(" → ")
            ),
            first,
        )
    } else {
        // Down the heaviest tags, with how many tags name each next question.
        let mut chain = graph.name(node);
        let mut at = node;
        let mut first = None;
        let mut steps = 0;
        while let Some(edge) = graph.edges[at]
            .iter()
            .max_by_key(|edge| (expansion[edge.target].trees, std::cmp::Reverse(edge.line)))
        {
            first.get_or_insert(edge);
            let times = graph.edges[at]
                .iter()
                .filter(|other| other.target == edge.target)
                .count();
            steps += 1;
            if steps > MAX_INCLUDED_DEPTH as usize {
                chain.push_str(" → …");
                break;
            }
            let name = graph.name(edge.target);
            if times > 1 {
                chain.push_str(&format!(" → {times} × {name}"));
            } else {
                chain.push_str(&format!(" → {name}"));
            }
            at = edge.target;
        }
        (
            format!(
                "question tree shows more than {MAX_INCLUDED_TREES} question trees in all: {chain}"
            ),
            first,
        )
    };
    let (file, line) = match blamed.or(edges.first()) {
        Some(edge) => (edge.file.as_path().to_path_buf(), edge.line),
        None => (PathBuf::new(), 0),
    };
    Diagnostic::error(file, line, message).with_help(
        "show fewer questions through `<QuestionTree>` tags in answers, or link to a page instead",
    )
}

/// A long chain with its middle left out (`Err` says how many items).
fn shorten_chain<T: Copy>(chain: &[T]) -> Vec<Result<T, String>> {
    const KEEP: usize = 4;
    if chain.len() <= 2 * KEEP + 1 {
        return chain.iter().copied().map(Ok).collect();
    }
    let mut short: Vec<Result<T, String>> = chain[..KEEP].iter().copied().map(Ok).collect();
    short.push(Err(format!("… ({} more)", chain.len() - 2 * KEEP)));
    short.extend(chain[chain.len() - KEEP..].iter().copied().map(Ok));
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ChoiceGroup, Origin, QuestionTreeFile};

    /// Tree `t` with questions `e1`…`e{n}`, each answer holding `tags` tags
    /// for `next(i)` (none when it is `None`); question i's answer is on line i.
    fn chain(n: usize, tags: usize, next: impl Fn(usize) -> Option<usize>) -> Catalogue {
        let file = Arc::new(PathBuf::from("question-trees/t.yaml"));
        let questions = (1..=n)
            .map(|i| {
                let tag = next(i)
                    .map(|j| format!("<QuestionTree tree='t' question='e{j}'/>"))
                    .unwrap_or_default();
                let answer = Markdown {
                    source: vec![tag; tags].join(" "),
                    origin: Origin::new(file.clone(), i as u32),
                };
                let question = Question {
                    prompt: format!("Étape {i} ?"),
                    origin: Origin::new(file.clone(), i as u32),
                    choice_groups: vec![ChoiceGroup {
                        choices: Vec::new(),
                        outcome: Outcome::Answer(answer),
                    }],
                };
                (format!("e{i}"), question)
            })
            .collect();
        let mut cat = Catalogue::default();
        cat.trees.insert(
            "t".into(),
            QuestionTreeFile {
                name: "t".into(),
                origin: Origin::new(file, 1),
                questions,
            },
        );
        cat
    }

    fn messages(cat: &mut Catalogue) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        check(cat, &mut out);
        out.into_iter().map(|d| (d.line, d.message)).collect()
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_reported_where_it_is_crossed() {
        let mut cat = chain(10, 1, |i| (i < 10).then_some(i + 1));
        assert_eq!(
            messages(&mut cat),
            [(
                2,
                "question trees nested more than 8 deep: t/e2 → t/e3 → t/e4 → t/e5 → t/e6 → t/e7 → t/e8 → t/e9 → t/e10".to_string()
            )]
        );
        assert_eq!(cat.unrenderable_trees.len(), 2);
        // Eight levels are fine.
        let mut cat = chain(8, 1, |i| (i < 8).then_some(i + 1));
        assert_eq!(messages(&mut cat), []);
        assert!(cat.unrenderable_trees.is_empty());
    }

    #[test]
    fn a_long_cycle_costs_no_stack_and_its_chain_is_shortened() {
        let mut cat = chain(20_000, 1, |i| Some(i % 20_000 + 1));
        let got = messages(&mut cat);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].1,
            "question tree includes itself: t/e1 → t/e2 → t/e3 → t/e4 → … (19993 more) → t/e19998 → t/e19999 → t/e20000 → t/e1"
        );
        assert_eq!(cat.unrenderable_trees.len(), 20_000);
    }
}
