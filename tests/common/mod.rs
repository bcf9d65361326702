//! Helpers shared by the integration tests.

use serde_json::Value;

/// The code points `[start, end)` of `text`, or None when out of range.
fn slice(chars: &[char], span: &Value) -> Option<String> {
    let s = span.get(0)?.as_u64()? as usize;
    let e = span.get(1)?.as_u64()? as usize;
    (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
}

/// Checks that every offset of a record indexes its `text`: spans of verbatim things
/// (statements, quotes, durations, dates) cut exactly their `text`; the others are in
/// range. A statement split by its attribution ("…," she said, "…") has a `text` that
/// joins its parts; its span runs from the first part to the last, and each part is a
/// quote whose own span cuts it exactly.
pub fn check_offsets(rec: &Value) {
    let id = &rec["id"];
    let text = rec["text"].as_str().expect("--include-text gives text");
    let chars: Vec<char> = text.chars().collect();
    let arr = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let exact = |what: &str, item: &Value| {
        let got = slice(&chars, &item["span"]);
        assert_eq!(
            got.as_deref(),
            item["text"].as_str(),
            "{id}: {what} span {} does not cut its text",
            item["span"]
        );
    };
    let in_range = |what: &str, span: &Value| {
        if !span.is_null() {
            assert!(
                slice(&chars, span).is_some(),
                "{id}: {what} span {span} out of range"
            );
        }
    };
    for s in arr(&rec["statements"]) {
        let quotes = arr(&s["quotes"]);
        for q in &quotes {
            exact("quote", q);
        }
        let cut = slice(&chars, &s["span"]);
        if cut.as_deref() != s["text"].as_str() {
            assert!(
                quotes.len() >= 2,
                "{id}: statement {} span {} cuts {cut:?}, not its text {}",
                s["id"],
                s["span"],
                s["text"]
            );
        }
        in_range("speaker", &s["speaker_span"]);
        in_range("cue", &s["cue_span"]);
    }
    for c in arr(&rec["claims"]) {
        in_range("claim", &c["span"]);
        for q in arr(&c["quotes"]) {
            exact("claim quote", &q);
        }
    }
    for d in arr(&rec["durations"]) {
        exact("duration", &d);
    }
    for d in arr(&rec["dates"]) {
        exact("date", &d);
    }
    for p in arr(&rec["people"]) {
        for m in arr(&p["mentions"]) {
            in_range("mention", &m);
        }
    }
    for m in arr(&rec["meetings"]) {
        for e in arr(&m["evidence"]) {
            in_range("evidence", &e);
        }
    }
}
