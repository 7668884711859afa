//! Bytes in, text out: BOM detection, UTF-16 transcoding, and decoding of the few fields we keep.
//!
//! C/SIDE writes exports in the OEM code page of the exporting machine, without a BOM; AL tools
//! write UTF-8, sometimes with a BOM; a PowerShell redirect writes UTF-16LE with a BOM. Object
//! headers, keywords and references are ASCII in all of them, so the readers work on bytes and only
//! the kept fields (names, tags, dates, reference names) are decoded.

use std::borrow::Cow;

use oem_cp::code_table::DECODING_TABLE_CP_MAP;
use oem_cp::code_table_type::TableType;

/// The encoding a file announced with its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    None,
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Look at the first bytes for a byte-order mark.
pub fn detect_bom(bytes: &[u8]) -> Bom {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Bom::Utf8
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Bom::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Bom::Utf16Be
    } else {
        Bom::None
    }
}

/// The bytes the readers parse: the file without its BOM, UTF-16 transcoded to UTF-8.
/// Object spans index into these bytes, so [`super::object_text`] calls this again.
pub fn prepare(bytes: &[u8]) -> (Cow<'_, [u8]>, Bom) {
    let bom = detect_bom(bytes);
    let prepared = match bom {
        Bom::None => Cow::Borrowed(bytes),
        Bom::Utf8 => Cow::Borrowed(&bytes[3..]),
        Bom::Utf16Le => Cow::Owned(transcode(encoding_rs::UTF_16LE, &bytes[2..])),
        Bom::Utf16Be => Cow::Owned(transcode(encoding_rs::UTF_16BE, &bytes[2..])),
    };
    (prepared, bom)
}

fn transcode(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Vec<u8> {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    text.into_owned().into_bytes()
}

/// How to turn non-UTF-8 bytes into text: one OEM or Windows code page.
#[derive(Debug, Clone, Copy)]
pub struct CodePage {
    number: u16,
    table: Table,
}

#[derive(Debug, Clone, Copy)]
enum Table {
    Oem(&'static TableType),
    Windows(&'static encoding_rs::Encoding),
}

impl CodePage {
    /// The OEM pages of `oem_cp` (437, 850, 852, 865, 874, ...) and the Windows pages 874 and
    /// 1250-1258 of `encoding_rs`.
    pub fn new(number: u16) -> Option<CodePage> {
        if let Some(table) = DECODING_TABLE_CP_MAP.get(&number) {
            return Some(CodePage {
                number,
                table: Table::Oem(table),
            });
        }
        let label = match number {
            1250..=1258 => format!("windows-{number}"),
            _ => return None,
        };
        encoding_rs::Encoding::for_label(label.as_bytes()).map(|enc| CodePage {
            number,
            table: Table::Windows(enc),
        })
    }

    pub fn number(&self) -> u16 {
        self.number
    }

    /// The text of every byte from 0x80 up in this code page (per byte: these pages are
    /// single-byte, so decoding a slice gives the same text as slicing the decoded whole).
    pub fn high_half(&self) -> Vec<String> {
        (0x80..=0xFFu8)
            .map(|b| match self.table {
                Table::Oem(table) => table.decode_string_lossy(&[b]),
                Table::Windows(enc) => enc.decode_without_bom_handling(&[b]).0.into_owned(),
            })
            .collect()
    }

    /// Text of one field: ASCII as is, valid UTF-8 as UTF-8, anything else in this code page.
    pub fn decode(&self, bytes: &[u8]) -> String {
        if bytes.is_ascii() {
            // ASCII is valid UTF-8: no table lookups.
            return String::from_utf8_lossy(bytes).into_owned();
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.to_owned();
        }
        match self.table {
            Table::Oem(table) => table.decode_string_lossy(bytes),
            Table::Windows(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        }
    }
}

impl Default for CodePage {
    fn default() -> Self {
        // 850 is always in oem_cp's table; the fallback keeps this free of unwrap.
        CodePage::new(850).unwrap_or(CodePage {
            number: 1252,
            table: Table::Windows(encoding_rs::WINDOWS_1252),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp850_bytes_decode_as_oem_letters() {
        let cp = CodePage::new(850).expect("850 is known");
        assert_eq!(cp.decode(b"Opgavek\x9Bpost"), "Opgavekøpost");
        assert_eq!(cp.decode(b"d\x82passer"), "dépasser");
    }

    #[test]
    fn valid_utf8_stays_utf8() {
        let cp = CodePage::default();
        assert_eq!(cp.decode("Opgavekøpost".as_bytes()), "Opgavekøpost");
    }

    #[test]
    fn windows_pages_are_known_and_others_are_not() {
        assert_eq!(CodePage::new(1252).map(|c| c.number()), Some(1252));
        assert!(CodePage::new(1).is_none());
        assert!(CodePage::new(65001).is_none());
    }

    #[test]
    fn utf16_le_with_bom_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "OBJECT Table 1 A\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (prepared, bom) = prepare(&bytes);
        assert_eq!(bom, Bom::Utf16Le);
        assert_eq!(&prepared[..], b"OBJECT Table 1 A\r\n");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (prepared, bom) = prepare(b"\xEF\xBB\xBFtable 1 A {}");
        assert_eq!(bom, Bom::Utf8);
        assert_eq!(&prepared[..], b"table 1 A {}");
    }
}
