//! Saved HTML to `PageSnapshot`, natively, for the CLI and the tests.
//!
//! Follows the extraction rules documented on `snapshot::Node`, the same ones the content script
//! applies to the live DOM, so that a saved page and the live page give the same snapshot: each
//! text, label and option text is read up to `MAX_RAW_TEXT_PER_NODE` before its white space is
//! collapsed, and the rest of the limits are `PageSnapshot::into_bounded`'s. The markup is bounded
//! before parsing (`limits`: nesting depth, attributes per tag), as a browser bounds its DOM, and
//! the tree is walked with an explicit stack.

mod limits;

use std::collections::{HashMap, HashSet};

use scraper::{ElementRef, Html, Selector};

use crate::snapshot::{
    collapse_whitespace, Node, PageSnapshot, MAX_NODES, MAX_RAW_TEXT_PER_NODE, SKIPPED_TAGS,
};

/// Builds the snapshot of `html`, within the limits of `PageSnapshot::into_bounded`. The address is
/// `url` when given, else the page's `<link rel=canonical>`, else its `og:url`; empty when none is
/// known (classification then rejects it).
pub fn snapshot_from_html(html: &str, url: Option<&str>) -> PageSnapshot<'static> {
    let (html, mut truncated) = limits::bound_markup(html);
    let document = Html::parse_document(&html);
    let url = url
        .map(str::to_owned)
        .or_else(|| page_address(&document))
        .unwrap_or_default();
    let root = document.root_element();
    let lang = root
        .value()
        .attr("lang")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let title = first(&document, "title")
        .map(|t| collapse_whitespace(&t.text().collect::<String>()))
        .unwrap_or_default();

    let unchecked = superseded_radios(&document);
    let mut nodes = Vec::new();
    if let Some(body) = first(&document, "body") {
        // (element, index of its parent in `nodes`), pushed in reverse so they pop in document order.
        let mut stack: Vec<(ElementRef, Option<u32>)> = vec![(body, None)];
        while let Some((element, parent)) = stack.pop() {
            if is_skipped(element) {
                continue;
            }
            if nodes.len() == MAX_NODES {
                truncated = true;
                break;
            }
            let index = nodes.len() as u32;
            let (node, cut) = node(element, parent, &unchecked);
            truncated |= cut;
            nodes.push(node);
            let children: Vec<ElementRef> =
                element.children().filter_map(ElementRef::wrap).collect();
            stack.extend(children.into_iter().rev().map(|child| (child, Some(index))));
        }
    }
    bounded(PageSnapshot {
        url: url.into(),
        lang: lang.into(),
        title: title.into(),
        nodes,
        truncated,
    })
}

/// `snapshot` within the limits. `into_bounded` also refuses a snapshot without an address, which a
/// saved page may lack: that one is bounded under a stand-in address and keeps none.
fn bounded(mut snapshot: PageSnapshot<'static>) -> PageSnapshot<'static> {
    let no_url = snapshot.url.trim().is_empty();
    if no_url {
        snapshot.url = "about:blank".into();
    }
    // Parents are indices of earlier nodes by construction, so the only other error cannot occur.
    let mut bounded = snapshot
        .into_bounded()
        .expect("a snapshot built in document order");
    if no_url {
        bounded.url = "".into();
    }
    bounded
}

/// The start of `parts` joined, up to `MAX_RAW_TEXT_PER_NODE` UTF-16 code units (a character that
/// would straddle the limit is left out, as the lone half of a surrogate pair is in JavaScript), with
/// white space collapsed; and whether anything was left out.
fn read_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> (String, bool) {
    let mut raw = String::new();
    let mut units = 0;
    for part in parts {
        for c in part.chars() {
            units += c.len_utf16();
            if units > MAX_RAW_TEXT_PER_NODE {
                return (collapse_whitespace(&raw), true);
            }
            raw.push(c);
        }
    }
    (collapse_whitespace(&raw), false)
}

fn first<'a>(document: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).next()
}

