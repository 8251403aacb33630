//! Settings: every switch, checkbox, radio group and select on the page, with the label a person
//! reads beside it, its state, and a stable id.
//!
//! - **Label**: the control's `aria-label`; else the text of its row (the largest element around it
//!   that holds no other control), preferring a `<label>` or `<legend>`, then a heading; else the
//!   nearest short text before it. A radio group is one setting: its label is the group's
//!   `aria-label`, its `<legend>`, or the nearest short text or heading before it.
//! - **State**: `on` / `off` for switches and checkboxes, the selected option's text for selects and
//!   radio groups (`off` when no option is chosen).
//! - **Id**: a known setting's id (`rules/settings.toml`) when the label names one, else a slug of the
//!   label. On download pages the checkboxes choose what to export, not what is recorded, so there
//!   every id is a slug.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::phrases::{Meaning, PageText, Scanned};
use super::rules::KnownSetting;
use super::text::slug;
use super::tree::{Control, Tree};
use crate::report::Setting;

/// How far up a control's row may reach.
const MAX_ROW_CLIMB: usize = 6;
/// How many nodes of a row are read for its label.
const MAX_ROW_SCAN: usize = 200;
/// How far back the nearest text before a control is looked for.
const MAX_LOOK_BACK: usize = 40;
/// Longer texts are descriptions, not labels.
const MAX_LABEL_CHARS: usize = 200;
/// A text before a control this long, or ending a sentence, is prose; the label is further back.
const MAX_PRECEDING_CHARS: usize = 100;
const MAX_ID_CHARS: usize = 60;

/// A control's label, state and node, before it is given an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub label: String,
    /// Where the label was read: it names a known setting when its phrase hits say so.
    source: Source,
    pub state: String,
    /// Where a chosen option's text was read.
    state_source: Option<Source>,
    pub node: u32,
}

impl Found {
    /// The scanned texts of the label and the chosen option: what the control says it is about.
    pub fn texts<'t>(&self, text: &'t PageText) -> impl Iterator<Item = &'t Scanned> {
        [Some(self.source), self.state_source]
            .into_iter()
            .flatten()
            .filter_map(|source| scanned(text, source))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A node's text.
    Text(usize),
    /// A node's `aria-label`.
    AriaLabel(usize),
}

/// Every setting control outside the page chrome, in document order.
pub fn find(tree: &Tree) -> Vec<Found> {
    let reader = Reader::new(tree);
    let mut out = Vec::new();
    let mut groups_done: HashSet<usize> = HashSet::new();
    for index in 0..tree.len() {
        if tree.places.get(index).is_some_and(|p| p.chrome) {
            continue;
        }
        let found = match tree.control(index) {
            Some(Control::Toggle) => reader.toggle(index),
            Some(Control::Select) => reader.select(index),
            Some(Control::Radio) => {
                let group = reader.group_of(index);
                if groups_done.insert(group) {
                    reader.radio_group(group)
                } else {
                    None
                }
            }
            None => None,
        };
        out.extend(found);
    }
    out
}

/// Gives each found setting its id: a known setting's when `known_ids` and its label names one,
/// else a slug of its label. Ids are unique within the page.
pub fn name(
    found: Vec<Found>,
    text: &PageText,
    known: &[KnownSetting],
    known_ids: bool,
) -> Vec<Setting> {
    let mut used: HashMap<String, usize> = HashMap::new();
    found
        .into_iter()
        .map(|f| {
            let known_id = known_ids
                .then(|| known_setting(text, f.source))
                .flatten()
                .and_then(|index| known.get(index))
                .map(|setting| setting.id.clone());
            let base = known_id
                .or_else(|| Some(slug(&f.label, MAX_ID_CHARS)).filter(|s| !s.is_empty()))
                .unwrap_or_else(|| "setting".to_owned());
            let seen = used.entry(base.clone()).or_default();
            *seen += 1;
            let id = match *seen {
                1 => base,
                n => format!("{base}_{n}"),
            };
            Setting {
                id,
                label: f.label,
                state: f.state,
                node: f.node,
                marker: None,
            }
        })
        .collect()
}

fn scanned(text: &PageText, source: Source) -> Option<&Scanned> {
    match source {
        Source::Text(i) => text.text(i),
        Source::AriaLabel(i) => text.label(i),
    }
}

