//! A small RFC 4180 reader for the portfolio's CSV form: quoted fields with `""` escapes and line
//! breaks inside quotes, CRLF or LF, a comma or (as European Excel writes) semicolon separator,
//! `#` comment lines and blank lines skipped. Each record keeps the line it starts on.
//!
//! Why not the `csv` crate: it accepts an unclosed quote by running the field to the end of the
//! file, and a stray quote inside an unquoted field as text. In a customer list that silently
//! merges customers or keeps a typo; here both are errors with the line, which the partner can fix.

/// One record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Why the text is not CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// The separator of the header line: `;` when it has semicolons and no commas, else `,`.
pub fn detect_separator(text: &str) -> char {
    let header = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        ';'
    } else {
        ','
    }
}

/// Split `text` into records.
pub fn parse(text: &str, separator: char) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        // Skip blank and comment lines between records.
        if matches!(chars.peek(), Some('\n' | '\r')) {
            if chars.next() == Some('\n') {
                line += 1;
            }
            continue;
        }
        if chars.peek() == Some(&'#') {
            for c in chars.by_ref() {
                if c == '\n' {
                    line += 1;
                    break;
                }
            }
            continue;
        }
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(CsvError {
                        line: start,
                        message: "a quoted field is not closed".into(),
                    });
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    '\r' => {}
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.trim().is_empty() && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                '"' => {
                    return Err(CsvError {
                        line,
                        message: "a quote inside an unquoted field (quote the whole field and double the quote)".into(),
                    })
                }
                c if c == separator => {
                    fields.push(finish(&mut field, was_quoted));
                    was_quoted = false;
                }
                '\r' => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ if was_quoted && c.is_whitespace() => {}
                _ if was_quoted => {
                    return Err(CsvError {
                        line,
                        message: "text after a closing quote".into(),
                    })
                }
                _ => field.push(c),
            }
        }
        fields.push(finish(&mut field, was_quoted));
        records.push(Record {
            line: start,
            fields,
        });
    }
    Ok(records)
}

fn finish(field: &mut String, was_quoted: bool) -> String {
    let value = std::mem::take(field);
    if was_quoted {
        value
    } else {
        value.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text, detect_separator(text))
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn plain_quoted_and_escaped_fields() {
        assert_eq!(
            fields("a,b\r\n1, \"x, \"\"y\"\"\" ,3\r\n"),
            vec![vec!["a", "b"], vec!["1", "x, \"y\"", "3"]]
        );
    }

    #[test]
    fn semicolons_comments_blank_lines_and_line_numbers() {
        let text = "# customers\nname;installed\n\n\"Müller; GmbH\";NAV 2018 CU 30\nlast;BC 14";
        let records = parse(text, detect_separator(text)).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].line, 4);
        assert_eq!(records[1].fields, vec!["Müller; GmbH", "NAV 2018 CU 30"]);
        assert_eq!(records[2].line, 5);
    }

    #[test]
    fn line_breaks_inside_quotes_count_lines() {
        let records = parse("a,\"two\nlines\"\nb,c\n", ',').unwrap();
        assert_eq!(records[0].fields[1], "two\nlines");
        assert_eq!(records[1].line, 3);
    }

    #[test]
    fn broken_quotes_are_errors_with_lines() {
        let err = parse("a\nb,\"open\n", ',').unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse("a,b\"c\n", ',').is_err());
        assert!(parse("\"a\"b\n", ',').is_err());
    }

    #[test]
    fn empty_fields_are_kept() {
        assert_eq!(fields("a,,c\n"), vec![vec!["a", "", "c"]]);
        assert_eq!(fields("a,\n"), vec![vec!["a", ""]]);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC*") {
            let _ = parse(&text, ',');
            let _ = parse(&text, ';');
        }

        #[test]
        fn quoting_round_trips(cells in proptest::collection::vec("[^\r]{0,12}", 1..5)) {
            let line: Vec<String> = cells
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            let text = format!("{}\n", line.join(","));
            let records = parse(&text, ',').unwrap();
            prop_assert_eq!(records.len(), 1);
            prop_assert_eq!(&records[0].fields, &cells);
        }
    }
}
