//! The reference graph over the whole inventory: an edge A -> B when A refers to B (variables,
//! properties, code, event subscribers, AL `extends`). The dependents of B are what must be
//! recompiled and re-tested after B is merged.
//!
//! The graph is kept as compact adjacency arrays (node = index of the object in type-then-id
//! order), because the dependents are asked for thousands of merge-set objects at once over tens
//! of thousands of objects: each walk stops at `max_depth`, and how many referrers lie further
//! away is counted for all merge-set objects together, over the strongly connected components
//! with one bit per merge-set object (see [`ReferenceGraph::reach_counts`]).

use std::collections::{BTreeSet, HashMap, VecDeque};

use rayon::prelude::*;

use super::{Dependent, Dependents, ObjectRef};

mod listed;
mod view;
use crate::objects::{Object, ObjectKind, RefTarget, RefVia};
pub use listed::Listed;

/// Every `RefVia`, in its sort order: bit `i` of an edge's mask stands for `VIAS[i]`.
const VIAS: [RefVia; 8] = [
    RefVia::Variable,
    RefVia::Property,
    RefVia::Permission,
    RefVia::TableRelation,
    RefVia::CalcFormula,
    RefVia::Code,
    RefVia::EventSubscriber,
    RefVia::Extends,
];

fn via_bit(via: RefVia) -> u8 {
    1 << (via as u8)
}

fn vias(mask: u8) -> Vec<RefVia> {
    VIAS.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, &v)| v)
        .collect()
}

/// Which parts of the dependents to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every dependent with its path (JSON, plans).
    Full,
    /// What the text summary shows: the direct dependents listed, as objects only (their `via`
    /// and `path` stay empty), the transitive ones only counted (`transitive` stays empty, see
    /// `transitive_count`), without building hundreds of thousands of paths on a big database.
    Counts,
}

pub struct ReferenceGraph<'a> {
    /// Node `i` is `objects[i]`.
    objects: Vec<&'a Object>,
    by_key: KeyMap,
    /// Outgoing edges of node `n`: `out_to[out_start[n]..out_start[n + 1]]`, sorted by target,
    /// with the set of ways it refers (`out_via`, bits of [`VIAS`]).
    out_start: Vec<usize>,
    out_to: Vec<u32>,
    out_via: Vec<u8>,
    /// Referrers of each node, sorted by type and id: the walk visits them in a stable order.
    in_start: Vec<usize>,
    in_from: Vec<u32>,
}

