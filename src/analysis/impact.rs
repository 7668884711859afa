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
        ReferenceGraph { graph, by_key }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// For each given object that has any: its direct dependents, and the transitive ones with the
    /// shortest path (ties broken by type and id, so the output is stable).
    pub fn dependents_of(
        &self,
        keys: impl IntoIterator<Item = (ObjectKind, u32)>,
    ) -> Vec<Dependents> {
        let mut out = Vec::new();
        let keys: BTreeSet<_> = keys.into_iter().collect();
        for key in keys {
            let Some(&start) = self.by_key.get(&key) else {
                continue;
            };
            let (direct, transitive) = self.walk_back(start);
            if direct.is_empty() {
                continue;
            }
            out.push(Dependents {
                object: ObjectRef::of(self.graph[start]),
                direct,
                transitive,
            });
        }
        out
    }

    fn walk_back(&self, start: NodeIndex) -> (Vec<Dependent>, Vec<Dependent>) {
        // next[n] = the node n refers to on its shortest path towards `start`.
        let mut next: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let mut referrers: Vec<NodeIndex> = self
                .graph
                .neighbors_directed(node, Direction::Incoming)
                .collect();
            referrers.sort_by_key(|&n| (self.graph[n].kind, self.graph[n].id));
            for referrer in referrers {
                if referrer != start && !next.contains_key(&referrer) {
                    next.insert(referrer, node);
                    queue.push_back(referrer);
                }
            }
        }
        let mut direct = Vec::new();
        let mut transitive = Vec::new();
        for (&node, &towards) in &next {
            let mut path = vec![label(self.graph[node])];
            let mut at = node;
            while let Some(&hop) = next.get(&at) {
                path.push(label(self.graph[hop]));
                at = hop;
            }
            if at != start {
                path.push(label(self.graph[start]));
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
        (direct, transitive)
    }
}

fn label(object: &Object) -> String {
    ObjectRef::of(object).to_string()
}
