use super::*;
use crate::document::ListPos;
use crate::ingest::{Format, decode};

fn rules() -> HtmlRules {
    HtmlRules::compile(&RuleSet::defaults()).unwrap()
}

/// A block as (kind, text, list position).
type Seen = (BlockKind, String, Option<ListPos>);

/// The text, every block, and the metadata.
fn read(html: &str) -> (String, Vec<Seen>, Meta) {
    let (text, blocks, meta) = parse(html, &rules());
    let mut joined = String::new();
    for b in &blocks {
        if !joined.is_empty() {
            joined.push_str("\n\n");
        }
        assert_eq!(b.span.start, joined.len(), "spans index the text");
        joined.push_str(&text[b.span.start..b.span.end]);
    }
    assert_eq!(joined, text, "the text is the blocks joined by blank lines");
    let out = blocks
        .iter()
        .map(|b| (b.kind, text[b.span.start..b.span.end].to_string(), b.list))
        .collect();
    (text, out, meta)
}

const NEWS: &str = include_str!("../../../fixtures/news-page.html");

#[test]
fn page_furniture_is_dropped() {
    let (text, blocks, _) = read(NEWS);
    for furniture in [
        "cookies",
        "Politics",
        "Share on",
        "Email this story",
        "Advertisement",
        "Related stories",
        "Ceasefire talks collapse",
        "Sign up for our daily briefing",
        "Finally some good news",
        "Most read",
        "All rights reserved",
        "Privacy policy",
        "dataLayer",
        "display: flex",
        "14 March 2025, 18:40",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} left in {text}");
    }
    assert_eq!(
        blocks[0],
        (
            BlockKind::Title,
            "Envoys agree to a second round of talks in Vienna".to_string(),
            None
        )
    );
    assert!(
        blocks
            .iter()
            .any(|(k, t, _)| *k == BlockKind::Heading && t == "What was agreed")
    );
    assert!(
        blocks
            .iter()
            .any(|(k, t, _)| *k == BlockKind::Quote && t.starts_with("We came here"))
    );
    let last = blocks.last().unwrap();
    assert_eq!(
        last.1,
        "Diplomats in Vienna said the date of the next round would be announced early next week."
    );
}

#[test]
fn photo_captions_and_credits_are_dropped() {
    let (text, _, _) = read(NEWS);
    assert!(!text.contains("The two delegations at the start"));
    assert!(!text.contains("Anna Berg"));
    let page = "<html><body><div class=\"article-body\">\
        <p>The prime minister arrived in Warsaw on Tuesday evening for two days of talks with his Polish counterpart, his office said.</p>\
        <div class=\"image-caption\">The prime minister at the airport on Tuesday.</div>\
        <p class=\"photo-credit\">Reuters/Jan Nowak</p>\
        <p>The two leaders are expected to sign a defence agreement on Wednesday, officials on both sides said.</p>\
        </div></body></html>";
    let (text, blocks, _) = read(page);
    assert!(!text.contains("at the airport"), "{text}");
    assert!(!text.contains("Jan Nowak"), "{text}");
    assert_eq!(blocks.len(), 2);
}

#[test]
fn lists_keep_their_positions() {
    let (_, blocks, _) = read(NEWS);
    let items: Vec<(String, ListPos)> = blocks
        .iter()
        .filter(|(k, _, _)| *k == BlockKind::ListItem)
        .map(|(_, t, l)| (t.clone(), l.unwrap()))
        .collect();
    let pos = |list, index, level| ListPos {
        list,
        index,
        level,
        ordered: false,
    };
    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(
        items[0],
        (
            "a second round of talks before the end of March;".to_string(),
            pos(1, 1, 1)
        )
    );
    assert_eq!(items[1].1, pos(1, 2, 1));
    assert!(
        items[2]
            .0
            .ends_with("which will report to both governments")
    );
    assert_eq!(items[2].1, pos(1, 3, 1));
    assert_eq!(
        items[3],
        (
            "its first meeting will be held in Geneva;".to_string(),
            pos(1, 1, 2)
        )
    );
    assert_eq!(items[4].1, pos(1, 2, 2));
    // The line that introduces the list stays a paragraph right before it.
    let intro = blocks
        .iter()
        .position(|(_, t, _)| t.ends_with("listed what the delegations had agreed:"))
        .unwrap();
    assert_eq!(blocks[intro + 1].0, BlockKind::ListItem);
}

#[test]
fn ordered_lists_and_a_second_list_are_numbered() {
    let page = "<html><body><article>\
        <p>The foreign minister set out the government's conditions for a ceasefire on Monday, in a speech to parliament.</p>\
        <ol><li>All troops return to the lines of last spring.</li><li>Prisoners are exchanged all for all.</li></ol>\
        <p>The opposition leader answered with demands of her own, which she called the minimum any deal must meet.</p>\
        <ul><li>A vote in parliament on any deal.</li></ul>\
        </article></body></html>";
    let (_, blocks, _) = read(page);
    let items: Vec<ListPos> = blocks.iter().filter_map(|(_, _, l)| *l).collect();
    assert_eq!(
        items,
        vec![
            ListPos {
                list: 1,
                index: 1,
                level: 1,
                ordered: true
            },
            ListPos {
                list: 1,
                index: 2,
                level: 1,
                ordered: true
            },
            ListPos {
                list: 2,
                index: 1,
                level: 1,
                ordered: false
            },
        ]
    );
}

