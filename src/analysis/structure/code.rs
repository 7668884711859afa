//! The CODE section: global variables, procedures and event handlers with their attributes,
//! and the Documentation trigger.

use super::layout::indent_of;
use super::{ElementKind, ObjectModel};

/// Reads the CODE section: global VAR, procedures (with their attributes), event handlers and the
/// Documentation trigger. Keywords at indent 4 drive it; everything deeper belongs to the element
/// being read.
#[derive(Default)]
pub(super) struct CodeReader {
    state: CodeState,
    pending_attributes: Vec<String>,
    current: Option<(ElementKind, String, String, Vec<String>)>,
}

#[derive(Default, PartialEq)]
enum CodeState {
    #[default]
    Start,
    Globals,
    Procedure {
        ended: bool,
    },
    Documentation,
}

impl CodeReader {
    pub(super) fn read(mut self, body: &[&str], model: &mut ObjectModel) {
        for line in body {
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            if self.state == CodeState::Documentation {
                self.push(line);
                continue;
            }
            let indent = indent_of(line);
            let open_procedure = self.state == (CodeState::Procedure { ended: false });
            if indent == 4 {
                let upper = text.to_ascii_uppercase();
                if upper == "VAR" && !matches!(self.state, CodeState::Procedure { .. }) {
                    self.flush(model);
                    self.state = CodeState::Globals;
                    continue;
                }
                if text.starts_with('[') && !open_procedure {
                    self.flush(model);
                    self.pending_attributes.push(text.to_string());
                    continue;
                }
                if let Some(name) = procedure_name(text) {
                    self.flush(model);
                    let mut lines = std::mem::take(&mut self.pending_attributes);
                    lines.push(text.to_string());
                    self.current = Some((
                        ElementKind::Procedure,
                        name.clone(),
                        format!("procedure {name}"),
                        lines,
                    ));
                    self.state = CodeState::Procedure { ended: false };
                    continue;
                }
                if upper == "BEGIN" && !open_procedure {
                    self.flush(model);
                    self.state = CodeState::Documentation;
                    self.current = Some((
                        ElementKind::Documentation,
                        "documentation".into(),
                        "documentation".into(),
                        vec![],
                    ));
                    continue;
                }
                if upper == "END;" && open_procedure {
                    self.push(line);
                    self.state = CodeState::Procedure { ended: true };
                    continue;
                }
            }
            if self.state == CodeState::Globals {
                if indent == 6 && text.starts_with('[') {
                    self.flush(model);
                    self.pending_attributes.push(text.to_string());
                    continue;
                }
                if indent == 6 {
                    self.flush(model);
                    let name = text
                        .split('@')
                        .next()
                        .unwrap_or(text)
                        .trim()
                        .trim_matches('"')
                        .to_string();
                    let mut lines = std::mem::take(&mut self.pending_attributes);
                    lines.push(text.to_string());
                    self.current = Some((
                        ElementKind::Variable,
                        name.clone(),
                        format!("variable {name}"),
                        lines,
                    ));
                    continue;
                }
            }
            self.push(line);
        }
        self.flush(model);
    }

    fn push(&mut self, line: &str) {
        if let Some(current) = self.current.as_mut() {
            current.3.push(line.to_string());
        }
    }

    fn flush(&mut self, model: &mut ObjectModel) {
        if let Some((kind, name, label, lines)) = self.current.take() {
            model.add(kind, &name, label, &lines.join("\n"));
        }
    }
}

/// `PROCEDURE Name@5(...)`, `LOCAL PROCEDURE Name@5`, `EVENT Var@3::Event@94(...)` -> the name.
fn procedure_name(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let rest = if upper.starts_with("PROCEDURE ") {
        &text[10..]
    } else if upper.starts_with("LOCAL PROCEDURE ") {
        &text[16..]
    } else if upper.starts_with("EVENT ") {
        &text[6..]
    } else {
        return None;
    };
    let head = rest.split(['(', ';']).next().unwrap_or(rest);
    let name: String = head
        .split("::")
        .map(|part| {
            part.split('@')
                .next()
                .unwrap_or(part)
                .trim()
                .trim_matches('"')
        })
        .collect::<Vec<_>>()
        .join("::");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_names_drop_ids() {
        assert_eq!(
            procedure_name("PROCEDURE IsCRMIntegrationEnabled@5() : Boolean;").as_deref(),
            Some("IsCRMIntegrationEnabled")
        );
        assert_eq!(
            procedure_name("LOCAL PROCEDURE Setup@12(VAR X@1 : Record 18);").as_deref(),
            Some("Setup")
        );
        assert_eq!(
            procedure_name("EVENT XmlDoc@1003::NodeInserting@94(sender@1001 : Variant);")
                .as_deref(),
            Some("XmlDoc::NodeInserting")
        );
        assert_eq!(procedure_name("BEGIN"), None);
    }
}
