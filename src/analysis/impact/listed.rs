//! One merge-set object's full listing of dependents, read straight from the walk that found
//! them. `scan --json` writes millions of dependents on a big database: built as [`Dependents`]
//! first, each took a `String` per step of its path, allocated and freed again, for text
//! serde_json then wrote from them. [`Listed`] serializes to exactly the same JSON (the test
//! `a_listing_serializes_like_the_dependents_it_stands_for` compares them) without them.

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{ReferenceGraph, Walk, VIAS};
use crate::analysis::{Dependent, Dependents, ObjectLabel, ObjectRef};
use crate::objects::Object;

/// The dependents of `object`: its direct ones, then the transitive ones in type-then-id order,
/// each with the shortest path the walk found.
pub struct Listed<'g, 'a> {
    pub(super) graph: &'g ReferenceGraph<'a>,
    pub(super) walk: &'g Walk,
    pub(super) start: u32,
    pub(super) object: &'g ObjectRef,
    pub(super) direct: &'g [u32],
    pub(super) transitive: &'g [u32],
    pub(super) further: usize,
}

impl<'g, 'a> Listed<'g, 'a> {
    /// How many dependents it lists.
    pub fn len(&self) -> usize {
        self.direct.len() + self.transitive.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The merge-set object whose dependents these are.
    pub fn object(&self) -> &ObjectRef {
        self.object
    }

    /// The objects that refer to it directly, in type-then-id order.
    pub fn direct(&self) -> impl Iterator<Item = &'a Object> + '_ {
        self.direct.iter().map(|&n| self.graph.objects[n as usize])
    }

    /// The objects that refer to it through others, in type-then-id order.
    pub fn transitive(&self) -> impl Iterator<Item = &'a Object> + '_ {
        self.transitive
            .iter()
            .map(|&n| self.graph.objects[n as usize])
    }

    /// The same listing, built.
    pub fn to_dependents(&self) -> Dependents {
        Dependents {
            object: self.object.clone(),
            direct: self.built(true),
            transitive: self.built(false),
            further: self.further,
            transitive_count: self.transitive.len(),
        }
    }

    /// The direct (`true`) or the transitive dependents, each built with its path.
    pub(super) fn built(&self, direct: bool) -> Vec<Dependent> {
        let nodes = if direct { self.direct } else { self.transitive };
        nodes
            .iter()
            .map(|&node| {
                self.graph
                    .dependent(self.walk, node, self.towards(node, direct))
            })
            .collect()
    }

    /// The object a dependent refers to on its shortest path: the start itself for a direct
    /// one, the next step of the walk for the others.
    fn towards(&self, node: u32, direct: bool) -> u32 {
        if direct {
            self.start
        } else {
            self.walk.next[node as usize]
        }
    }

    fn entries<'l>(&'l self, nodes: &'l [u32], direct: bool) -> Entries<'l, 'g, 'a> {
        Entries {
            listed: self,
            nodes,
            direct,
        }
    }
}

impl Serialize for Listed<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The fields of `Dependents`, its `ObjectRef` flattened into it.
        let mut s = serializer.serialize_struct("Dependents", 6)?;
        s.serialize_field("type", &self.object.kind)?;
        s.serialize_field("id", &self.object.id)?;
        s.serialize_field("name", &self.object.name)?;
        s.serialize_field("direct", &self.entries(self.direct, true))?;
        s.serialize_field("transitive", &self.entries(self.transitive, false))?;
        s.serialize_field("further", &self.further)?;
        s.end()
    }
}

/// The direct or the transitive dependents of a listing.
struct Entries<'l, 'g, 'a> {
    listed: &'l Listed<'g, 'a>,
    nodes: &'l [u32],
    direct: bool,
}

impl Serialize for Entries<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let listed = self.listed;
        let mut seq = serializer.serialize_seq(Some(self.nodes.len()))?;
        for &node in self.nodes {
            seq.serialize_element(&Entry {
                listed,
                node,
                towards: listed.towards(node, self.direct),
            })?;
        }
        seq.end()
    }
}

/// One dependent: the fields of `Dependent`, its `ObjectRef` flattened into it.
struct Entry<'l, 'g, 'a> {
    listed: &'l Listed<'g, 'a>,
    node: u32,
    towards: u32,
}

impl Serialize for Entry<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = self.listed.graph.objects[self.node as usize];
        let mut s = serializer.serialize_struct("Dependent", 5)?;
        s.serialize_field("type", &object.kind)?;
        s.serialize_field("id", &object.id)?;
        s.serialize_field("name", &object.name)?;
        s.serialize_field(
            "via",
            &Vias(self.listed.graph.edge_via_mask(self.node, self.towards)),
        )?;
        s.serialize_field(
            "path",
            &Path {
                listed: self.listed,
                from: self.node,
            },
        )?;
        s.end()
    }
}

/// The ways one object refers to the next, from an edge's bits.
struct Vias(u8);

impl Serialize for Vias {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.count_ones() as usize))?;
        for (i, via) in VIAS.iter().enumerate() {
            if self.0 & (1 << i) != 0 {
                seq.serialize_element(via)?;
            }
        }
        seq.end()
    }
}

/// From a dependent to the start, both ends included, each step labelled as `ObjectRef` shows.
struct Path<'l, 'g, 'a> {
    listed: &'l Listed<'g, 'a>,
    from: u32,
}

impl Serialize for Path<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let walk = self.listed.walk;
        let objects = &self.listed.graph.objects;
        let steps = walk.depth[self.from as usize] as usize + 1;
        let mut seq = serializer.serialize_seq(Some(steps))?;
        let mut at = self.from;
        loop {
            seq.serialize_element(&Label(ObjectLabel::of(objects[at as usize])))?;
            if walk.depth[at as usize] == 0 {
                break;
            }
            at = walk.next[at as usize];
        }
        seq.end()
    }
}

/// A label written as a JSON string without building it first.
struct Label<'a>(ObjectLabel<'a>);

impl Serialize for Label<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}