/// Node of each `(type, id)`, hashed with foldhash rather than SipHash: the graph looks up
/// millions of references, and the keys come from the export, not from someone choosing
/// collisions.
type KeyMap = HashMap<(ObjectKind, u32), u32, foldhash::fast::FixedState>;

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
        // Nodes in type-then-id order, whatever order the caller used.
        let mut objects: Vec<&'a Object> = objects.to_vec();
        objects.sort_by_key(|o| (o.kind, o.id));
        objects.dedup_by_key(|o| (o.kind, o.id));
        let mut by_key = KeyMap::with_capacity_and_hasher(objects.len(), Default::default());
        // Per kind, lower-cased name to node (the first, i.e. lowest id, of a name): a lookup
        // by `&str` needs no key allocated.
        let mut by_name: HashMap<ObjectKind, HashMap<String, u32, foldhash::fast::FixedState>> =
            HashMap::new();
        let mut name = String::new();
        for (node, object) in objects.iter().enumerate() {
            let node = node as u32;
            by_key.insert((object.kind, object.id), node);
            crate::objects::lower_case_into(&object.name, &mut name);
            let names = by_name.entry(object.kind).or_default();
            if !names.contains_key(name.as_str()) {
                names.insert(name.clone(), node);
            }
        }
        let by_name = |kind: ObjectKind, name: &str, lowered: &mut String| {
            crate::objects::lower_case_into(name, lowered);
            by_name.get(&kind)?.get(lowered.as_str())
        };
        // Each object's outgoing edges, merged per target (in parallel: millions of references).
        let outgoing: Vec<Vec<(u32, u8)>> = objects
            .par_iter()
            .enumerate()
            .map_init(String::new, |lowered, (from, object)| {
                let from = from as u32;
                let mut edges: Vec<(u32, u8)> = Vec::new();
                for reference in &object.references {
                    let to = match (&reference.target, reference.resolved_id) {
                        (RefTarget::Id(id), _) => by_key.get(&(reference.kind, *id)),
                        (RefTarget::Name(_), Some(id)) => by_key.get(&(reference.kind, id)),
                        (RefTarget::Name(name), None) => by_name(reference.kind, name, lowered),
                    };
                    if let Some(&to) = to {
                        if to != from {
                            edges.push((to, via_bit(reference.via)));
                        }
                    }
                }
                let base = extended_kind(object.kind).zip(object.extends.as_ref());
                if let Some(&to) = base.and_then(|(kind, name)| by_name(kind, name, lowered)) {
                    if to != from {
                        edges.push((to, via_bit(RefVia::Extends)));
                    }
                }
                edges.sort_unstable();
                let mut merged: Vec<(u32, u8)> = Vec::with_capacity(edges.len());
                for (to, bit) in edges {
                    match merged.last_mut() {
                        Some(last) if last.0 == to => last.1 |= bit,
                        _ => merged.push((to, bit)),
                    }
                }
                merged
            })
            .collect();
        let count = objects.len();
        let mut out_start = Vec::with_capacity(count + 1);
        let mut out_to = Vec::new();
        let mut out_via = Vec::new();
        let mut referrers = vec![0usize; count];
        out_start.push(0);
        for edges in &outgoing {
            for &(to, via) in edges {
                out_to.push(to);
                out_via.push(via);
                referrers[to as usize] += 1;
            }
            out_start.push(out_to.len());
        }
        drop(outgoing);
        // Incoming lists, filled in source order: sorted by node, i.e. by type and id.
        let mut in_start = Vec::with_capacity(count + 1);
        in_start.push(0);
        for n in &referrers {
            in_start.push(in_start.last().copied().unwrap_or(0) + n);
        }
        let mut fill: Vec<usize> = in_start[..count].to_vec();
        let mut in_from = vec![0u32; out_to.len()];
        for from in 0..count {
            for &to in &out_to[out_start[from]..out_start[from + 1]] {
                in_from[fill[to as usize]] = from as u32;
                fill[to as usize] += 1;
            }
        }
        ReferenceGraph {
            objects,
            by_key,
            out_start,
            out_to,
            out_via,
            in_start,
            in_from,
        }
    }

    pub fn node_count(&self) -> usize {
        self.objects.len()
    }

    pub fn edge_count(&self) -> usize {
        self.out_to.len()
    }

    fn referrers(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.in_from[self.in_start[n]..self.in_start[n + 1]]
    }

    fn refers_to(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.out_to[self.out_start[n]..self.out_start[n + 1]]
    }

    /// The ways `from` refers to `to` (empty when it does not).
    fn edge_vias(&self, from: u32, to: u32) -> Vec<RefVia> {
        vias(self.edge_via_mask(from, to))
    }

    /// [`Self::edge_vias`] as bits of [`VIAS`].
    fn edge_via_mask(&self, from: u32, to: u32) -> u8 {
        let start = self.out_start[from as usize];
        match self.refers_to(from).binary_search(&to) {
            Ok(i) => self.out_via[start + i],
            Err(_) => 0,
        }
    }

    /// For each given object that has any: its direct dependents, and the transitive ones with the
    /// shortest path (ties broken by type and id, so the output is stable), up to `max_depth`
    /// hops (0: no limit); those further away are only counted.
    pub fn dependents_of(
        &self,
        keys: impl IntoIterator<Item = (ObjectKind, u32)>,
        max_depth: usize,
    ) -> Vec<Dependents> {
        self.dependents_with(keys, max_depth, Detail::Full)
    }

    /// [`Self::dependents_of`], with the transitive dependents listed or only counted.
    pub fn dependents_with(
        &self,
        keys: impl IntoIterator<Item = (ObjectKind, u32)>,
        max_depth: usize,
        detail: Detail,
    ) -> Vec<Dependents> {
        let keys: BTreeSet<_> = keys.into_iter().collect();
        let starts: Vec<u32> = keys
            .iter()
            .filter_map(|key| self.by_key.get(key).copied())
            .filter(|&start| !self.referrers(start).is_empty())
            .collect();
        // Everything that reaches each start, near or far (only needed when the walk is capped).
        let reach = if max_depth > 0 {
            self.reach_counts(&starts)
        } else {
            vec![0; starts.len()]
        };
        starts
            .par_iter()
            .zip(reach.par_iter())
            .map_init(
                || Walk::new(self.node_count()),
                |walk, (&start, &reach)| self.dependents(walk, start, max_depth, reach, detail),
            )
            .collect()
    }

    /// The full listing ([`Detail::Full`]) of entries first built with [`Detail::Counts`], in
    /// their order, `batch` at a time: each listed entry goes through `render` on the core that
    /// built it (the JSON writer turns it into text there) and the results go to `write` in
    /// order, the batch dropped before the next one is built. On a big database the full lists
    /// take gigabytes at once; `scan --json` writes them out as they come. The count of
    /// dependents further away is taken from the counted entry (the same number: see the test
    /// `counts_agree_with_the_full_lists`).
    pub fn for_each_listed<R: Send, E>(
        &self,
        counted: &[Dependents],
        max_depth: usize,
        batch: usize,
        render: impl Fn(&Listed<'_, 'a>) -> R + Sync,
        mut write: impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E> {
        // Walks kept from batch to batch: each holds arrays as long as the graph, and a batch
        // is a handful of entries, so making new ones per batch cost more than the walks.
        let walks = std::sync::Mutex::new(Vec::<Walk>::new());
        for entries in counted.chunks(batch.max(1)) {
            let rendered: Vec<R> = entries
                .par_iter()
                .map(|entry| {
                    let taken = walks.lock().ok().and_then(|mut w| w.pop());
                    let mut walk = taken.unwrap_or_else(|| Walk::new(self.node_count()));
                    // Entries come from this graph; one that does not would list nothing.
                    let start = self.by_key.get(&(entry.object.kind, entry.object.id));
                    let direct_count = match start {
                        Some(&start) => self.walk_listing(&mut walk, start, max_depth),
                        None => {
                            walk.reached.clear();
                            0
                        }
                    };
                    let (direct, transitive) = walk.reached.split_at(direct_count);
                    let rendered = render(&Listed {
                        graph: self,
                        walk: &walk,
                        start: start.copied().unwrap_or(u32::MAX),
                        object: &entry.object,
                        direct,
                        transitive,
                        further: entry.further,
                    });
                    if let Ok(mut w) = walks.lock() {
                        w.push(walk);
                    }
                    rendered
                })
                .collect();
            for item in rendered {
                write(item)?;
            }
        }
        Ok(())
    }

    fn dependents(
        &self,
        walk: &mut Walk,
        start: u32,
        max_depth: usize,
        reach: usize,
        detail: Detail,
    ) -> Dependents {
        let object = ObjectRef::of(self.objects[start as usize]);
        let (direct, transitive, transitive_count) = match detail {
            Detail::Full => {
                let direct_count = self.walk_listing(walk, start, max_depth);
                let (direct, transitive) = walk.reached.split_at(direct_count);
                let listed = Listed {
                    graph: self,
                    walk,
                    start,
                    object: &object,
                    direct,
                    transitive,
                    further: 0,
                };
                (listed.built(true), listed.built(false), transitive.len())
            }
            Detail::Counts => {
                // The direct dependents are the start's referrers, already in type-then-id order.
                let direct: Vec<Dependent> = self
                    .referrers(start)
                    .iter()
                    .map(|&node| Dependent {
                        object: ObjectRef::of(self.objects[node as usize]),
                        via: Vec::new(),
                        path: Vec::new(),
                    })
                    .collect();
                let further_away = walk.count(self, start, max_depth);
                (direct, Vec::new(), further_away)
            }
        };
        let reached_count = direct.len() + transitive_count;
        let further = if max_depth > 0 {
            reach.saturating_sub(reached_count)
        } else {
            0
        };
        Dependents {
            object,
            direct,
            transitive,
            further,
            transitive_count,
        }
    }

    /// Walks from `start` and leaves in `walk.reached` the direct dependents (in type-then-id
    /// order), then the transitive ones, sorted; returns how many are direct.
    fn walk_listing(&self, walk: &mut Walk, start: u32, max_depth: usize) -> usize {
        walk.run(self, start, max_depth);
        // Node order is type-then-id order, and the walk finds the direct dependents first, in
        // that order (the referrer lists are sorted).
        let direct_count = walk
            .reached
            .iter()
            .take_while(|&&n| walk.depth[n as usize] == 1)
            .count();
        walk.reached[direct_count..].sort_unstable();
        direct_count
    }

    fn dependent(&self, walk: &Walk, node: u32, towards: u32) -> Dependent {
        let mut path = vec![label(self.objects[node as usize])];
        let mut at = node;
        while walk.depth[at as usize] > 0 {
            at = walk.next[at as usize];
            path.push(label(self.objects[at as usize]));
        }
        Dependent {
            object: ObjectRef::of(self.objects[node as usize]),
            via: self.edge_vias(node, towards),
            path,
        }
    }

    /// For each start: how many other objects refer to it directly or through any chain.
    ///
    /// Over the strongly connected components in reverse topological order (what
    /// `petgraph::algo::tarjan_scc` returns), each component gets the set of starts it reaches:
    /// its own, plus those of the components it refers to, one bit per start's component. A
    /// start's count is then the size of every component whose set holds its bit, less itself.
    /// The starts are taken in blocks of 4,096 so the bit sets stay small.
    fn reach_counts(&self, starts: &[u32]) -> Vec<usize> {
        // On the graph's own arrays (`view`), not a copy.
        let components = petgraph::algo::tarjan_scc(self);
        let mut component_of = vec![0u32; self.node_count()];
        for (c, members) in components.iter().enumerate() {
            for &node in members {
                component_of[node as usize] = c as u32;
            }
        }
        // One column per distinct component of a start.
        let mut columns: Vec<u32> = starts.iter().map(|&s| component_of[s as usize]).collect();
        columns.sort_unstable();
        columns.dedup();
        const BLOCK: usize = 4096;
        let mut counts_by_column = vec![0usize; columns.len()];
        for (b, block) in columns.chunks(BLOCK).enumerate() {
            let words = block.len().div_ceil(64);
            let mut own: HashMap<u32, usize> = HashMap::with_capacity(block.len());
            for (i, &c) in block.iter().enumerate() {
                own.insert(c, i);
            }
            let mut rows = vec![0u64; components.len() * words];
            for (c, members) in components.iter().enumerate() {
                let (done, rest) = rows.split_at_mut(c * words);
                let row = &mut rest[..words];
                if let Some(&i) = own.get(&(c as u32)) {
                    row[i / 64] |= 1 << (i % 64);
                }
                for &node in members {
                    for &to in self.refers_to(node) {
                        let d = component_of[to as usize] as usize;
                        if d != c {
                            for (word, theirs) in row.iter_mut().zip(&done[d * words..][..words]) {
                                *word |= theirs;
                            }
                        }
                    }
                }
                let size = members.len();
                for (w, &word) in row.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        let i = w * 64 + bits.trailing_zeros() as usize;
                        counts_by_column[b * BLOCK + i] += size;
                        bits &= bits - 1;
                    }
                }
            }
        }
        starts
            .iter()
            .map(|&s| {
                let column = columns
                    .binary_search(&component_of[s as usize])
                    .unwrap_or_default();
                counts_by_column[column].saturating_sub(1)
            })
            .collect()
    }
}

