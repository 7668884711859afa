//! Reading exported objects: decoding, C/AL and AL readers, the inventory (issue 3).

mod al;
mod appversion;
mod assemble;
mod cal;
pub mod decode;
pub mod model;
mod refs;
mod scanbytes;
mod walk;

pub use appversion::{ApplicationVersion, VersionSource};
pub use decode::CodePage;
pub use model::*;
pub use walk::{
    inventory_from, object_text, read_source, scan, Inventory, NoProgress, Progress, ScanOptions,
};
