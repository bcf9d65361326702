//! The record's JSON Schema (`schema/readout-1.schema.json`, printed by `readout schema`)
//! against what the code really prints: every fixture's record, a record with one of
//! every kind of item built from the library's own types, and records broken on purpose,
//! which the schema must refuse.

use assert_cmd::Command;
use readout::record::*;
use serde_json::{Value, json};

mod common;

fn schema() -> Value {
    serde_json::from_str(readout::schema::JSON_SCHEMA).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, record: &Value) -> Vec<String> {
    v.iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("not a valid JSON Schema: {e}");
    }
}

#[test]
fn every_fixture_record_is_valid() {
    let v = validator();
    for extra in [&[][..], &["--include-text"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_readout"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("extract")
            .args(extra)
            .arg("fixtures")
            .output()
            .expect("readout runs");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        let mut n = 0;
        for line in stdout.lines() {
            let record: Value = serde_json::from_str(line).expect("a JSON line");
            let errs = errors(&v, &record);
            assert!(errs.is_empty(), "{}: {errs:#?}", record["id"]);
            n += 1;
        }
        assert!(n >= 7, "only {n} records from fixtures/");
    }
}

/// A record with every field set and one item of every kind, as the pipeline would build
/// it. Written with the record types themselves, so that a field added to `record.rs`
/// breaks this test until the schema (and this example) know it.
fn full_article() -> Article {
    Article {
        schema: SCHEMA,
        id: "oslo-talks".into(),
        source: Source {
            path: Some("fixtures/web-copy.txt".into()),
            url: Some("https://news.example/oslo".into()),
            format: "text".into(),
        },
        meta: Meta {
            title: Some("Norway and Chile agree to resume fisheries talks".into()),
            published: Some("2025-03-14T09:40".into()),
            authors: vec!["Kari Holm".into()],
            site: Some("news.example".into()),
            language: Some("en".into()),
            description: Some("Talks in Oslo".into()),
        },
        text: Some("“We agreed,” Solberg said after three-hour talks on 13 March.".into()),
        people: vec![Person {
            id: "p1".into(),
            kind: PersonKind::Person,
            name: "Ingrid Solberg".into(),
            titles: vec!["Foreign Minister".into()],
            affiliation: Some("Norway".into()),
            aliases: vec!["Solberg".into()],
            mentions: vec![[13, 20]],
        }],
        statements: vec![Statement {
            id: "s1".into(),
            kind: StatementKind::Direct,
            text: "We agreed,".into(),
            span: [1, 11],
            quotes: vec![Quote {
                text: "We agreed,".into(),
                span: [1, 11],
            }],
            speaker: Some("p1".into()),
            speaker_name: Some("Ingrid Solberg".into()),
            speaker_mention: Some("Solberg".into()),
            speaker_span: Some([13, 20]),
            cue: Some("said".into()),
            cue_span: Some([21, 25]),
            stance: Some("neutral".into()),
            via: None,
            paragraph: 0,
            confidence: 0.9,
        }],
        claims: vec![Claim {
            id: "c1".into(),
            list: 1,
            index: 1,
            level: 1,
            text: "Quotas stay in place.".into(),
            span: [70, 91],
            intro: Some("She also outlined several points:".into()),
            speaker: Some("p1".into()),
            speaker_name: Some("Ingrid Solberg".into()),
            speaker_mention: Some("She".into()),
            quotes: vec![],
        }],
        meetings: vec![Meeting {
            id: "m1".into(),
            kind: MeetingKind::Talks,
            status: MeetingStatus::Held,
            participants: vec![Participant {
                person: Some("p1".into()),
                name: "Ingrid Solberg".into(),
                role: Some("Foreign Minister".into()),
            }],
            date: Some("2025-03-13".into()),
            date_text: Some("13 March".into()),
            place: Some("Oslo".into()),
            duration: Some("PT3H".into()),
            topic: Some("fishing quotas".into()),
            evidence: vec![[32, 49]],
        }],
        durations: vec![Duration {
            id: "d1".into(),
            text: "three-hour".into(),
            span: [32, 42],
            iso: "PT3H".into(),
            seconds: Some(10800),
            approximate: false,
            modifier: Some(DurationModifier::EqualOrMore),
            negated: false,
            meeting: Some("m1".into()),
        }],
        dates: vec![Date {
            id: "t1".into(),
            text: "13 March".into(),
            span: [53, 61],
            value: Some("2025-03-13".into()),
        }],
        warnings: vec!["example warning".into()],
    }
}

#[test]
fn a_full_record_is_valid() {
    let v = validator();
    let record = serde_json::to_value(full_article()).unwrap();
    let errs = errors(&v, &record);
    assert!(errs.is_empty(), "{errs:#?}");

    // Every nullable field, null; `text` left out.
    let mut a = full_article();
    a.text = None;
    a.source.path = None;
    a.source.url = None;
    a.meta = Meta::default();
    a.statements[0].speaker = None;
    a.statements[0].speaker_name = None;
    a.statements[0].speaker_mention = None;
    a.statements[0].speaker_span = None;
    a.statements[0].cue = None;
    a.statements[0].cue_span = None;
    a.statements[0].stance = None;
    a.statements[0].kind = StatementKind::Indirect;
    a.meetings[0].date = None;
    a.meetings[0].duration = None;
    a.meetings[0].status = MeetingStatus::NotPlanned;
    a.meetings[0].participants[0].person = None;
    a.meetings[0].participants[0].role = None;
    a.durations[0].seconds = None;
    a.durations[0].iso = "PTXH".into();
    a.durations[0].modifier = None;
    a.dates[0].value = None;
    a.people[0].kind = PersonKind::Organization;
    let record = serde_json::to_value(&a).unwrap();
    assert!(record.get("text").is_none());
    let errs = errors(&v, &record);
    assert!(errs.is_empty(), "{errs:#?}");

    let empty = serde_json::to_value(Article {
        schema: SCHEMA,
        source: Source {
            format: "html".into(),
            ..Source::default()
        },
        ..Article::default()
    })
    .unwrap();
    let errs = errors(&v, &empty);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn timeml_duration_values_are_valid_and_malformed_ones_are_not() {
    let v = validator();
    let mut a = full_article();
    // TimeML's units beyond ISO 8601: quarters, decades, centuries, millennia, and X for
    // an unknown amount or unit.
    for iso in [
        "PT1H30M", "P2.5D", "PXE", "P2E", "PXC", "P15L", "P1Q", "PXX", "P1Y6M",
    ] {
        a.durations[0].iso = iso.into();
        let errs = errors(&v, &serde_json::to_value(&a).unwrap());
        assert!(errs.is_empty(), "{iso}: {errs:#?}");
    }
    for iso in ["P", "PT", "5H", "PT5", "P5Z"] {
        a.durations[0].iso = iso.into();
        assert!(
            !errors(&v, &serde_json::to_value(&a).unwrap()).is_empty(),
            "{iso}"
        );
    }
}

#[test]
fn every_enum_value_the_code_can_print_is_in_the_schema() {
    let v = validator();
    let mut a = full_article();
    for kind in [
        StatementKind::Direct,
        StatementKind::Mixed,
        StatementKind::Indirect,
    ] {
        a.statements[0].kind = kind;
        assert!(v.is_valid(&serde_json::to_value(&a).unwrap()), "{kind:?}");
    }
    for kind in [
        MeetingKind::Meeting,
        MeetingKind::Talks,
        MeetingKind::Call,
        MeetingKind::Visit,
        MeetingKind::Summit,
    ] {
        a.meetings[0].kind = kind;
        assert!(v.is_valid(&serde_json::to_value(&a).unwrap()), "{kind:?}");
    }
    for status in [
        MeetingStatus::Held,
        MeetingStatus::Planned,
        MeetingStatus::Proposed,
        MeetingStatus::Cancelled,
        MeetingStatus::NotPlanned,
    ] {
        a.meetings[0].status = status;
        assert!(v.is_valid(&serde_json::to_value(&a).unwrap()), "{status:?}");
    }
    for m in [
        DurationModifier::Approx,
        DurationModifier::LessThan,
        DurationModifier::MoreThan,
        DurationModifier::EqualOrMore,
        DurationModifier::EqualOrLess,
    ] {
        a.durations[0].modifier = Some(m);
        assert!(v.is_valid(&serde_json::to_value(&a).unwrap()), "{m:?}");
    }
}

/// Sets `pointer` in the full record to `value` (or removes the field when None) and
/// expects the schema to refuse the result.
fn refused(pointer: &str, value: Option<Value>) {
    let v = validator();
    let mut record = serde_json::to_value(full_article()).unwrap();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match value {
        Some(val) => match record.pointer_mut(parent).expect(parent) {
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = val,
            Value::Object(fields) => {
                fields.insert(key.to_string(), val);
            }
            other => panic!("{parent} is {other}"),
        },
        None => {
            record
                .pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .expect(parent)
                .remove(key)
                .expect(key);
        }
    }
    assert!(!v.is_valid(&record), "{pointer} = {record:#}");
}

#[test]
fn broken_records_are_refused() {
    refused("/schema", Some(json!("readout/2")));
    refused("/extra", Some(json!(1)));
    refused("/statements/0/extra", Some(json!(1)));
    refused("/meta/authors", Some(json!("Kari Holm")));
    refused("/source/format", Some(json!("pdf")));
    refused("/statements/0/kind", Some(json!("quoted")));
    refused("/statements/0/span", Some(json!([1, 2, 3])));
    refused("/statements/0/span", Some(json!([1])));
    refused("/statements/0/span", Some(json!([-1, 2])));
    refused("/statements/0/span", Some(json!(["1", "2"])));
    refused("/statements/0/speaker_span", Some(json!([1.5, 2])));
    refused("/statements/0/confidence", Some(json!(1.5)));
    refused("/statements/0/paragraph", Some(json!(null)));
    refused("/statements/0/cue", None);
    refused("/claims/0/list", Some(json!(0)));
    refused("/meetings/0/status", Some(json!("postponed")));
    refused("/meetings/0/kind", Some(json!("dinner")));
    refused("/meetings/0/date", Some(json!("13 March")));
    refused("/meetings/0/duration", Some(json!("3 hours")));
    refused("/durations/0/iso", Some(json!(null)));
    refused("/durations/0/modifier", Some(json!("about")));
    refused("/durations/0/seconds", Some(json!(-1)));
    refused("/durations/0/negated", Some(json!("no")));
    refused("/people/0/kind", Some(json!("country")));
    refused("/people/0/mentions/0", Some(json!([1, 2, 3])));
    refused("/dates/0/value", Some(json!("March 2025")));
    refused("/warnings", None);
}

/// The example record in README.md: valid, and its offsets cut its text.
#[test]
fn the_readme_example_is_a_valid_record() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```json\n")
        .expect("README has a ```json example")
        + "```json\n".len();
    let len = readme[start..].find("```").expect("the example ends");
    let record: Value = serde_json::from_str(&readme[start..start + len]).expect("JSON");
    let errs = errors(&validator(), &record);
    assert!(errs.is_empty(), "{errs:#?}");
    common::check_offsets(&record);
    // The example shows every kind of item.
    for list in [
        "people",
        "statements",
        "claims",
        "meetings",
        "durations",
        "dates",
    ] {
        assert!(
            record[list].as_array().is_some_and(|a| !a.is_empty()),
            "{list}"
        );
    }
}
