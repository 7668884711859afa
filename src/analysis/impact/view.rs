//! The reference graph as petgraph sees a graph, so that its algorithms (Tarjan's strongly
//! connected components for [`super::ReferenceGraph::reach_counts`]) run on the graph's own
//! arrays. Copied into a `petgraph::Graph` first, the 1.2 million edges of a whole database
//! cost more than the algorithm (docs/benchmark.md).

use petgraph::visit::{GraphBase, IntoNeighbors, IntoNodeIdentifiers, NodeIndexable};

use super::ReferenceGraph;

impl GraphBase for ReferenceGraph<'_> {
    /// A node number, as everywhere in the graph.
    type NodeId = u32;
    /// `(from, to)`: no algorithm used here names edges.
    type EdgeId = (u32, u32);
}

impl NodeIndexable for ReferenceGraph<'_> {
    fn node_bound(&self) -> usize {
        self.node_count()
    }

    fn to_index(&self, node: u32) -> usize {
        node as usize
    }

    fn from_index(&self, index: usize) -> u32 {
        index as u32
    }
}

impl<'g> IntoNeighbors for &'g ReferenceGraph<'_> {
    /// The objects a node refers to: an edge goes from the referrer to the referred.
    type Neighbors = std::iter::Copied<std::slice::Iter<'g, u32>>;

    fn neighbors(self, node: u32) -> Self::Neighbors {
        self.refers_to(node).iter().copied()
    }
}

impl IntoNodeIdentifiers for &ReferenceGraph<'_> {
    type NodeIdentifiers = std::ops::Range<u32>;

    fn node_identifiers(self) -> Self::NodeIdentifiers {
        0..self.node_count() as u32
    }
}