#[test]
fn line_broken_bullets_become_list_items() {
    let page = "<html><body><div class=\"story-body\">\
        <p>The spokeswoman for the ministry told reporters on Thursday that the delegation had raised three issues with its hosts.</p>\
        <p>The minister said:<br>• the embassy will reopen in May<br>- visas will be issued again<br>\
        * flights resume in the summer</p>\
        <p>No date was given for the next meeting of the joint commission, which last met in the autumn.</p>\
        </div></body></html>";
    let (_, blocks, _) = read(page);
    let kinds: Vec<BlockKind> = blocks.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph
        ]
    );
    assert_eq!(blocks[1].1, "The minister said:");
    assert_eq!(blocks[2].1, "the embassy will reopen in May");
    assert_eq!(blocks[4].2.map(|l| (l.list, l.index)), Some((1, 3)));
}

#[test]
fn json_ld_gives_headline_date_authors_site() {
    let (_, _, meta) = read(NEWS);
    assert_eq!(
        meta.title.as_deref(),
        Some("Envoys agree to a second round of talks in Vienna")
    );
    assert_eq!(meta.published.as_deref(), Some("2025-03-14T18:40:00+01:00"));
    assert_eq!(meta.authors, vec!["Marta Lindqvist", "Tomas Ferreira"]);
    assert_eq!(meta.site.as_deref(), Some("The Northern Courier"));
    assert_eq!(meta.language.as_deref(), Some("en-GB"));
    assert!(meta.description.unwrap().starts_with("Negotiators ended"));

    let page = r#"<html><head><script type="application/ld+json">[
        {"@type": "BreadcrumbList", "name": "World"},
        {"@type": ["ReportageNewsArticle"], "headline": "Talks resume in Doha",
         "datePublished": "7 June 2024", "author": {"@type": "Person", "name": "Omar Haddad and Lina Sayegh"},
         "publisher": {"@type": "Organization", "name": "Gulf Wire"}}
    ]</script></head><body><p>Talks resumed.</p></body></html>"#;
    let (_, _, meta) = read(page);
    assert_eq!(meta.title.as_deref(), Some("Talks resume in Doha"));
    assert_eq!(meta.published.as_deref(), Some("2024-06-07"));
    assert_eq!(meta.authors, vec!["Omar Haddad", "Lina Sayegh"]);
    assert_eq!(meta.site.as_deref(), Some("Gulf Wire"));
}

#[test]
fn open_graph_and_meta_tags_stand_in() {
    let page = r#"<html lang="en"><head>
        <title>Summit ends without a statement - Daily Ledger</title>
        <meta property="og:title" content="Summit ends without a statement">
        <meta property="og:site_name" content="Daily Ledger">
        <meta property="og:description" content="Leaders left the summit early.">
        <meta property="article:author" content="https://dailyledger.example/staff/p-novak">
        <meta name="author" content="Petra Novak">
        </head><body>
        <h1>Summit ends without a statement</h1>
        <p>Leaders <time datetime="2023-10-12T16:00:00Z">left</time> the summit early on Thursday, after a dispute over the wording of the final statement.</p>
        </body></html>"#;
    let (text, blocks, meta) = read(page);
    assert_eq!(
        meta.title.as_deref(),
        Some("Summit ends without a statement")
    );
    assert_eq!(meta.site.as_deref(), Some("Daily Ledger"));
    assert_eq!(
        meta.description.as_deref(),
        Some("Leaders left the summit early.")
    );
    assert_eq!(meta.authors, vec!["Petra Novak"]);
    assert_eq!(meta.published.as_deref(), Some("2023-10-12T16:00:00Z"));
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(blocks[0].0, BlockKind::Title);
    assert_eq!(text.matches("Summit ends without a statement").count(), 1);
}

#[test]
fn declared_latin1_page_decodes() {
    let bytes = include_bytes!("../../../fixtures/latin1-page.html");
    assert_eq!(declared_charset(bytes), Some(encoding_rs::WINDOWS_1252));
    assert_eq!(
        declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>"),
        Some(encoding_rs::ISO_8859_2)
    );
    assert_eq!(
        declared_charset(b"<meta charset=utf-8><p>x</p>"),
        Some(encoding_rs::UTF_8)
    );
    assert_eq!(declared_charset(b"<html><p>no declaration</p>"), None);
    let (html, _) = decode(bytes, Format::Html).unwrap();
    let (text, _, meta) = read(&html);
    assert!(
        text.contains("Les délégations ont repris mardi à Genève"),
        "{text}"
    );
    assert!(text.contains("« prudemment optimiste »"));
    assert!(!text.contains('\u{fffd}'));
    assert_eq!(meta.authors, vec!["Hélène Müller"]);
    assert_eq!(meta.site.as_deref(), Some("Le Courrier du Léman"));
    assert_eq!(meta.published.as_deref(), Some("2024-05-21T09:30:00+02:00"));
}

