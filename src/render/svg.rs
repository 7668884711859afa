//! An inline SVG of the step graph for the HTML runbook, laid out here so the file needs no script:
//! each step sits on the row after its deepest predecessor (longest-path layering), steps of a row
//! side by side in runbook order. An edge to the next row is a curve from the bottom of one box to
//! the top of the other; an edge that skips rows runs down a lane right of all boxes.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::html;
use crate::plan::runbook::Runbook;

const BOX_W: u32 = 300;
const BOX_H: u32 = 34;
const GAP_X: u32 = 20;
const GAP_Y: u32 = 26;
const MARGIN: u32 = 10;
const LABEL_CHARS: usize = 46;
/// Edges that skip a row run in lanes right of the boxes, so they never cross a box.
const LANE_GAP: u32 = 10;

pub fn render(rb: &Runbook) -> String {
    let nodes = &rb.graph.nodes;
    if nodes.is_empty() {
        return String::new();
    }
    // Nodes are in topological order, so one pass gives every node its layer.
    let mut layer: BTreeMap<u32, u32> = BTreeMap::new();
    for node in nodes {
        let depth = rb
            .graph
            .edges
            .iter()
            .filter(|(_, to)| *to == node.number)
            .filter_map(|(from, _)| layer.get(from))
            .map(|l| l + 1)
            .max()
            .unwrap_or(0);
        layer.insert(node.number, depth);
    }
    let mut slot: BTreeMap<u32, u32> = BTreeMap::new();
    let mut per_layer: BTreeMap<u32, u32> = BTreeMap::new();
    for node in nodes {
        let l = layer[&node.number];
        let count = per_layer.entry(l).or_insert(0);
        slot.insert(node.number, *count);
        *count += 1;
    }
    let columns = per_layer.values().copied().max().unwrap_or(1);
    let rows = per_layer.len() as u32;
    // A long edge leaves its box on the side nearer to the border of its row: the first box of a
    // row that has several goes left, every other box goes right.
    let goes_left = |a: u32| slot[&a] == 0 && per_layer[&layer[&a]] > 1;
    let long: Vec<(u32, u32)> = rb
        .graph
        .edges
        .iter()
        .copied()
        .filter(|(a, b)| layer[b] > layer[a] + 1)
        .collect();
    let left_lanes = long.iter().filter(|(a, _)| goes_left(*a)).count() as u32;
    let right_lanes = long.len() as u32 - left_lanes;
    let left = MARGIN + left_lanes * LANE_GAP;
    let boxes_right = left + columns * BOX_W + (columns.saturating_sub(1)) * GAP_X;
    let width = boxes_right + MARGIN + right_lanes * LANE_GAP;
    let height = MARGIN * 2 + rows * BOX_H + rows.saturating_sub(1) * GAP_Y;
    let position = |n: u32| -> (u32, u32) {
        let (l, s) = (layer[&n], slot[&n]);
        let in_row = per_layer[&l];
        // Centre short rows.
        let offset = (columns - in_row) * (BOX_W + GAP_X) / 2;
        (
            left + offset + s * (BOX_W + GAP_X),
            MARGIN + l * (BOX_H + GAP_Y),
        )
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Step graph\">"
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
    let (mut left_lane, mut right_lane) = (0, 0);
    for (a, b) in &rb.graph.edges {
        let (ax, ay) = position(*a);
        let (bx, by) = position(*b);
        let path = if layer[b] > layer[a] + 1 {
            let (y1, y2) = (ay + BOX_H / 2, by + BOX_H / 2);
            if goes_left(*a) {
                left_lane += 1;
                let x = left - left_lane * LANE_GAP;
                format!("M{ax},{y1} H{x} V{y2} H{bx}")
            } else {
                right_lane += 1;
                let x = boxes_right + right_lane * LANE_GAP;
                format!("M{},{y1} H{x} V{y2} H{}", ax + BOX_W, bx + BOX_W)
            }
        } else {
            let (x1, y1) = (ax + BOX_W / 2, ay + BOX_H);
            let (x2, y2) = (bx + BOX_W / 2, by);
            let mid = (y1 + y2) / 2;
            format!("M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}")
        };
        let _ = writeln!(
            out,
            "<path d=\"{path}\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>"
        );
    }
    for node in nodes {
        let (x, y) = position(node.number);
        let full = format!("{}. {}", node.number, node.title);
        let label = if full.chars().count() > LABEL_CHARS {
            let cut: String = full.chars().take(LABEL_CHARS - 1).collect();
            format!("{cut}…")
        } else {
            full.clone()
        };
        let class = if node.decision {
            "node decision"
        } else {
            "node"
        };
        let _ = writeln!(
            out,
            "<g class=\"{class} {}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
            node.phase.as_str(),
            html(&full),
            x + 8,
            y + BOX_H / 2 + 4,
            html(&label)
        );
    }
    out.push_str("</svg>\n");
    out
}
