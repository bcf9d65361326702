//! The page's metadata, from the sources the walk gathered, in order of trust: JSON-LD
//! (the article object: `NewsArticle`, `BlogPosting`, ... also inside `@graph`), then
//! OpenGraph and `article:*` tags, then the other meta tags, then `<time datetime>`,
//! `<title>` and `<html lang>`. Author names are cleaned ("By Jane Roe and John Doe" gives
//! two names; a profile URL is no name); a date that is ISO 8601 is kept as the page
//! writes it, other dates are normalised.

use std::collections::HashMap;

use serde_json::Value;

use super::walk::Sources;
use crate::calendar;
use crate::record::Meta;

/// Meta tags that carry the publication date, most trusted first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article:published",
    "published_time",
    "publication_date",
    "publish_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:updated_time",
    "datecreated",
];

/// Meta tags that carry author names.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
];

/// The metadata of a page, and every title it gives itself (JSON-LD, OpenGraph, Twitter,
/// `<title>`), which the visible headline is checked against.
pub(super) fn resolve(src: &Sources) -> (Meta, Vec<String>) {
    let ld = JsonLd::read(&src.json_ld);
    let meta_tag = |key: &str| -> Option<&str> {
        src.metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };

    let titles: Vec<String> = ld
        .headline
        .iter()
        .cloned()
        .chain(meta_tag("og:title").map(clean_text))
        .chain(meta_tag("twitter:title").map(clean_text))
        .chain(src.title.as_deref().map(page_title))
        .filter(|t| !t.is_empty())
        .collect();
    let title = titles.first().cloned();

    let published = ld
        .published
        .as_deref()
        .and_then(normalise_date)
        .or_else(|| {
            DATE_KEYS
                .iter()
                .filter_map(|k| meta_tag(k))
                .find_map(normalise_date)
        })
        .or_else(|| {
            let mut times = src.times.iter().filter(|(_, p)| *p).chain(src.times.iter());
            times.find_map(|(t, _)| normalise_date(t))
        });

    let mut authors = ld.authors.clone();
    if authors.is_empty() {
        for key in AUTHOR_KEYS {
            for (_, v) in src.metas.iter().filter(|(k, _)| k == key) {
                add_names(&mut authors, v);
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    // The visible byline: the authors when nothing else names them, and the co-authors
    // that structured data often leaves out when it names one of them.
    for line in &src.bylines {
        let mut names = Vec::new();
        add_names(&mut names, line);
        if names.is_empty() {
            continue;
        }
        let agrees = authors.is_empty()
            || names
                .iter()
                .any(|n| authors.iter().any(|a| same_person(a, n)));
        if agrees {
            for n in names {
                if !authors.iter().any(|a| same_person(a, &n)) {
                    authors.push(n);
                }
            }
            break;
        }
    }

    let site = ld
        .site
        .clone()
        .or_else(|| meta_tag("og:site_name").map(clean_text))
        .or_else(|| meta_tag("application-name").map(clean_text))
        .filter(|s| !s.is_empty());
    let description = ld
        .description
        .clone()
        .or_else(|| meta_tag("og:description").map(clean_text))
        .or_else(|| meta_tag("description").map(clean_text))
        .or_else(|| meta_tag("twitter:description").map(clean_text))
        .filter(|s| !s.is_empty());
    let language = ld
        .language
        .clone()
        .or_else(|| src.lang.as_deref().map(|l| l.trim().to_string()))
        .or_else(|| meta_tag("content-language").map(|l| l.trim().to_string()))
        .or_else(|| meta_tag("og:locale").map(|l| l.trim().replace('_', "-")))
        .filter(|s| !s.is_empty());

    let meta = Meta {
        title,
        published,
        authors,
        site,
        language,
        description,
    };
    (meta, titles)
}

/// Two forms of one name: equal ignoring case, or sharing the last word.
fn same_person(a: &str, b: &str) -> bool {
    let last = |s: &str| s.split_whitespace().last().map(str::to_lowercase);
    a.eq_ignore_ascii_case(b) || (last(a).is_some() && last(a) == last(b))
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    site: Option<String>,
    description: Option<String>,
    language: Option<String>,
}

impl JsonLd {
    fn read(scripts: &[String]) -> JsonLd {
        let values: Vec<Value> = scripts.iter().filter_map(|s| parse_json(s)).collect();
        let mut objects = Vec::new();
        for v in &values {
            collect_objects(v, &mut objects, 0);
        }
        let by_id: HashMap<&str, &Value> = objects
            .iter()
            .filter_map(|o| o.get("@id").and_then(Value::as_str).map(|id| (id, *o)))
            .collect();
        let mut out = JsonLd::default();
        // The article object first; a page object (`WebPage`, `ItemPage`) stands in for
        // what the article leaves out, or when there is none.
        let articles = objects.iter().filter(|o| is_article(o));
        let pages = objects.iter().filter(|o| is_page(o));
        for obj in articles.chain(pages) {
            if out.headline.is_none() {
                out.headline = str_field(obj, "headline").or_else(|| str_field(obj, "name"));
            }
            if out.published.is_none() {
                out.published =
                    str_field(obj, "datePublished").or_else(|| str_field(obj, "dateCreated"));
            }
            if out.authors.is_empty()
                && let Some(a) = obj.get("author").or_else(|| obj.get("creator"))
            {
                add_ld_authors(&mut out.authors, a, &by_id, 0);
            }
            if out.site.is_none()
                && let Some(p) = obj.get("publisher")
            {
                out.site = deref_id(p, &by_id)
                    .and_then(|p| str_field(p, "name"))
                    .or_else(|| p.as_str().map(clean_text));
            }
            if out.description.is_none() {
                out.description = str_field(obj, "description");
            }
            if out.language.is_none() {
                out.language = match obj.get("inLanguage") {
                    Some(Value::String(s)) => Some(s.trim().to_string()),
                    Some(Value::Object(o)) => o
                        .get("alternateName")
                        .or_else(|| o.get("name"))
                        .and_then(Value::as_str)
                        .map(|s| s.trim().to_string()),
                    _ => None,
                }
                .filter(|s| !s.is_empty());
            }
        }
        out
    }
}

/// Parses one JSON-LD script, forgiving the usual damage (comment or CDATA wrappers, raw
/// control characters inside strings).
fn parse_json(script: &str) -> Option<Value> {
    let s = script.trim();
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    let s = s
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// Every object of a JSON-LD value: the value itself, array members, `@graph` members.
fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity")
                && main.is_object()
            {
                collect_objects(main, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types(obj: &Value) -> Vec<&str> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `NewsArticle`, `Article`, `ReportageNewsArticle`, `BlogPosting`, ...
fn is_article(obj: &Value) -> bool {
    types(obj).iter().any(|t| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Article") || t.ends_with("BlogPosting") || t == "Report"
    })
}

/// `WebPage`, `ItemPage`, ...: the page about the article.
fn is_page(obj: &Value) -> bool {
    types(obj).iter().any(|t| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Page")
    })
}

fn deref_id<'a>(v: &'a Value, by_id: &HashMap<&str, &'a Value>) -> Option<&'a Value> {
    let obj = v.as_object()?;
    if obj.get("name").is_none()
        && let Some(id) = obj.get("@id").and_then(Value::as_str)
    {
        return by_id.get(id).copied();
    }
    Some(v)
}

fn str_field(obj: &Value, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(clean_text)
        .filter(|s| !s.is_empty())
}

fn add_ld_authors(out: &mut Vec<String>, v: &Value, by_id: &HashMap<&str, &Value>, depth: usize) {
    if depth > 3 {
        return;
    }
    match v {
        Value::String(s) => add_names(out, s),
        Value::Array(items) => {
            for item in items {
                add_ld_authors(out, item, by_id, depth + 1);
            }
        }
        Value::Object(_) => {
            let Some(obj) = deref_id(v, by_id) else {
                return;
            };
            // An organisation as author is the site speaking, not a person.
            if types(obj).contains(&"Organization") {
                return;
            }
            if let Some(name) = obj.get("name") {
                add_ld_authors(out, name, by_id, depth + 1);
            }
        }
        _ => {}
    }
}

/// Adds the names of an author string: "By Jane Roe and John Doe", "Roe, Jane" is not
/// handled (rare on news pages); a URL or a profile handle is no name.
fn add_names(out: &mut Vec<String>, raw: &str) {
    let text = clean_text(raw);
    // A byline runs on into a date or a role after these separators.
    let text = text.split(['|', '•', '·', '\n']).next().unwrap_or("");
    let mut rest = text.trim();
    for prefix in ["written by ", "words by ", "reporting by ", "by "] {
        if rest.len() >= prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            rest = &rest[prefix.len()..];
            break;
        }
    }
    for part in rest.split([',', ';', '&']).flat_map(|p| p.split(" and ")) {
        let name = part
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'')
            .trim();
        if looks_like_name(name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
}

fn looks_like_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    !s.is_empty()
        && (1..=5).contains(&words)
        && s.chars().count() <= 60
        && s.chars().any(char::is_alphabetic)
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || c == '@' || c == '/')
        && !s.contains("://")
        && !s.to_ascii_lowercase().starts_with("www.")
}

/// The `<title>` less the site name it usually ends with ("Talks resume | Daily Ledger"):
/// the part before the last separator, when that part is long enough to be a headline.
fn page_title(raw: &str) -> String {
    let title = clean_text(raw);
    let cut = [" | ", " - ", " – ", " — ", " :: ", " · "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    match cut {
        Some(at) if title[..at].split_whitespace().count() >= 3 => title[..at].trim().to_string(),
        _ => title,
    }
}

/// White space collapsed; HTML entities left in JSON-LD text decoded for the common ones.
fn clean_text(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.contains('&') {
        return s;
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
}

/// A date as ISO 8601: kept as written when it already is (a space before the time
/// becomes `T`), else the first date the string holds.
fn normalise_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if is_iso(s) {
        let mut out = s.to_string();
        if out.len() > 10 && out.as_bytes()[10] == b' ' {
            out.replace_range(10..11, "T");
        }
        return Some(out);
    }
    calendar::find_datetime(s)
}

fn is_iso(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || !s.is_ascii() {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T' | b' ') => {
            b.len() >= 16
                && b[11..]
                    .iter()
                    .all(|c| c.is_ascii_digit() || b":.+-Z".contains(c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_strings_become_names() {
        let mut out = Vec::new();
        add_names(&mut out, "By Jane Roe and John Doe");
        add_names(&mut out, "https://www.example.com/staff/jane-roe");
        add_names(&mut out, "Mary Major, Richard Miles | Updated 10:05 GMT");
        assert_eq!(
            out,
            vec!["Jane Roe", "John Doe", "Mary Major", "Richard Miles"]
        );
    }

    #[test]
    fn page_titles_lose_the_site_name() {
        assert_eq!(
            page_title("Talks resume in Doha | Gulf Wire"),
            "Talks resume in Doha"
        );
        assert_eq!(
            page_title("Ceasefire - what we know so far - World - Daily Ledger"),
            "Ceasefire - what we know so far - World"
        );
        assert_eq!(page_title("Gulf Wire - News"), "Gulf Wire - News");
    }

    #[test]
    fn a_web_page_object_stands_in_for_the_article() {
        let ld = JsonLd::read(&[r#"{"@graph": [
            {"@type": "WebPage", "name": "Envoys meet in Rome", "datePublished": "2024-02-01T10:00:00Z"},
            {"@type": "NewsArticle", "headline": "Envoys meet in Rome", "author": "Luca Bianchi"}
        ]}"#
            .to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("Envoys meet in Rome"));
        assert_eq!(ld.published.as_deref(), Some("2024-02-01T10:00:00Z"));
        assert_eq!(ld.authors, vec!["Luca Bianchi"]);
    }

    #[test]
    fn dates_keep_iso_and_normalise_the_rest() {
        assert_eq!(
            normalise_date("2024-03-04T09:15:00+01:00").as_deref(),
            Some("2024-03-04T09:15:00+01:00")
        );
        assert_eq!(
            normalise_date("2024-03-04 09:15:00").as_deref(),
            Some("2024-03-04T09:15:00")
        );
        assert_eq!(
            normalise_date("4 March 2024").as_deref(),
            Some("2024-03-04")
        );
        assert_eq!(normalise_date("soon"), None);
    }
}