fn page_address(document: &Html) -> Option<String> {
    let canonical =
        first(document, "link[rel~=canonical][href]").and_then(|e| e.value().attr("href"));
    let og_url = || {
        first(document, "meta[property='og:url'][content]").and_then(|e| e.value().attr("content"))
    };
    canonical.or_else(og_url).map(|u| u.trim().to_owned())
}

fn is_skipped(element: ElementRef) -> bool {
    let e = element.value();
    SKIPPED_TAGS.contains(&e.name())
        || e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || (e.name() == "input"
            && e.attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden")))
}

/// The radio buttons marked `checked` in the markup that the browser leaves unchecked: of a group
/// (one name, one form or none), only the last one marked is checked, as each one parsed unchecks
/// the others. Hidden radios count too: they are in the page, only not in the snapshot. The answer is
/// a test of one element.
fn superseded_radios(document: &Html) -> impl Fn(ElementRef) -> bool {
    let marked = Selector::parse("input[checked][name]").expect("a valid selector");
    let mut last_in_group = HashMap::new();
    let mut superseded = HashSet::new();
    for radio in document.select(&marked) {
        let e = radio.value();
        let is_radio = e
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("radio"));
        let name = e.attr("name").unwrap_or_default();
        let in_template = radio.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|a| a.name() == "template")
        });
        if !is_radio || name.is_empty() || in_template {
            continue;
        }
        let form = radio
            .ancestors()
            .find(|a| a.value().as_element().is_some_and(|a| a.name() == "form"))
            .map(|form| form.id());
        if let Some(previous) = last_in_group.insert((form, name), radio.id()) {
            superseded.insert(previous);
        }
    }
    move |radio| superseded.contains(&radio.id())
}

/// The node of `element`, and whether a text of it was cut at `MAX_RAW_TEXT_PER_NODE`. Radios that
/// are `unchecked` are not checked, whatever their markup says.
fn node(
    element: ElementRef,
    parent: Option<u32>,
    unchecked: &dyn Fn(ElementRef) -> bool,
) -> (Node<'static>, bool) {
    let e = element.value();
    let tag = e.name().to_ascii_lowercase();
    let (text, text_cut) = read_text(
        element
            .children()
            .filter_map(|child| child.value().as_text().map(|t| &**t)),
    );
    let (label, label_cut) = e
        .attr("aria-label")
        .map(|l| read_text([l]))
        .map_or((None, false), |(l, cut)| {
            ((!l.is_empty()).then_some(l), cut)
        });
    let input_type =
        (tag == "input").then(|| e.attr("type").unwrap_or("text").trim().to_ascii_lowercase());
    let aria_checked = e.attr("aria-checked").and_then(|v| match v.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    });
    let checked = aria_checked.or_else(|| {
        matches!(input_type.as_deref(), Some("checkbox" | "radio"))
            .then(|| e.attr("checked").is_some() && !unchecked(element))
    });
    let (value, value_cut) = (tag == "select")
        .then(|| selected_option(element))
        .flatten()
        .map_or((None, false), |(v, cut)| (Some(v), cut));
    let node = Node {
        parent,
        text: text.into(),
        role: e
            .attr("role")
            .map(|r| r.trim().to_ascii_lowercase())
            .filter(|r| !r.is_empty())
            .map(Into::into),
        label: label.map(Into::into),
        input_type: input_type.map(Into::into),
        checked,
        value: value.map(Into::into),
        tag: tag.into(),
    };
    (node, text_cut || label_cut || value_cut)
}

