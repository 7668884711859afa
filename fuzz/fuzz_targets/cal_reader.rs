//! The C/AL reader on arbitrary bytes (after BOM handling): it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for object in navplan::objects::fuzzing::cal(data) {
        assert!(object.span.start <= object.span.end);
    }
    let _ = navplan::objects::read_source(
        std::path::Path::new("fuzz.txt"),
        data,
        &navplan::objects::ScanOptions::default(),
    );
});
