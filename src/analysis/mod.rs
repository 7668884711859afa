//! Merge set, customisations, DotNet pins, impact graph, three-way compare and effort (issue 4).
