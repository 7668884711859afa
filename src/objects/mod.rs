//! Reading exported objects: decoding, C/AL and AL readers, the inventory (issue 3).

pub mod model;

pub use model::*;