/// The first known setting (in rule order) whose phrase the label contains.
fn known_setting(text: &PageText, source: Source) -> Option<usize> {
    scanned(text, source)?
        .hits
        .iter()
        .filter_map(|h| match h.meaning {
            Meaning::Setting(index) => Some(index),
            _ => None,
        })
        .min()
}

struct Reader<'a> {
    tree: &'a Tree<'a>,
    /// Controls in each subtree, counting each radio button.
    controls: Vec<u32>,
    /// `<legend>` elements in each subtree: a group without one is not searched for it.
    legends: Vec<u32>,
    /// Characters of each node's trimmed text, counted once: a control's label is looked for
    /// among the same nodes again and again.
    text_chars: Vec<usize>,
    /// The radio buttons of each group, by group node.
    groups: BTreeMap<usize, Vec<usize>>,
    /// The group node of each radio button.
    group_of: HashMap<usize, usize>,
}

impl<'a> Reader<'a> {
    fn new(tree: &'a Tree<'a>) -> Self {
        let mut controls: Vec<u32> = (0..tree.len())
            .map(|i| u32::from(tree.control(i).is_some()))
            .collect();
        let mut radios: Vec<u32> = (0..tree.len())
            .map(|i| u32::from(tree.control(i) == Some(Control::Radio)))
            .collect();
        let mut legends: Vec<u32> = tree
            .nodes
            .iter()
            .map(|n| u32::from(n.tag == "legend"))
            .collect();
        for i in (1..tree.len()).rev() {
            if let Some(p) = tree.parent(i) {
                controls[p] += controls[i];
                radios[p] += radios[i];
                legends[p] += legends[i];
            }
        }
        let text_chars = tree
            .nodes
            .iter()
            .map(|n| n.text.trim().chars().count())
            .collect();
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut group_of = HashMap::new();
        for index in 0..tree.len() {
            if tree.control(index) == Some(Control::Radio) {
                let group = radio_group(tree, index, &radios);
                groups.entry(group).or_default().push(index);
                group_of.insert(index, group);
            }
        }
        Self {
            tree,
            controls,
            legends,
            text_chars,
            groups,
            group_of,
        }
    }

    fn group_of(&self, radio: usize) -> usize {
        self.group_of.get(&radio).copied().unwrap_or(radio)
    }

    fn toggle(&self, index: usize) -> Option<Found> {
        let on = self.tree.nodes.get(index)?.checked == Some(true);
        self.found(index, self.control_label(index)?, (on_off(on), None))
    }

    fn select(&self, index: usize) -> Option<Found> {
        let value = self
            .tree
            .nodes
            .get(index)?
            .value
            .as_deref()
            .unwrap_or_default()
            .to_owned();
        let option = self
            .tree
            .subtree(index, MAX_ROW_SCAN)
            .find(|&n| {
                self.tree
                    .nodes
                    .get(n)
                    .is_some_and(|o| o.tag == "option" && o.text == value)
            })
            .map(Source::Text);
        self.found(index, self.control_label(index)?, (value, option))
    }

    fn radio_group(&self, group: usize) -> Option<Found> {
        let radios = self.groups.get(&group)?;
        let chosen = radios.iter().find(|&&r| {
            self.tree
                .nodes
                .get(r)
                .is_some_and(|n| n.checked == Some(true))
        });
        let state = match chosen {
            Some(&radio) => {
                let (text, source) = self.control_label(radio)?;
                (text, Some(source))
            }
            None => (on_off(false), None),
        };
        let label = self
            .aria_label(group)
            .or_else(|| self.legend(group))
            .or_else(|| self.text_before(group))?;
        let node = chosen.or(radios.first()).copied()?;
        self.found(node, label, state)
    }

    fn found(
        &self,
        node: usize,
        (label, source): (String, Source),
        (state, state_source): (String, Option<Source>),
    ) -> Option<Found> {
        Some(Found {
            label,
            source,
            state,
            state_source,
            node: u32::try_from(node).ok()?,
        })
    }

    /// The label of one control: its `aria-label`, a `<label>` beside it, its row's text, or the
    /// text before it.
    fn control_label(&self, index: usize) -> Option<(String, Source)> {
        self.aria_label(index)
            .or_else(|| self.sibling_label(index))
            .or_else(|| self.row_text(index))
            .or_else(|| self.text_before(index))
    }

