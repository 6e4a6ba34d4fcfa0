//! Markdown written by residents and staff, rendered to HTML and sanitized with a strict
//! allowlist: no script, style, event handler, image or `javascript:` link survives.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

use crate::Multiloc;

pub fn render(source: &str) -> String {
    let mut unsafe_html = String::with_capacity(source.len() * 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH));
    let tags: HashSet<&str> =
        ["p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"]
            .into_iter()
            .collect();
    ammonia::Builder::new()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes([("a", ["href"].into_iter().collect())].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

pub fn render_multiloc(source: &Multiloc) -> Multiloc {
    source.map(render)
}

/// The plain text of the first words of a Markdown text, for cards: at most `max_chars`
/// characters, cut at a word, with an ellipsis when cut.
pub fn excerpt(source: &str, max_chars: usize) -> String {
    use pulldown_cmark::{Event, TagEnd};
    // The parser reads its whole input before the first event: give it only the start,
    // which holds the excerpt many times over (a construct cut at the end shows only
    // past the excerpt).
    let mut end = source.len().min(8 * max_chars + 256);
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let start = &source[..end];
    // Most ideas are plain sentences: their words are the excerpt, no parse needed.
    if is_plain(start) {
        return first_words(start, max_chars);
    }
    let mut text = String::new();
    for event in Parser::new(start) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // The end of an emphasis or a link is inside a sentence: no space, or
            // "A **school street**, closed" reads "A school street , closed".
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    first_words(&text, max_chars)
}

/// Text in which Markdown finds nothing to do: no character that starts emphasis, code,
/// a link, HTML, an entity, a heading, a quote, a rule, a table or a list, and no line
/// that starts with a digit (a numbered list).
fn is_plain(text: &str) -> bool {
    // One pass over the bytes (a search of the marker list per byte cost a twentieth of
    // an idea list's time): a marker anywhere, or a digit first on a line.
    let mut line_start = true;
    for b in text.bytes() {
        match b {
            b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'>' | b'!' | b'\\' | b'~' | b'|' | b'&' | b'#' | b'=' | b'+'
            | b'-' => return false,
            b'0'..=b'9' if line_start => return false,
            b'\n' | b'\r' => line_start = true,
            b' ' | b'\t' => {}
            _ => line_start = false,
        }
    }
    true
}

/// The words of `text` up to `max_chars` characters, with an ellipsis when cut.
fn first_words(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if chars + length + 1 > max_chars {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += length;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{excerpt, render};

    #[test]
    fn plain_text_gives_the_excerpt_the_parser_would() {
        let samples = [
            "Square green noise sport stop fountain bench street parking youth square café fountain",
            "More trees.\n\nOn every street, please.\nAnd benches",
            "Built in 1990. Needs a new roof",
            "    indented like code\nand then not",
            "Un café: ça coûte 3 €, d'accord?",
        ];
        for sample in samples {
            assert!(super::is_plain(sample), "{sample}");
            for max in [10, 30, 180] {
                assert_eq!(
                    excerpt(sample, max),
                    excerpt(&format!("{sample}\n\n*x*"), max).replace(" x", ""),
                    "{sample}"
                );
            }
        }
        for marked in [
            "a *b*",
            "1. one",
            "one\n  2. two",
            "one\r\n3) three",
            "a [link](x)",
            "# title",
            "a & b",
            "- item",
            "> quote",
            "a_b",
        ] {
            assert!(!super::is_plain(marked), "{marked}");
        }
    }

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(excerpt("**More** trees\n\n- on *every* street", 100), "More trees on every street");
        assert_eq!(excerpt("one two three four", 10), "one two…");
        assert_eq!(
            excerpt("A **school street**, closed. See [the map](/map)!", 100),
            "A school street, closed. See the map!"
        );
        assert_eq!(excerpt("<script>alert(1)</script>\n\nhi", 100), "hi");
    }

    #[test]
    fn keeps_basic_formatting() {
        let html = render("**Trees** on *every* street:\n\n- shade\n- [info](https://gent.be)");
        assert!(html.contains("<strong>Trees</strong>"));
        assert!(html.contains("<li>shade</li>"));
        assert!(html.contains(r#"<a href="https://gent.be" rel="nofollow ugc noopener noreferrer">"#));
    }

    #[test]
    fn removes_everything_dangerous() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<style>body{display:none}</style>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p onclick=\"alert(1)\" style=\"color:red\">x</p>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "![x](https://evil.example/track.png)",
        ];
        for attack in attacks {
            let html = render(attack).to_lowercase();
            for bad in ["<script", "onerror", "onclick", "<style", "style=", "javascript:", "<iframe", "<img"] {
                assert!(!html.contains(bad), "{attack:?} left {bad:?} in {html:?}");
            }
        }
    }
}