/// The text of the option a browser shows as selected, read like an element's text; and whether it
/// was cut. Per the HTML standard's selectedness rules: of a single select, the last option marked
/// `selected`, else (shown as a drop-down, the usual `size`) the first that is not disabled; of a
/// `multiple` select, the first marked. When none is selected, the first option, as extract.js does.
fn selected_option(select: ElementRef) -> Option<(String, bool)> {
    let options = Selector::parse("option").ok()?;
    let all: Vec<ElementRef> = select.select(&options).collect();
    let marked = |o: &&ElementRef| o.value().attr("selected").is_some();
    let e = select.value();
    let multiple = e.attr("multiple").is_some();
    let drop_down = !multiple
        && e.attr("size")
            .and_then(|s| s.trim().parse::<u32>().ok())
            .is_none_or(|size| size <= 1);
    let chosen = if multiple {
        all.iter().find(marked)
    } else {
        let first_enabled = || all.iter().find(|o| !is_disabled(**o));
        all.iter()
            .rfind(marked)
            .or_else(|| drop_down.then(first_enabled).flatten())
    };
    Some(read_text(chosen.or(all.first())?.text()))
}

/// Whether `option` is disabled: by its own attribute or its `<optgroup>`'s.
fn is_disabled(option: ElementRef) -> bool {
    let group = option
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|p| p.value().name() == "optgroup");
    [Some(option), group]
        .into_iter()
        .flatten()
        .any(|e| e.value().attr("disabled").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="es-MX"><head><title> Seguridad
        </title><link rel="canonical" href="https://www.facebook.com/settings?tab=security"><style>p{}</style></head>
        <body><div class="x1n2"><h1>Dónde  iniciaste <b>sesión</b></h1>
        <script>alert(1)</script><div hidden>secret</div><span aria-hidden="true">icon</span>
        <div role="switch" aria-checked="true" aria-label="Historial">x</div>
        <input type="checkbox" checked><input><input type="hidden" value="t">
        <select><option>Público</option><option selected>Solo yo</option></select></div></body></html>"#;

    #[test]
    fn extracts_text_roles_and_states_in_document_order() {
        let s = snapshot_from_html(PAGE, None);
        assert_eq!(s.url, "https://www.facebook.com/settings?tab=security");
        assert_eq!((&*s.lang, &*s.title), ("es-MX", "Seguridad"));
        let tags: Vec<&str> = s.nodes.iter().map(|n| &*n.tag).collect();
        assert_eq!(
            tags,
            ["body", "div", "h1", "b", "div", "input", "input", "select", "option", "option"]
        );
        assert_eq!(s.nodes[2].text, "Dónde iniciaste");
        assert_eq!(s.nodes[3].parent, Some(2));
        assert_eq!(
            (
                s.nodes[4].role.as_deref(),
                s.nodes[4].checked,
                s.nodes[4].label.as_deref()
            ),
            (Some("switch"), Some(true), Some("Historial"))
        );
        assert_eq!(
            (s.nodes[5].input_type.as_deref(), s.nodes[5].checked),
            (Some("checkbox"), Some(true))
        );
        assert_eq!(
            (s.nodes[6].input_type.as_deref(), s.nodes[6].checked),
            (Some("text"), None)
        );
        assert_eq!(s.nodes[7].value.as_deref(), Some("Solo yo"));
    }

    #[test]
    fn the_given_url_wins_over_the_page_and_og_url_is_the_fallback() {
        assert_eq!(
            snapshot_from_html(PAGE, Some("https://x.example/")).url,
            "https://x.example/"
        );
        let og = r#"<html><head><meta property="og:url" content="https://www.instagram.com/accounts/"></head></html>"#;
        assert_eq!(
            snapshot_from_html(og, None).url,
            "https://www.instagram.com/accounts/"
        );
        assert_eq!(snapshot_from_html("<p>x", None).url, "");
    }

    #[test]
    fn absurdly_deep_or_long_pages_are_bounded() {
        let deep = "<div>".repeat(3_000) + "deep";
        let s = snapshot_from_html(&deep, Some("https://x.example/"));
        assert!(s.nodes.len() <= MAX_NODES);
        let wide = "<p>x</p>".repeat(MAX_NODES + 10);
        let s = snapshot_from_html(&wide, Some("https://x.example/"));
        assert!(s.truncated && s.nodes.len() == MAX_NODES);
    }
}