    /// `<input id=x><label for=x>`: the `<label>` right after the control, else right before it.
    fn sibling_label(&self, index: usize) -> Option<(String, Source)> {
        let siblings = self.tree.children(self.tree.parent(index)?);
        let at = self.tree.position_among_siblings(index);
        let is_label = |s: &&u32| {
            self.tree
                .nodes
                .get(**s as usize)
                .is_some_and(|n| n.tag == "label" && self.tree.control(**s as usize).is_none())
        };
        let next = siblings.get(at + 1..)?.iter().take(1).find(is_label);
        let previous = siblings.get(..at)?.iter().next_back().filter(is_label);
        let label = *next.or(previous)? as usize;
        self.tree
            .subtree(label, MAX_ROW_SCAN)
            .find(|&n| self.is_label_text(n, MAX_LABEL_CHARS))
            .and_then(|n| self.text_of(n))
    }

    fn aria_label(&self, index: usize) -> Option<(String, Source)> {
        let label = self.tree.nodes.get(index)?.label.as_deref()?.trim();
        (!label.is_empty()).then(|| (label.to_owned(), Source::AriaLabel(index)))
    }

    /// The best text of the control's row: climbs while the ancestor holds no other control.
    fn row_text(&self, index: usize) -> Option<(String, Source)> {
        self.tree
            .ancestors(index)
            .take(MAX_ROW_CLIMB)
            .take_while(|&a| self.controls.get(a).copied().unwrap_or(0) <= 1)
            .find_map(|a| self.best_text(a, index))
    }

    /// In `row` without `control`'s own subtree: the first text in a `<label>` or `<legend>`, else
    /// in a heading, else the first text.
    fn best_text(&self, row: usize, control: usize) -> Option<(String, Source)> {
        let mut first = None;
        let mut in_heading = None;
        let mut stack = vec![(row, false)];
        let mut budget = MAX_ROW_SCAN;
        while let (Some((node, in_label)), true) = (stack.pop(), budget > 0) {
            budget -= 1;
            if node == control {
                continue;
            }
            let element = self.tree.nodes.get(node)?;
            let in_label = in_label || matches!(&*element.tag, "label" | "legend");
            if self.is_label_text(node, MAX_LABEL_CHARS) {
                if in_label {
                    return self.text_of(node);
                }
                if self.tree.places.get(node).is_some_and(|p| p.heading) {
                    in_heading = in_heading.or(Some(node));
                }
                first = first.or(Some(node));
            }
            stack.extend(
                self.tree
                    .children(node)
                    .iter()
                    .rev()
                    .map(|&c| (c as usize, in_label)),
            );
        }
        in_heading.or(first).and_then(|n| self.text_of(n))
    }

    /// The `<legend>` of a fieldset-like group.
    fn legend(&self, group: usize) -> Option<(String, Source)> {
        if self.legends.get(group).is_none_or(|&n| n == 0) {
            return None;
        }
        self.tree
            .subtree(group, MAX_ROW_SCAN)
            .filter(|&n| self.tree.nodes.get(n).is_some_and(|e| e.tag == "legend"))
            .find_map(|legend| {
                self.tree
                    .subtree(legend, MAX_ROW_SCAN)
                    .find(|&n| self.is_label_text(n, MAX_LABEL_CHARS))
            })
            .and_then(|n| self.text_of(n))
    }

    /// The nearest short text before `index` that reads as a label or heading, not as prose.
    fn text_before(&self, index: usize) -> Option<(String, Source)> {
        (index.saturating_sub(MAX_LOOK_BACK)..index)
            .rev()
            .find(|&n| {
                let text = self.tree.nodes.get(n).map_or("", |e| e.text.trim());
                self.is_label_text(n, MAX_PRECEDING_CHARS)
                    && !text.ends_with('.')
                    && !self.tree.places.get(n).is_some_and(|p| p.interactive)
            })
            .and_then(|n| self.text_of(n))
    }

