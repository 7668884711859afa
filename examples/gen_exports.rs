//! Generates synthetic C/AL text exports for the scan benchmark (docs/benchmark.md).
//!
//! ```text
//! cargo run --release --example gen_exports -- split DIR [FILES] [TOTAL_MB]
//! cargo run --release --example gen_exports -- combined FILE [TOTAL_MB]
//! cargo run --release --example gen_exports -- combined-dense FILE [TOTAL_MB]
//! ```
//! The objects look like real exports where it matters for speed: CRLF line ends, CP850 bytes in
//! captions and text constants, `//` and nested `{ }` comments, strings with braces, field lists
//! with TableRelation/CalcFormula, page actions with triggers, procedures with Record/Codeunit
//! variables, DotNet variables pinned to an assembly version, `CODEUNIT::"..."` calls and a
//! Documentation trigger. Nine objects in ten have Microsoft ids (from 1 within their type, so
//! there is a Codeunit 1 and the references by id find their objects, low ids more often), one
//! in ten a customer id from 50,000. The content is deterministic
//! (a fixed-seed xorshift), so every run writes the same bytes.

use std::io::{BufWriter, Write};
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// An id from 1 to `n`, low ids far more often than high ones (about as often as 1/id):
    /// as in a real database, where every object names the core tables (Customer, Item, G/L
    /// Entry) and few name a given Job Queue or CRM object.
    /// The Job Queue (448-474) and CRM (5330-5399) areas of merge-rules.toml are left out: an
    /// object reaches those as in a real database, through the rare calls to an integration
    /// object (`Mix::integration_call_in`), not through one reference in every few objects.
    fn skewed_id(&mut self, n: u64) -> u64 {
        loop {
            let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
            let id = ((n as f64).powf(unit) as u64).clamp(1, n.max(1));
            if !(448..=474).contains(&id) && !(5330..=5399).contains(&id) {
                return id;
            }
        }
    }
    /// A copy one step ahead (for a name used twice in a line).
    fn clone_step(&mut self) -> Rng {
        Rng(self.next() | 1)
    }
}

const KINDS: [(&str, &str); 5] = [
    ("Table", "TAB"),
    ("Page", "PAG"),
    ("Codeunit", "COD"),
    ("Report", "REP"),
    ("XMLport", "XML"),
];
/// The words of ordinary object names. None of them is in a merge rule (`data/merge-rules.toml`:
/// CRM, Integration, Coupling, Job Queue, Task Scheduler), so an object joins the merge set only
/// as an integration object does in a real database: by an integration name, by `TableNo=472`
/// or by a reference to one (see `integration_name`).
const WORDS: [&str; 40] = [
    "Customer",
    "Vendor",
    "Item",
    "Sales",
    "Purchase",
    "Ledger",
    "Entry",
    "Posting",
    "Setup",
    "Buffer",
    "Line",
    "Header",
    "Journal",
    "Batch",
    "Template",
    "Warehouse",
    "Shipment",
    "Receipt",
    "Invoice",
    "Credit",
    "Order",
    "Price",
    "Discount",
    "Payment",
    "Bank",
    "Account",
    "Service",
    "Contract",
    "Resource",
    "Employee",
    "Dimension",
    "Value",
    "Asset",
    "Budget",
    "Approval",
    "Document",
    "Archive",
    "Analysis",
    "Statistics",
    "Reminder",
];

