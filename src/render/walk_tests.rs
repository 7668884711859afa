//! Tests of the walker with a backend that writes an outline of the calls instead of markup.

use std::collections::BTreeMap;

use super::*;
use crate::plan::catalogue::Phase;
use crate::plan::facts::{NotCovered, Verdict};
use crate::plan::runbook::{Decision, Header, StepGraph, SummaryRow, VerdictInfo};
use crate::render::markup::Place;

/// A backend that writes the outline of what the walker asked for, one call a line, and
/// checks that every begin has its end.
#[derive(Default)]
struct Outline {
    lines: Vec<String>,
    open: Vec<&'static str>,
}

impl Outline {
    fn begin(&mut self, what: &'static str, line: String) {
        self.open.push(what);
        self.lines.push(line);
    }

    fn end(&mut self, what: &'static str) {
        assert_eq!(self.open.pop(), Some(what), "unbalanced end of {what}");
        self.lines.push(format!("end {what}"));
    }
}

impl Markup for Outline {
    const DOTNET_FIXES_INTRO: &'static str = "intro";

    fn text(&self, s: &str, _place: Place) -> String {
        s.to_string()
    }

    fn code(&self, s: &str, _place: Place) -> String {
        format!("`{s}`")
    }

    fn strong(&self, s: &str) -> String {
        format!("*{s}*")
    }

    fn begin_document(&mut self, title: &str) {
        self.begin("document", format!("document {title}"));
    }

    fn end_document(&mut self) {
        self.end("document");
    }

    fn finish(self) -> String {
        assert!(self.open.is_empty(), "left open: {:?}", self.open);
        self.lines.join("\n")
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.lines.push(format!("h{level} {text}"));
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let text = self.inline(spans, Place::Flow);
        self.lines.push(format!("p {text}"));
    }

    fn meta(&mut self, spans: &[Span]) {
        let text = self.inline(spans, Place::Flow);
        self.lines.push(format!("meta {text}"));
    }

    fn begin_verdict(&mut self, verdict: &str) {
        self.begin("verdict", format!("verdict {verdict}"));
    }

    fn verdict_note(&mut self, spans: &[Span]) {
        let text = self.inline(spans, Place::Flow);
        self.lines.push(format!("note {text}"));
    }

    fn end_verdict(&mut self) {
        self.end("verdict");
    }

    fn table(&mut self, head: &[&str], rows: &[Vec<Cell>]) {
        for row in rows {
            assert_eq!(
                row.len(),
                head.len(),
                "a row of {head:?} has the wrong width"
            );
        }
        self.lines
            .push(format!("table {} x {}", head.join("/"), rows.len()));
    }

    fn list(&mut self, items: &[Vec<Span>]) {
        self.lines.push(format!("list {}", items.len()));
    }

    fn checklist(&mut self, items: &[Vec<Span>]) {
        self.lines.push(format!("checklist {}", items.len()));
    }

    fn definitions(&mut self, items: &[Definition]) {
        self.lines.push(format!("definitions {}", items.len()));
    }

    fn code_block(&mut self, text: &str, info: &str) {
        self.lines.push(format!("code {info} {text}"));
    }

    fn step_graph(&mut self, rb: &Runbook) {
        self.lines.push(format!("graph {}", rb.graph.nodes.len()));
    }

    fn begin_phase(&mut self, heading: &str) {
        self.begin("phase", format!("phase {heading}"));
    }

    fn end_phase(&mut self) {
        self.end("phase");
    }

    fn begin_step(&mut self, number: u32, title: &str, after: &str) {
        self.begin("step", format!("step {number} {title} after [{after}]"));
    }

    fn step_paragraph(&mut self, spans: &[Span]) {
        self.paragraph(spans);
    }

    fn step_list(&mut self, items: &[Vec<Span>]) {
        self.list(items);
    }

    fn step_decision(&mut self, question: &[Span], answers: &[Vec<Span>]) {
        let answers: Vec<String> = answers
            .iter()
            .map(|a| self.inline(a, Place::Flow))
            .collect();
        let question = self.inline(question, Place::Flow);
        self.lines
            .push(format!("decision {question} | {}", answers.join(" | ")));
    }

    fn end_step(&mut self) {
        self.end("step");
    }
}

fn step(number: u32, phase: Phase, after: Vec<u32>) -> Step {
    Step {
        number,
        id: format!("s{number}"),
        title: format!("S{number}"),
        phase,
        after,
        text: vec![Block::Paragraph(vec![Inline::Text("do".into())])],
        decision: None,
        source: "test".into(),
    }
}

fn runbook(verdict: Verdict) -> Runbook {
    let mut decided = step(2, Phase::Prepare, vec![1]);
    decided.decision = Some(Decision {
        question: vec![Inline::Text("q?".into())],
        pass: vec![Inline::Code("go".into())],
        fail: vec![Inline::Text("stop".into())],
    });
    Runbook {
        schema: "test",
        schema_version: 1,
        header: Header {
            title: "T".into(),
            customer: "C".into(),
            partner: None,
            date: "2026-11-26".into(),
            navplan_version: "0".into(),
            data_versions: BTreeMap::from([("a.toml".to_string(), "1".to_string())]),
            steps_overrides: None,
        },
        verdict: VerdictInfo {
            verdict,
            exit_code: 0,
            product: "P".into(),
            sentence: "said".into(),
            support: Some("supported".into()),
            out_of_support: true,
            notes: vec!["n".into()],
        },
        summary: vec![SummaryRow {
            label: "L".into(),
            value: "V".into(),
        }],
        conditions: vec![],
        prerequisites: vec![vec![Inline::Text("p".into())]],
        steps: vec![
            step(1, Phase::Prepare, vec![]),
            decided,
            step(3, Phase::Platform, vec![1, 2]),
        ],
        analysis: None,
        graph: StepGraph::default(),
        oauth: None,
        not_covered: None,
    }
}

#[test]
fn sections_come_in_reading_order_and_every_block_is_closed() {
    let outline = render(&runbook(Verdict::UpgradeRequired), Outline::default());
    let expected = "\
document T
h1 T
meta Customer: C · Date: 2026-11-26 · navplan 0 · data: a.toml 1
h2 Verdict
verdict upgrade-required
p *upgrade-required*: said
p *Out of support.* supported
note n
end verdict
h2 Summary
table Item/Value x 1
h2 Prerequisites
checklist 1
h2 Steps
p Work through the steps in this order and tick them off. At a decision point, the answer says where to go on.
phase Preparation
step 1 S1 after []
p do
end step
step 2 S2 after [1]
p do
decision *Decision:* q? | *Yes:* `go` | *No:* stop
end step
end phase
phase Platform update
step 3 S3 after [1, 2]
p do
end step
end phase
h2 Step graph
graph 0
end document";
    assert_eq!(outline, expected);
}

#[test]
fn a_version_not_covered_stops_after_what_to_do_instead_and_still_ends_the_document() {
    let mut rb = runbook(Verdict::NotCovered);
    rb.not_covered = Some(NotCovered {
        why: "old".into(),
        instead: "upgrade".into(),
    });
    let outline = render(&rb, Outline::default());
    let tail: Vec<&str> = outline.lines().skip_while(|l| *l != "h2 Summary").collect();
    assert_eq!(
        tail,
        [
            "h2 Summary",
            "table Item/Value x 1",
            "h2 Why this procedure does not apply",
            "p old",
            "h2 What to do instead",
            "p upgrade",
            "end document"
        ]
    );
}