/// One breadth-first walk over the referrers, with arrays reused from walk to walk (a stamp per
/// node says whether this walk has reached it).
struct Walk {
    stamp: Vec<u32>,
    round: u32,
    /// The node each reached node refers to on its shortest path towards the start.
    next: Vec<u32>,
    /// Hops from the start (0 for the start).
    depth: Vec<u32>,
    reached: Vec<u32>,
    queue: VecDeque<u32>,
    /// For [`Walk::count`]: one bit per node (a few kilobytes: stays in the first-level cache,
    /// where the stamps would not), and the nodes of the level being expanded and of the next.
    seen: Vec<u64>,
    level: Vec<u32>,
    next_level: Vec<u32>,
}

impl Walk {
    fn new(count: usize) -> Walk {
        Walk {
            stamp: vec![0; count],
            round: 0,
            next: vec![0; count],
            depth: vec![0; count],
            reached: Vec::new(),
            queue: VecDeque::new(),
            seen: vec![0; count.div_ceil(64)],
            level: Vec::new(),
            next_level: Vec::new(),
        }
    }

    /// How many nodes lie 2 to `max_depth` hops (0: any number) from `start` over the
    /// referrers: what the summary shows, counted without the bookkeeping of [`Walk::run`] (no
    /// queue, no paths). On a big database this visits millions of nodes, most on the last level,
    /// which are only counted, never queued.
    fn count(&mut self, graph: &ReferenceGraph<'_>, start: u32, max_depth: usize) -> usize {
        self.seen.fill(0);
        let seen = &mut self.seen;
        // Marks `node` seen; true when it was not.
        let mut mark = |node: u32| {
            let (word, bit) = ((node / 64) as usize, 1u64 << (node % 64));
            let new = seen[word] & bit == 0;
            seen[word] |= bit;
            new
        };
        mark(start);
        self.level.clear();
        for &referrer in graph.referrers(start) {
            mark(referrer);
            self.level.push(referrer);
        }
        let mut count = 0;
        let mut depth = 1;
        while !self.level.is_empty() && (max_depth == 0 || depth < max_depth) {
            depth += 1;
            let last = max_depth > 0 && depth == max_depth;
            self.next_level.clear();
            for &node in &self.level {
                for &referrer in graph.referrers(node) {
                    if mark(referrer) {
                        count += 1;
                        if !last {
                            self.next_level.push(referrer);
                        }
                    }
                }
            }
            std::mem::swap(&mut self.level, &mut self.next_level);
        }
        count
    }