fn name(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many objects are integration objects, and how often code calls one.
#[derive(Clone, Copy)]
struct Mix {
    /// One object in this many is an integration object.
    integration_every: u32,
    /// One `CODEUNIT::` call in this many goes to an integration object.
    integration_call_in: u64,
    /// Integration objects named from the ordinary words behind an integration word (many
    /// different names, so calls reach many of them), not from the short list.
    diverse_names: bool,
}

/// As in a real database, where the CRM, integration and Job Queue objects are a few hundred of
/// several thousand and a few objects in a hundred call one. Their names come from the short
/// list below, so the other objects can name them in code.
const REALISTIC: Mix = Mix {
    integration_every: 40,
    integration_call_in: 100,
    diverse_names: false,
};

/// A stress case for the analysis (`combined-dense`): a third of the objects in the merge set
/// and most objects depending on it, so the dependents, `--json` and the runbook grow with
/// merge set x database, as they did on the generator's data before 2026-11-26.
const DENSE: Mix = Mix {
    integration_every: 3,
    integration_call_in: 3,
    diverse_names: true,
};
const INTEGRATION_NAMES: [&str; 8] = [
    "CRM Integration Management",
    "CRM Connection Setup",
    "CRM Synch. Helper",
    "Integration Table Mapping",
    "Integration Synch. Job",
    "CRM Coupling Management",
    "Job Queue Entry",
    "Job Queue Dispatcher",
];

fn integration_name(rng: &mut Rng, mix: Mix) -> String {
    if mix.diverse_names {
        format!("Integration {}", name(rng))
    } else {
        INTEGRATION_NAMES[rng.below(INTEGRATION_NAMES.len() as u64) as usize].to_string()
    }
}

/// The id of the `n`-th object written: as in a customer's database, most objects are
/// Microsoft's, numbered from 1 within their type, and one in ten is the customer's own, from
/// 50,000. So the ids the objects refer to (below 9,000) are mostly in the export, and the
/// reference graph has the edges a real database's has. (Before 2026-11-27 every object had a
/// customer id, no reference by id found its object, and every object counted as the customer's.)
fn object_id(n: u32) -> u32 {
    let within_kind = n / KINDS.len() as u32;
    if within_kind % 10 == 9 {
        50000 + within_kind
    } else {
        1 + within_kind - within_kind / 10
    }
}

/// The `n`-th object, of about `target` bytes, referring to ids below `ref_ids` (the highest
/// Microsoft id of a type in the export, so that most references find their object).
fn object(rng: &mut Rng, mix: Mix, n: u32, target: usize, ref_ids: u64) -> Vec<u8> {
    let (kind, _) = KINDS[n as usize % KINDS.len()];
    let id = object_id(n);
    let mut o: Vec<u8> = Vec::with_capacity(target + 4096);
    let integration = n % mix.integration_every == 7 % mix.integration_every;
    let nm = if integration {
        integration_name(rng, mix)
    } else {
        name(rng)
    };
    // Like a real object, each one depends on a limited set of others, named again and again.
    let ids: Vec<u64> = (0..24).map(|_| rng.skewed_id(ref_ids)).collect();
    let names: Vec<String> = (0..12).map(|_| name(rng)).collect();
    let id_of = |rng: &mut Rng| ids[rng.below(ids.len() as u64) as usize];
    let name_of = |rng: &mut Rng| names[rng.below(names.len() as u64) as usize].clone();
    let line = |o: &mut Vec<u8>, s: &str| {
        o.extend_from_slice(s.as_bytes());
        o.extend_from_slice(b"\r\n");
    };
    line(&mut o, &format!("OBJECT {kind} {id} {nm}"));
    line(&mut o, "{");
    line(&mut o, "  OBJECT-PROPERTIES");
    line(&mut o, "  {");
    line(&mut o, "    Date=26.11.26;");
    line(&mut o, "    Time=12:00:00;");
    if rng.below(5) == 0 {
        line(&mut o, "    Modified=Yes;");
    }
    line(
        &mut o,
        &format!(
            "    Version List=NAVW111.00.00.{},NAVDK11.00.00.{};",
            19846 + rng.below(9000),
            19846
        ),
    );
    line(&mut o, "  }");
    line(&mut o, "  PROPERTIES");
    line(&mut o, "  {");
    match kind {
        "Table" => line(
            &mut o,
            &format!("    LookupPageID=Page{};", rng.skewed_id(ref_ids)),
        ),
        "Page" => line(
            &mut o,
            &format!("    SourceTable=Table{};", rng.skewed_id(ref_ids)),
        ),
        // A codeunit the Job Queue runs: one in ten integration codeunits.
        "Codeunit" if integration && rng.below(10) == 0 => line(&mut o, "    TableNo=472;"),
        "Codeunit" => line(&mut o, &format!("    TableNo={};", id_of(rng))),
        _ => {}
    }
    line(
        &mut o,
        &format!("    Permissions=TableData {}=rimd,", id_of(rng)),
    );
    line(
        &mut o,
        &format!("                TableData {}=rm;", id_of(rng)),
    );
    // CP850: ø (0x9B), é (0x82), Æ (0x92).
    o.extend_from_slice(
        b"    CaptionML=[DAN=Opgavek\x9Bpost;\r\n               ENU=Job Queue Entry];\r\n",
    );
    line(&mut o, "  }");
    let section = match kind {
        "Table" => "FIELDS",
        "Page" => "CONTROLS",
        "Report" => "DATASET",
        "XMLport" => "ELEMENTS",
        _ => "",
    };
    if !section.is_empty() {
        line(&mut o, &format!("  {section}"));
        line(&mut o, "  {");
        let entries = (target / 6000).max(2);
        for n in 1..=entries {
            line(&mut o, &format!("    {{ {n:<4};   ;{:<20};Code20        ;TableRelation=\"{}\".\"No.\" WHERE (Type=CONST(Item));", name(rng), name_of(rng)));
            o.extend_from_slice(b"                                                   CaptionML=[DAN=Bel\x9Bb;\r\n                                                              ENU=Amount];\r\n");
            if n % 3 == 0 {
                line(
                    &mut o,
                    "                                                   OnValidate=VAR",
                );
                line(&mut o, &format!("                                                                Mgt@1000 : Codeunit {};", id_of(rng)));
                line(
                    &mut o,
                    "                                                              BEGIN",
                );
                line(&mut o, "                                                                // keep { this } as is");
                line(
                    &mut o,
                    "                                                                CASE Type OF",
                );
                line(&mut o, "                                                                  Type::Item: Mgt.RUN;");
                line(
                    &mut o,
                    "                                                                END;",
                );
                line(
                    &mut o,
                    "                                                              END;",
                );
                line(
                    &mut o,
                    "                                                               }",
                );
            } else {
                line(&mut o, &format!("                                                   CalcFormula=Sum(\"{}\".Amount WHERE (No.=FIELD(No.))) }}", name_of(rng)));
            }
        }
        line(&mut o, "  }");
    }
    line(&mut o, "  CODE");
    line(&mut o, "  {");
    line(&mut o, "    VAR");
    o.extend_from_slice(b"      Text001@1001 : TextConst '@@@={Locked};DAN=V\x91rdien m\x86 ikke v\x91re {0};ENU=The value must not be {0}';\r\n");
    line(
        &mut o,
        &format!("      Setup@1002 : Record {};", id_of(rng)),
    );
    // Every integration object and one other object in twelve declare a DotNet variable, as
    // C/SIDE writes it: pinned to its assembly's version. An integration object's comes from
    // the CRM SDK (a pin to fix); the others' from the .NET Framework, which needs no change.
    if integration || n % 12 == 0 {
        let assembly = if integration {
            "Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'.Microsoft.Xrm.Sdk.Entity"
        } else {
            "System.Xml, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089'.System.Xml.XmlDocument"
        };
        line(
            &mut o,
            &format!("      Entity@1003 : DotNet \"'{assembly}\";"),
        );
    }
    let mut proc_no = 1;
    while o.len() < target {
        // A procedure shaped like real posting code: a few Record/Codeunit variables, then mostly
        // statements on quoted fields, `:=`, WITH/CASE blocks and a DATABASE:: or CODEUNIT:: call.
        line(&mut o, "");
        line(&mut o, &format!("    LOCAL PROCEDURE Process{proc_no}@{proc_no}(VAR Rec@1000 : Record {};Header@1001 : Record {});", id_of(rng), id_of(rng)));
        line(&mut o, "    VAR");
        line(
            &mut o,
            &format!("      Mgt@1002 : Codeunit {};", id_of(rng)),
        );
        line(
            &mut o,
            &format!("      Temp@1003 : TEMPORARY Record {};", id_of(rng)),
        );
        line(&mut o, "      Factor@1004 : Decimal;");
        line(&mut o, "      IsHandled@1005 : Boolean;");
        line(&mut o, "    BEGIN");
        line(&mut o, "      IsHandled := FALSE;");
        line(
            &mut o,
            &format!("      OnBeforeProcess{proc_no}(Rec,IsHandled);"),
        );
        line(&mut o, "      IF IsHandled THEN");
        line(&mut o, "        EXIT;");
        line(&mut o, "");
        line(&mut o, "      // Handle the {special} case first");
        line(&mut o, "      WITH Rec DO BEGIN");
        for _ in 0..(4 + rng.below(8)) {
            let field = name(&mut rng.clone_step());
            line(
                &mut o,
                &format!("        \"{field}\" := Header.\"{field}\";"),
            );
            line(&mut o, "        \"Amount (LCY)\" := ROUND(Amount * Factor,GLSetup.\"Amount Rounding Precision\");");
        }
        line(&mut o, "        CASE \"Document Type\" OF");
        line(&mut o, "          \"Document Type\"::Order:");
        line(
            &mut o,
            "            TESTFIELD(\"Return Qty. to Receive\",0);",
        );
        line(&mut o, "          \"Document Type\"::Invoice:");
        line(&mut o, "            BEGIN");
        line(&mut o, "              IF \"Shipment No.\" = '' THEN");
        line(
            &mut o,
            "                TESTFIELD(\"Qty. to Ship\",Quantity);",
        );
        line(&mut o, "            END;");
        line(&mut o, "        END;");
        line(&mut o, "      END;");
        line(&mut o, "      {IF Rec.Amount = 0 THEN BEGIN");
        line(&mut o, "        {old: Rec.DELETE;}");
        line(&mut o, "      END;}");
        if rng.below(2) == 0 {
            line(
                &mut o,
                &format!(
                    "      Temp.SETRANGE(\"Source Type\",DATABASE::\"{}\");",
                    name_of(rng)
                ),
            );
        } else {
            // Realistic: one call in a hundred goes to an integration object, so a few objects
            // in a hundred depend on the integration directly.
            let callee = if rng.below(mix.integration_call_in) == 0 {
                integration_name(rng, mix)
            } else {
                name_of(rng)
            };
            line(
                &mut o,
                &format!("      IF NOT CODEUNIT.RUN(CODEUNIT::\"{callee}\",Rec) THEN"),
            );
            line(&mut o, "        ERROR(Text001,Rec.FIELDCAPTION(Amount));");
        }
        line(&mut o, "      MESSAGE('Done: {%1} rows', Rec.COUNT);");
        line(&mut o, "    END;");
        proc_no += 1;
    }
    line(&mut o, "");
    line(&mut o, "    BEGIN");
    line(&mut o, "    {");
    line(
        &mut o,
        "      Partner change log: don't touch the posting routine.",
    );
    line(&mut o, "    }");
    line(&mut o, "    END.");
    line(&mut o, "  }");
    line(&mut o, "}");
    line(&mut o, "");
    o
}

/// Object sizes: mostly small, a few large (like a real database export).
fn size(rng: &mut Rng, mean: usize) -> usize {
    match rng.below(100) {
        0..=59 => mean / 4 + rng.below(mean as u64 / 2) as usize,
        60..=94 => mean / 2 + rng.below(mean as u64) as usize,
        _ => 2 * mean + rng.below(4 * mean as u64) as usize,
    }
}

fn split(dir: &Path, files: usize, total_mb: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mean = total_mb * 1024 * 1024 / files;
    // Nine in ten of a type's objects have Microsoft ids.
    let ref_ids = (files / KINDS.len() * 9 / 10).max(1) as u64;
    for n in 0..files as u32 {
        let (_, prefix) = KINDS[n as usize % KINDS.len()];
        let target = size(&mut rng, mean);
        let bytes = object(&mut rng, REALISTIC, n, target, ref_ids);
        std::fs::write(dir.join(format!("{prefix}{}.TXT", object_id(n))), bytes)?;
    }
    Ok(())
}

fn combined(file: &Path, total_mb: usize, mix: Mix) -> std::io::Result<()> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut out = BufWriter::new(std::fs::File::create(file)?);
    let total = total_mb * 1024 * 1024;
    let mut written = 0;
    let mut n = 0u32;
    // About 48,000 objects in 1 GB: 9,700 of each type, 8,700 of them with Microsoft ids.
    let objects = total / (22 * 1024);
    let ref_ids = (objects / KINDS.len() * 9 / 10).max(1) as u64;
    while written < total {
        let target = size(&mut rng, 24 * 1024);
        let bytes = object(&mut rng, mix, n, target, ref_ids);
        out.write_all(&bytes)?;
        written += bytes.len();
        n += 1;
    }
    out.flush()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: usize| -> usize {
        args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default)
    };
    let result = match (args.first().map(String::as_str), args.get(1)) {
        (Some("split"), Some(dir)) => split(Path::new(dir), arg(2, 6000), arg(3, 150)),
        (Some("combined"), Some(file)) => combined(Path::new(file), arg(2, 1024), REALISTIC),
        (Some("combined-dense"), Some(file)) => combined(Path::new(file), arg(2, 1024), DENSE),
        _ => {
            eprintln!(
                "usage: gen_exports split DIR [FILES] [TOTAL_MB] | combined FILE [TOTAL_MB] \
                 | combined-dense FILE [TOTAL_MB]"
            );
            std::process::exit(2);
        }
    };
    if let Err(err) = result {
        eprintln!("gen_exports: {err}");
        std::process::exit(1);
    }
}
