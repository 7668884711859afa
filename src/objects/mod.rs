//! Reading exported objects: decoding, C/AL and AL readers, the inventory (issue 3).

mod al;
pub(crate) mod alscan;
mod appversion;
mod assemble;
mod blockscan;
mod cal;
pub mod decode;
mod delta;
mod linestarts;
pub mod model;
mod refs;
mod scanbytes;
pub mod texts;
mod walk;

pub use appversion::{ApplicationVersion, VersionSource};
pub use decode::CodePage;
pub use model::*;
pub use walk::{
    inventory_from, object_text, read_source, scan, scan_visiting, FileBytes, Inventory,
    NoProgress, Progress, ScanOptions, TextVisitor,
};

/// Entry points for the fuzz targets (fuzz/): each reader on its own, whatever the content.
#[doc(hidden)]
pub mod fuzzing {
    use std::path::Path;

    pub fn cal(bytes: &[u8]) -> Vec<super::Object> {
        let (prepared, _) = super::decode::prepare(bytes);
        super::cal::read(
            &prepared,
            Path::new("fuzz.txt"),
            &super::CodePage::default(),
        )
        .objects
    }

    pub fn al(bytes: &[u8]) -> Vec<super::Object> {
        let (prepared, _) = super::decode::prepare(bytes);
        super::al::read(&prepared, Path::new("fuzz.al"), &super::CodePage::default()).objects
    }
}