#[test]
fn truncated_page_keeps_its_text() {
    let html = include_str!("../../../fixtures/broken-page.html");
    let (text, blocks, meta) = read(html);
    assert_eq!(blocks[0].0, BlockKind::Title);
    assert_eq!(
        meta.title.as_deref(),
        Some("Ministers meet in Oslo as border dispute drags on")
    );
    assert_eq!(meta.authors, vec!["Ingrid Solberg"]);
    assert!(text.contains("useful, though difficult"));
    assert!(text.ends_with("open through the win"));
    assert!(!text.contains("Sport"));
    // Cut anywhere, even inside a tag or a character, it still parses.
    for cut in (0..html.len()).step_by(97) {
        if html.is_char_boundary(cut) {
            let _ = parse(&html[..cut], &rules());
        }
    }
}

#[test]
fn absurd_nesting_does_not_overflow() {
    let depth = 20_000;
    let mut page = String::from("<html><body>");
    for _ in 0..depth {
        page.push_str("<div><span>");
    }
    page.push_str("<p>The envoy said the talks in Cairo would resume on Monday after a pause of two weeks.</p>");
    let (text, _, _) = read(&page);
    assert!(text.contains("resume on Monday"));
    let _ = read(&"<ul><li>".repeat(depth));
    let _ = read(&"<table><tr><td>".repeat(depth / 10));
}

#[test]
fn furniture_texts_and_link_paragraphs_are_dropped() {
    let page = "<html><body><div class=\"article-body\">\
        <p>Officials from the two capitals met for a third time this month to discuss the release of detained journalists.</p>\
        <p>ADVERTISEMENT</p>\
        <p><a href=\"/x\">Read more: how the prisoner swap of last year was negotiated in secret</a></p>\
        <p>WATCH | The envoys arrive for the talks:</p>\
        <div role=\"button\" class=\"player\"><span>Duration 2:41</span></div>\
        <p>Both sides said the meeting had been constructive and promised to meet again soon, according to a joint statement.</p>\
        </div></body></html>";
    let (text, _, _) = read(page);
    assert!(!text.contains("ADVERTISEMENT"));
    assert!(!text.contains("Read more"));
    assert!(!text.contains("WATCH"), "{text}");
    assert!(!text.contains("2:41"), "{text}");
    assert!(text.contains("promised to meet again"));
}

#[test]
fn bullet_paragraphs_form_one_list() {
    let page = "<html><body><div class=\"content\">\
        <p>The president's office published the main points of the joint declaration after the summit on Friday evening.</p>\
        <p>• Both sides will open consulates in each other's second cities.</p>\
        <p>• Trade talks resume in January.</p>\
        <p>The declaration was signed by both foreign ministers, the office said in a short statement.</p>\
        </div></body></html>";
    let (_, blocks, _) = read(page);
    let items: Vec<(String, usize, usize)> = blocks
        .iter()
        .filter_map(|(_, t, l)| l.map(|l| (t.clone(), l.list, l.index)))
        .collect();
    assert_eq!(
        items,
        vec![
            (
                "Both sides will open consulates in each other's second cities.".to_string(),
                1,
                1
            ),
            ("Trade talks resume in January.".to_string(), 1, 2),
        ]
    );
}

#[test]
fn a_byline_paragraph_is_dropped() {
    let page = r#"<html><head><meta name="author" content="Karin Holm"></head><body><div class="story">
        <p>By Karin Holm - 11/03/24 09:12 AM</p>
        <p>By the end of the week, the two delegations had agreed on a timetable for the withdrawal, diplomats said on Sunday.</p>
        <p>The agreement still needs the approval of both parliaments, which are expected to vote on it next month.</p>
        </div></body></html>"#;
    let (text, _, meta) = read(page);
    assert_eq!(meta.authors, vec!["Karin Holm"]);
    assert!(!text.contains("09:12"), "{text}");
    assert!(text.contains("By the end of the week"));
}

#[test]
fn hover_cards_inside_prose_are_dropped() {
    let page = "<html><body><div class=\"article-body\">\
        <p>Senator <span class=\"rollover-people\"><a href=\"/p/jane-roe\">Jane Roe</a>\
        <span class=\"rollover-people-block\"><a href=\"/p/jane-roe\">Jane Alice Roe</a>\
        <a href=\"/x\">Roe says talks must go on</a></span></span> said on Monday that the talks would go on.</p>\
        <p>She spoke to reporters after a closed briefing by the foreign minister at the parliament building.</p>\
        </div></body></html>";
    let (text, _, _) = read(page);
    assert!(
        text.contains("Senator Jane Roe said on Monday that the talks would go on."),
        "{text}"
    );
}
