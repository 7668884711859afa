//! Reading exported objects: decoding, C/AL and AL readers, the inventory (issue 3).
