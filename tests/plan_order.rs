//! The stable topological order: every edge respected, and the same order whatever order the
//! graph was built in (proptest over random DAGs).

use navplan::plan::graph::stable_toposort;
use petgraph::graph::DiGraph;
use proptest::prelude::*;

/// A random DAG on `n` nodes: edges only from a lower to a higher key, so no cycle.
fn dag() -> impl Strategy<Value = (usize, Vec<(usize, usize)>, Vec<usize>)> {
    (1usize..24).prop_flat_map(|n| {
        let edges = proptest::collection::vec((0..n, 0..n), 0..(n * 2))
            .prop_map(|pairs| pairs.into_iter().filter(|(a, b)| a < b).collect::<Vec<_>>());
        let insertion = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
        (Just(n), edges, insertion)
    })
}

fn order_of(n: usize, edges: &[(usize, usize)], insertion: &[usize]) -> Vec<usize> {
    let mut g = DiGraph::<usize, ()>::new();
    let mut node = vec![None; n];
    for &k in insertion {
        node[k] = Some(g.add_node(k));
    }
    for &(a, b) in edges.iter().rev() {
        g.add_edge(node[a].unwrap(), node[b].unwrap(), ());
    }
    stable_toposort(&g, |&k| k)
        .unwrap()
        .into_iter()
        .map(|i| g[i])
        .collect()
}

proptest! {
    #[test]
    fn order_respects_edges_and_ignores_insertion_order((n, edges, insertion) in dag()) {
        let shuffled = order_of(n, &edges, &insertion);
        let natural: Vec<usize> = (0..n).collect();
        let plain = order_of(n, &edges, &natural);
        prop_assert_eq!(&shuffled, &plain);
        prop_assert_eq!(shuffled.len(), n);
        let pos: Vec<usize> = {
            let mut p = vec![0; n];
            for (i, &k) in shuffled.iter().enumerate() { p[k] = i; }
            p
        };
        for (a, b) in edges {
            prop_assert!(pos[a] < pos[b]);
        }
    }

    #[test]
    fn a_cycle_is_never_ordered(n in 2usize..12) {
        let mut g = DiGraph::<usize, ()>::new();
        let nodes: Vec<_> = (0..n).map(|k| g.add_node(k)).collect();
        for k in 0..n {
            g.add_edge(nodes[k], nodes[(k + 1) % n], ());
        }
        let stuck = stable_toposort(&g, |&k| k).unwrap_err();
        prop_assert_eq!(stuck.len(), n);
    }
}

#[test]
fn docs_list_every_condition() {
    let doc = include_str!("../docs/steps.md");
    for (name, _) in navplan::plan::conditions::KNOWN {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "docs/steps.md lacks {name}"
        );
    }
}