    fn run(&mut self, graph: &ReferenceGraph<'_>, start: u32, max_depth: usize) {
        self.round += 1;
        self.reached.clear();
        self.queue.clear();
        self.stamp[start as usize] = self.round;
        self.depth[start as usize] = 0;
        self.queue.push_back(start);
        while let Some(node) = self.queue.pop_front() {
            let hops = self.depth[node as usize] + 1;
            if max_depth > 0 && hops as usize > max_depth {
                continue;
            }
            for &referrer in graph.referrers(node) {
                let r = referrer as usize;
                if self.stamp[r] != self.round {
                    self.stamp[r] = self.round;
                    self.next[r] = node;
                    self.depth[r] = hops;
                    self.reached.push(referrer);
                    self.queue.push_back(referrer);
                }
            }
        }
    }
}

fn label(object: &Object) -> String {
    super::ObjectLabel::of(object).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Reference;

    /// Codeunit n refers to codeunit n - 1: a chain of `len` objects ending at codeunit 1.
    fn chain(len: u32) -> Vec<Object> {
        (1..=len)
            .map(|id| Object {
                line: id,
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
                ..Object::bare(ObjectKind::Codeunit, id, &format!("C{id}"))
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

    #[test]
    fn the_via_bits_follow_the_sort_order_of_ref_via() {
        for (i, via) in VIAS.iter().enumerate() {
            assert_eq!(*via as usize, i);
        }
        assert!(VIAS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(vias(0b1000_0001), [RefVia::Variable, RefVia::Extends]);
    }

    #[test]
    fn further_dependents_are_counted_through_cycles_and_counts_match_the_lists() {
        // 1 <- 2 <- ... <- 10, and 1 refers to 10: a cycle of ten through every object.
        let mut objects = chain(10);
        objects[0].references.push(Reference {
            kind: ObjectKind::Codeunit,
            target: RefTarget::Id(10),
            resolved_id: None,
            via: RefVia::Code,
            line: 1,
        });
        let refs: Vec<&Object> = objects.iter().collect();
        let graph = ReferenceGraph::build(&refs);
        let starts = [(ObjectKind::Codeunit, 1), (ObjectKind::Codeunit, 5)];
        let full = graph.dependents_with(starts, 2, Detail::Full);
        let counts = graph.dependents_with(starts, 2, Detail::Counts);
        assert_eq!(full.len(), 2);
        for (f, c) in full.iter().zip(&counts) {
            // Nine others reach each start: one direct, one at two hops, seven further.
            assert_eq!((f.direct.len(), f.transitive.len(), f.further), (1, 1, 7));
            assert_eq!(f.transitive_count, 1);
            let objects = |d: &Dependents| -> Vec<ObjectRef> {
                d.direct.iter().map(|x| x.object.clone()).collect()
            };
            assert_eq!((objects(c), c.further), (objects(f), 7));
            assert!(f
                .direct
                .iter()
                .all(|x| x.path.len() == 2 && !x.via.is_empty()));
            assert!(c
                .direct
                .iter()
                .all(|x| x.path.is_empty() && x.via.is_empty()));
            assert!(c.transitive.is_empty());
            assert_eq!(c.transitive_count, 1);
        }
    }

    proptest::proptest! {
        /// On any graph and at any depth, the summary's counts are the lengths of the full lists:
        /// same direct dependents, as many transitive ones, as many further away.
        #[test]
        fn counts_agree_with_the_full_lists(
            edges in proptest::collection::vec((1u32..=30, 1u32..=30), 0..120),
            max_depth in 0usize..5,
        ) {
            let mut objects = chain(30);
            for o in &mut objects {
                o.references.clear();
            }
            for (from, to) in edges {
                objects[from as usize - 1].references.push(Reference {
                    kind: ObjectKind::Codeunit,
                    target: RefTarget::Id(to),
                    resolved_id: None,
                    via: RefVia::Code,
                    line: 1,
                });
            }
            let refs: Vec<&Object> = objects.iter().collect();
            let graph = ReferenceGraph::build(&refs);
            let starts: Vec<(ObjectKind, u32)> =
                (1..=30).map(|id| (ObjectKind::Codeunit, id)).collect();
            let full = graph.dependents_with(starts.iter().copied(), max_depth, Detail::Full);
            let counts = graph.dependents_with(starts.iter().copied(), max_depth, Detail::Counts);
            proptest::prop_assert_eq!(full.len(), counts.len());
            for (f, c) in full.iter().zip(&counts) {
                let objects = |d: &Dependents| -> Vec<ObjectRef> {
                    d.direct.iter().map(|x| x.object.clone()).collect()
                };
                proptest::prop_assert_eq!(&f.object, &c.object);
                proptest::prop_assert_eq!(objects(f), objects(c));
                proptest::prop_assert_eq!(f.transitive.len(), c.transitive_count);
                proptest::prop_assert_eq!(f.transitive_count, c.transitive_count);
                proptest::prop_assert_eq!(f.further, c.further);
            }
            // Listed from the counted entries a few at a time (`scan --json`): the same entries
            // as listed all at once, in the same order.
            let batch = 1 + max_depth;
            let mut streamed = Vec::new();
            graph
                .for_each_listed(
                    &counts,
                    max_depth,
                    batch,
                    |listed| {
                        let built = listed.to_dependents();
                        // Written from the walk, the listing reads as the entry built from it.
                        let json = serde_json::to_string(listed).unwrap();
                        (json == serde_json::to_string(&built).unwrap(), built)
                    },
                    |entry| {
                        streamed.push(entry);
                        Ok::<(), ()>(())
                    },
                )
                .unwrap();
            proptest::prop_assert!(streamed.iter().all(|(same_json, _)| *same_json));
            let streamed: Vec<Dependents> = streamed.into_iter().map(|(_, d)| d).collect();
            proptest::prop_assert_eq!(streamed, full);
        }
    }
}
