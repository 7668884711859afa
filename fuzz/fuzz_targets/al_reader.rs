//! The AL reader on arbitrary bytes (after BOM handling): it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for object in navplan::objects::fuzzing::al(data) {
        assert!(object.span.start <= object.span.end);
    }
});
