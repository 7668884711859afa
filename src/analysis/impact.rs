//! The reference graph over the whole inventory (petgraph): an edge A -> B when A refers to B
//! (variables, properties, code, event subscribers, AL `extends`). The dependents of B are what
//! must be recompiled and re-tested after B is merged.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

use super::{Dependent, Dependents, ObjectRef};
use crate::objects::{Object, ObjectKind, RefTarget, RefVia};

pub struct ReferenceGraph<'a> {
    graph: DiGraph<&'a Object, BTreeSet<RefVia>>,
    by_key: BTreeMap<(ObjectKind, u32), NodeIndex>,
    /// Referrers of each node, sorted by type and id: the walk visits them in a stable order.
    incoming: Vec<Vec<NodeIndex>>,
}

/// The object an AL extension extends.
fn extended_kind(kind: ObjectKind) -> Option<ObjectKind> {
    match kind {
        ObjectKind::TableExtension => Some(ObjectKind::Table),
        ObjectKind::PageExtension => Some(ObjectKind::Page),
        ObjectKind::ReportExtension => Some(ObjectKind::Report),
        ObjectKind::EnumExtension => Some(ObjectKind::Enum),
        _ => None,
    }
}

impl<'a> ReferenceGraph<'a> {
    /// `objects` must hold one object per type and id (see `merge_set::unique_sorted`).
    pub fn build(objects: &[&'a Object]) -> Self {
        let mut graph = DiGraph::new();
        let mut by_key = BTreeMap::new();
        let mut by_name: BTreeMap<(ObjectKind, String), NodeIndex> = BTreeMap::new();
        for object in objects {
            let node = graph.add_node(*object);
            by_key.insert((object.kind, object.id), node);
            by_name
                .entry((object.kind, object.name.to_lowercase()))
                .or_insert(node);
        }
        let mut edges: BTreeMap<(NodeIndex, NodeIndex), BTreeSet<RefVia>> = BTreeMap::new();
        for (&(_, _), &from) in &by_key {
            let object = graph[from];
            for reference in &object.references {
                let to = match (&reference.target, reference.resolved_id) {
                    (RefTarget::Id(id), _) => by_key.get(&(reference.kind, *id)),
                    (RefTarget::Name(_), Some(id)) => by_key.get(&(reference.kind, id)),
                    (RefTarget::Name(name), None) => {
                        by_name.get(&(reference.kind, name.to_lowercase()))
                    }
                };
                if let Some(&to) = to {
                    if to != from {
                        edges.entry((from, to)).or_default().insert(reference.via);
                    }
                }
            }
            let base = extended_kind(object.kind).zip(object.extends.as_ref());
            if let Some(&to) =
                base.and_then(|(kind, name)| by_name.get(&(kind, name.to_lowercase())))
            {
                edges.entry((from, to)).or_default().insert(RefVia::Extends);
            }
        }
        for ((from, to), via) in edges {
            graph.add_edge(from, to, via);
        }
        let incoming = graph
            .node_indices()
            .map(|n| {
                let mut referrers: Vec<NodeIndex> =
                    graph.neighbors_directed(n, Direction::Incoming).collect();
                referrers.sort_by_key(|&r| (graph[r].kind, graph[r].id));
                referrers.dedup();
                referrers
            })
            .collect();
        ReferenceGraph {
            graph,
            by_key,
            incoming,
        }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// For each given object that has any: its direct dependents, and the transitive ones with the
    /// shortest path (ties broken by type and id, so the output is stable), up to `max_depth`
    /// hops (0: no limit); those further away are only counted.
    pub fn dependents_of(
        &self,
        keys: impl IntoIterator<Item = (ObjectKind, u32)>,
        max_depth: usize,
    ) -> Vec<Dependents> {
        let mut out = Vec::new();
        let keys: BTreeSet<_> = keys.into_iter().collect();
        for key in keys {
            let Some(&start) = self.by_key.get(&key) else {
                continue;
            };
            let (direct, transitive, further) = self.walk_back(start, max_depth);
            if direct.is_empty() {
                continue;
            }
            out.push(Dependents {
                object: ObjectRef::of(self.graph[start]),
                direct,
                transitive,
                further,
            });
        }
        out
    }

    fn walk_back(
        &self,
        start: NodeIndex,
        max_depth: usize,
    ) -> (Vec<Dependent>, Vec<Dependent>, usize) {
        // Breadth first over the referrers: next[n] = the node n refers to on its shortest path
        // towards `start`, depth[n] = its hops. Arrays, not maps: this runs once per merge-set
        // object over the whole database.
        let count = self.graph.node_count();
        let mut next: Vec<Option<NodeIndex>> = vec![None; count];
        let mut depth: Vec<usize> = vec![0; count];
        let mut reached: Vec<NodeIndex> = Vec::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let hops = depth[node.index()] + 1;
            for &referrer in &self.incoming[node.index()] {
                if referrer != start && next[referrer.index()].is_none() {
                    next[referrer.index()] = Some(node);
                    depth[referrer.index()] = hops;
                    reached.push(referrer);
                    queue.push_back(referrer);
                }
            }
        }
        // Node order is type-then-id order (objects arrive sorted).
        reached.sort();
        let mut direct = Vec::new();
        let mut transitive = Vec::new();
        let mut further = 0;
        for node in reached {
            let Some(towards) = next[node.index()] else {
                continue;
            };
            if max_depth > 0 && depth[node.index()] > max_depth {
                further += 1;
                continue;
            }
            let mut path = vec![label(self.graph[node])];
            let mut at = node;
            while let Some(hop) = next[at.index()] {
                path.push(label(self.graph[hop]));
                at = hop;
            }
            let via = self
                .graph
                .find_edge(node, towards)
                .map(|e| self.graph[e].iter().copied().collect())
                .unwrap_or_default();
            let dependent = Dependent {
                object: ObjectRef::of(self.graph[node]),
                via,
                path,
            };
            if towards == start {
                direct.push(dependent);
            } else {
                transitive.push(dependent);
            }
        }
        let order = |d: &Dependent| (d.object.kind, d.object.id);
        direct.sort_by_key(order);
        transitive.sort_by_key(order);
        (direct, transitive, further)
    }
}

fn label(object: &Object) -> String {
    ObjectRef::of(object).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{Reference, SourceFormat};

    /// Codeunit n refers to codeunit n - 1: a chain of `len` objects ending at codeunit 1.
    fn chain(len: u32) -> Vec<Object> {
        (1..=len)
            .map(|id| Object {
                kind: ObjectKind::Codeunit,
                id,
                name: format!("C{id}"),
                format: SourceFormat::Cal,
                version_list: Vec::new(),
                modified: false,
                date: None,
                time: None,
                file: "x.txt".into(),
                line: id,
                extends: None,
                references: (id > 1)
                    .then(|| Reference {
                        kind: ObjectKind::Codeunit,
                        target: RefTarget::Id(id - 1),
                        resolved_id: None,
                        via: RefVia::Variable,
                        line: id,
                    })
                    .into_iter()
                    .collect(),
                dotnet: Vec::new(),
                span: 0..0,
            })
            .collect()
    }

    #[test]
    fn dependents_beyond_the_depth_are_counted_not_listed() {
        let objects = chain(10);
        let refs: Vec<&Object> = objects.iter().collect();
        let graph = ReferenceGraph::build(&refs);
        assert_eq!((graph.node_count(), graph.edge_count()), (10, 9));
        let found = graph.dependents_of([(ObjectKind::Codeunit, 1)], 3);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].direct.len(), 1);
        assert_eq!(found[0].transitive.len(), 2);
        assert_eq!(found[0].further, 6);
        assert_eq!(
            found[0].transitive[1].path,
            [
                "Codeunit 4 C4",
                "Codeunit 3 C3",
                "Codeunit 2 C2",
                "Codeunit 1 C1"
            ]
        );
        let all = graph.dependents_of([(ObjectKind::Codeunit, 1)], 0);
        assert_eq!((all[0].transitive.len(), all[0].further), (8, 0));
    }

    #[test]
    fn a_cycle_ends_the_walk() {
        let mut objects = chain(3);
        objects[0].references.push(Reference {
            kind: ObjectKind::Codeunit,
            target: RefTarget::Id(3),
            resolved_id: None,
            via: RefVia::Code,
            line: 1,
        });
        let refs: Vec<&Object> = objects.iter().collect();
        let found = ReferenceGraph::build(&refs).dependents_of([(ObjectKind::Codeunit, 1)], 0);
        let listed: Vec<u32> = found[0]
            .direct
            .iter()
            .chain(&found[0].transitive)
            .map(|d| d.object.id)
            .collect();
        assert_eq!(listed, [2, 3]);
    }
}
