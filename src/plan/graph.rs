//! The selected steps as a DAG (petgraph) and their stable topological order.
//!
//! petgraph's own `toposort` breaks ties by insertion and DFS order, so an unrelated change to the
//! data could reorder a runbook. Kahn's algorithm with a min-heap keyed by (phase, declared order,
//! id) gives the same order for the same steps, whatever order the graph was built in.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction::{Incoming, Outgoing};

use super::catalogue::Catalogue;
use crate::{Error, Result};

/// Topological order of `graph`, ties broken by the smallest `key`. On a cycle, `Err` holds the
/// nodes that could not be ordered.
pub fn stable_toposort<N, E, K: Ord>(
    graph: &DiGraph<N, E>,
    key: impl Fn(&N) -> K,
) -> std::result::Result<Vec<NodeIndex>, Vec<NodeIndex>> {
    let mut in_degree: Vec<usize> = graph
        .node_indices()
        .map(|n| graph.neighbors_directed(n, Incoming).count())
        .collect();
    let mut ready: BinaryHeap<Reverse<(K, NodeIndex)>> = graph
        .node_indices()
        .filter(|n| in_degree[n.index()] == 0)
        .map(|n| Reverse((key(&graph[n]), n)))
        .collect();
    let mut order = Vec::with_capacity(graph.node_count());
    while let Some(Reverse((_, node))) = ready.pop() {
        order.push(node);
        for next in graph.neighbors_directed(node, Outgoing) {
            in_degree[next.index()] -= 1;
            if in_degree[next.index()] == 0 {
                ready.push(Reverse((key(&graph[next]), next)));
            }
        }
    }
    if order.len() == graph.node_count() {
        Ok(order)
    } else {
        Err(graph
            .node_indices()
            .filter(|n| in_degree[n.index()] > 0)
            .collect())
    }
}

/// The selected steps in runbook order, with the dependencies between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedSteps {
    /// Catalogue indices, in runbook order.
    pub order: Vec<usize>,
    /// (before, after) catalogue indices, transitively reduced: what a reader or a graph needs.
    pub edges: Vec<(usize, usize)>,
}

/// Order the selected steps. A step that is not selected passes its own dependencies on, so
/// "A after B after C" still orders A after C when B does not apply to this customer.
pub fn order_steps(catalogue: &Catalogue, selected: &[bool]) -> Result<OrderedSteps> {
    let n = catalogue.steps.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in catalogue.edges() {
        preds[b].push(a);
    }
    let mut edges = BTreeSet::new();
    for v in (0..n).filter(|&v| selected[v]) {
        let mut stack = preds[v].clone();
        let mut seen = BTreeSet::new();
        while let Some(p) = stack.pop() {
            if !seen.insert(p) {
                continue;
            }
            if selected[p] {
                edges.insert((p, v));
            } else {
                stack.extend(preds[p].iter().copied());
            }
        }
    }

    let mut graph = DiGraph::<usize, ()>::new();
    let mut node_of = vec![None; n];
    for v in (0..n).filter(|&v| selected[v]) {
        node_of[v] = Some(graph.add_node(v));
    }
    for &(a, b) in &edges {
        if let (Some(na), Some(nb)) = (node_of[a], node_of[b]) {
            graph.add_edge(na, nb, ());
        }
    }
    let order = stable_toposort(&graph, |&i| {
        let step = &catalogue.steps[i];
        (step.phase, i, step.id.clone())
    })
    .map_err(|stuck| {
        let mut ids: Vec<&str> = stuck
            .iter()
            .map(|n| catalogue.steps[graph[*n]].id.as_str())
            .collect();
        ids.sort_unstable();
        Error::Data {
            file: "steps".into(),
            message: format!(
                "the steps depend on each other in a cycle: {}",
                ids.join(", ")
            ),
        }
    })?;

    let reduced = transitive_reduction(&graph);
    let mut edges: Vec<(usize, usize)> = reduced
        .into_iter()
        .map(|(a, b)| (graph[a], graph[b]))
        .collect();
    edges.sort_unstable();
    Ok(OrderedSteps {
        order: order.into_iter().map(|node| graph[node]).collect(),
        edges,
    })
}

/// Drop every edge a -> b when b is reachable from a by another path.
fn transitive_reduction(graph: &DiGraph<usize, ()>) -> Vec<(NodeIndex, NodeIndex)> {
    let mut kept = Vec::new();
    for edge in graph.edge_indices() {
        let Some((a, b)) = graph.edge_endpoints(edge) else {
            continue;
        };
        let mut stack: Vec<NodeIndex> = graph
            .neighbors_directed(a, Outgoing)
            .filter(|&m| m != b)
            .collect();
        let mut seen = BTreeSet::new();
        let mut redundant = false;
        while let Some(m) = stack.pop() {
            if m == b {
                redundant = true;
                break;
            }
            if seen.insert(m) {
                stack.extend(graph.neighbors_directed(m, Outgoing));
            }
        }
        if !redundant {
            kept.push((a, b));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_follow_the_key_not_the_insertion_order() {
        let mut g = DiGraph::<u32, ()>::new();
        let c = g.add_node(3);
        let a = g.add_node(1);
        let b = g.add_node(2);
        g.add_edge(a, c, ());
        let order: Vec<u32> = stable_toposort(&g, |&k| k)
            .unwrap()
            .into_iter()
            .map(|n| g[n])
            .collect();
        assert_eq!(order, vec![1, 2, 3]);
        let _ = b;
    }

    #[test]
    fn a_cycle_returns_the_stuck_nodes() {
        let mut g = DiGraph::<u32, ()>::new();
        let a = g.add_node(1);
        let b = g.add_node(2);
        let c = g.add_node(3);
        g.add_edge(a, b, ());
        g.add_edge(b, a, ());
        let stuck = stable_toposort(&g, |&k| k).unwrap_err();
        assert_eq!(stuck, vec![a, b]);
        let _ = c;
    }

    #[test]
    fn reduction_drops_shortcuts() {
        let mut g = DiGraph::<usize, ()>::new();
        let a = g.add_node(0);
        let b = g.add_node(1);
        let c = g.add_node(2);
        g.add_edge(a, b, ());
        g.add_edge(b, c, ());
        g.add_edge(a, c, ());
        let kept = transitive_reduction(&g);
        assert_eq!(kept, vec![(a, b), (b, c)]);
    }
}