    /// A node whose text could label a control: not empty, not too long, not page chrome, not an
    /// option of a select.
    fn is_label_text(&self, index: usize, max_chars: usize) -> bool {
        let (Some(node), Some(place)) = (self.tree.nodes.get(index), self.tree.places.get(index))
        else {
            return false;
        };
        let chars = self.text_chars.get(index).copied().unwrap_or(0);
        chars > 0
            && chars <= max_chars
            && !place.chrome
            && node.tag != "option"
            && self.tree.control(index).is_none()
    }

    fn text_of(&self, index: usize) -> Option<(String, Source)> {
        let text = self.tree.nodes.get(index)?.text.trim();
        Some((text.to_owned(), Source::Text(index)))
    }
}

/// The node that groups a radio button with the others of its set: the nearest `radiogroup` or
/// `<fieldset>`, else the nearest ancestor holding two radio buttons or more.
fn radio_group(tree: &Tree, radio: usize, radios: &[u32]) -> usize {
    let explicit = tree.ancestors(radio).take(MAX_ROW_CLIMB * 2).find(|&a| {
        tree.nodes
            .get(a)
            .is_some_and(|n| n.role.as_deref() == Some("radiogroup") || n.tag == "fieldset")
    });
    explicit
        .or_else(|| {
            tree.ancestors(radio)
                .take(MAX_ROW_CLIMB * 2)
                .find(|&a| radios.get(a).copied().unwrap_or(0) >= 2)
        })
        .unwrap_or(radio)
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.to_owned()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::html::snapshot_from_html;

    fn settings(body: &str, known_ids: bool) -> Vec<(String, String, String)> {
        let snapshot = snapshot_from_html(body, Some("https://x.example/"));
        let tree = Tree::new(&snapshot);
        let classifier = Classifier::builtin().unwrap();
        let text = PageText::scan(&classifier.phrases, &snapshot);
        name(find(&tree), &text, &classifier.rules.settings, known_ids)
            .into_iter()
            .map(|s| (s.id, s.label, s.state))
            .collect()
    }

    fn setting(id: &str, label: &str, state: &str) -> (String, String, String) {
        (id.into(), label.into(), state.into())
    }

    #[test]
    fn labels_come_from_aria_a_label_beside_or_the_row() {
        let found = settings(
            r#"<div role="switch" aria-checked="true" aria-label="Timeline"></div>
            <div><input type="checkbox"><label>Sync contacts</label></div>
            <div><div><span>Read receipts</span><span>If turned off, you won't send them.</span></div>
                 <label><input type="checkbox" checked></label></div>
            <nav><input type="checkbox" aria-label="Dark mode"></nav>"#,
            true,
        );
        assert_eq!(
            found,
            [
                setting("location_history", "Timeline", "on"),
                setting("contact_sync", "Sync contacts", "off"),
                setting("read_receipts", "Read receipts", "on"),
            ]
        );
    }

    #[test]
    fn a_radio_group_is_one_setting_with_the_chosen_option() {
        let found = settings(
            r#"<h1>Advertising Preferences</h1><p>A long description of what the choice does here.</p>
            <div role="radiogroup">
              <label><input type="radio"><span>Show me interest-based ads</span></label>
              <label><input type="radio" checked><span>Do not show me interest-based ads</span></label>
            </div>
            <span>Format</span><select><option>HTML</option><option selected>JSON</option></select>"#,
            true,
        );
        assert_eq!(
            found,
            [
                setting(
                    "advertising_preferences",
                    "Advertising Preferences",
                    "Do not show me interest-based ads"
                ),
                setting("format", "Format", "JSON"),
            ]
        );
    }

    #[test]
    fn ids_are_slugs_on_download_pages_and_unique() {
        let body = r#"<label><input type="checkbox" checked>Location History (Timeline)</label>
            <label><input type="checkbox">Location History (Timeline)</label>"#;
        let ids: Vec<String> = settings(body, false).into_iter().map(|s| s.0).collect();
        assert_eq!(
            ids,
            ["location_history_timeline", "location_history_timeline_2"]
        );
        let ids: Vec<String> = settings(body, true).into_iter().map(|s| s.0).collect();
        assert_eq!(ids, ["location_history", "location_history_2"]);
        let slugs = settings(r#"<label><input type="checkbox">Mi IA</label>"#, false);
        assert_eq!(slugs[0].0, "mi_ia");
    }
}
