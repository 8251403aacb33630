//! Login sessions: finding the rows of a session or device list on any site, known or not, and
//! reading each row's device, place, IP address, time and current-session mark.
//!
//! Works in three steps, each linear in the page:
//! 1. **Anchors** (`anchors`). Each short text is read as what it is: an IP address (parsed with `std::net`), a
//!    time (`time.rs`), a place ("Houston, TX, United States"), a device ("Chrome on macOS"), a
//!    current-session mark ("This device") or an ended-session mark ("Signed out"). Texts like
//!    "203.0.113.45 – Houston, United States" or "Houston, Texas · 2 hours ago" are split first.
//! 2. **Rows.** A row is the largest element that holds only one row's anchors: at most one distinct
//!    time, place and IP address and two device names (a device and its browser or app), and no list
//!    item with anchors of its own or heading that is not an anchor. Counts are gathered bottom-up
//!    once per node, so finding every row costs one pass, however deep the page.
//! 3. **Sessions.** A row is a session when it combines two kinds of anchor (one of them a device, an
//!    IP address or a place), or names only a device in a list of at least two such rows (a device
//!    list). The current mark may also come from the heading of the row's section ("Current
//!    device"); rows marked, or filed under a heading, as signed out are history, not sessions.
//!
//! Fields keep the exact visible text. The device is the first text that starts with a device word
//! ("iPhone 15 Pro", not "Olivia's iPhone"), else the first that contains one, else the first short
//! text that is nothing else (a model code such as "SM-S911U").

mod anchors;

use std::collections::HashMap;

use super::phrases::{Meaning, PageText};
use super::rules::DateOrder;
use super::text::{fold, word_count};
use super::time::TimeKey;
use super::tree::{is_list_item, Tree};
use crate::report::Session;
use anchors::{Anchor, Anchors, Field, MAX_ANCHOR_CHARS, MAX_MARK_WORDS};

/// Distinct device names one row may show: the device and its browser or app.
const MAX_ROW_DEVICES: usize = 2;

/// A session and what orders it among the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub session: Session,
    /// Where the row's time falls, when it can be placed.
    pub time_key: Option<TimeKey>,
    /// Shows a device word or an IP address: strong evidence of a session list.
    pub strong: bool,
    /// The row's parent: the list it belongs to.
    pub list: Option<u32>,
}

/// Every session row of the page, in document order.
pub fn find(tree: &Tree, text: &PageText, order: DateOrder) -> Vec<Row> {
    let anchors = Anchors::read(tree, text, order);
    let rows = RowFinder::new(tree, &anchors, text);
    rows.sessions()
}

/// Per-node counts of what a subtree holds, gathered bottom-up.
#[derive(Debug, Clone, Default)]
struct Holds {
    times: Distinct,
    places: Distinct,
    ips: Distinct,
    devices: Distinct,
    /// Devices, places, IP addresses and times: what a row is made of (marks alone are not a row).
    anchors: u32,
    /// Form controls (a list of devices with checkboxes is a setting, not sessions).
    controls: u32,
    /// Holds a list item with anchors of its own, or a heading that is not an anchor: wider than
    /// one row.
    wide: bool,
}

impl Holds {
    fn one_row(&self) -> bool {
        !self.wide
            && self.times.len() <= 1
            && self.places.len() <= 1
            && self.ips.len() <= 1
            && self.devices.len() <= MAX_ROW_DEVICES
    }

    fn merge(&mut self, child: &Holds) {
        for (mine, theirs) in [
            (&mut self.times, &child.times),
            (&mut self.places, &child.places),
            (&mut self.ips, &child.ips),
            (&mut self.devices, &child.devices),
        ] {
            for &id in theirs.ids() {
                mine.insert(id);
            }
        }
        self.anchors += child.anchors;
        self.controls += child.controls;
        self.wide |= child.wide;
    }
}

/// Up to three distinct value ids: enough to tell one from two (or two devices from three).
#[derive(Debug, Clone, Copy, Default)]
struct Distinct {
    ids: [u32; 3],
    len: usize,
}

impl Distinct {
    fn ids(&self) -> &[u32] {
        self.ids.get(..self.len).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.len
    }

    fn insert(&mut self, id: u32) {
        if !self.ids().contains(&id) && self.len < self.ids.len() {
            self.ids[self.len] = id;
            self.len += 1;
        }
    }
}

struct RowFinder<'a> {
    tree: &'a Tree<'a>,
    anchors: &'a Anchors,
    text: &'a PageText,
    /// The row roots: the largest one-row elements that hold anchors.
    roots: Vec<bool>,
    holds: Vec<Holds>,
}

impl<'a> RowFinder<'a> {
    fn new(tree: &'a Tree<'a>, anchors: &'a Anchors, text: &'a PageText) -> Self {
        let holds = gather(tree, anchors);
        let one_row: Vec<bool> = holds.iter().map(Holds::one_row).collect();
        let roots = (0..tree.len())
            .map(|i| {
                let parent_is_wider = tree
                    .parent(i)
                    .is_none_or(|p| !one_row.get(p).copied().unwrap_or(false));
                one_row[i] && holds[i].anchors > 0 && parent_is_wider
            })
            .collect();
        Self {
            tree,
            anchors,
            text,
            roots,
            holds,
        }
    }

    /// The sessions among the rows.
    fn sessions(&self) -> Vec<Row> {
        let rows: Vec<Cells> = self
            .section_headings()
            .into_iter()
            .map(|(root, section)| self.cells(root, section))
            .collect();
        let columns = Columns::vote(&rows);
        let candidates: Vec<(Row, bool)> = rows
            .iter()
            .filter_map(|row| self.read_row(row, &columns))
            .collect();
        // A row naming only a device counts in a list of at least two such rows.
        let mut device_lists: HashMap<Option<u32>, usize> = HashMap::new();
        for (row, device_only) in &candidates {
            if *device_only {
                *device_lists.entry(row.list).or_default() += 1;
            }
        }
        candidates
            .into_iter()
            .filter(|(row, device_only)| {
                !device_only || device_lists.get(&row.list).is_some_and(|&n| n >= 2)
            })
            .map(|(row, _)| row)
            .collect()
    }

    /// Each row root, with the nearest heading before it that is not inside a row.
    fn section_headings(&self) -> Vec<(usize, Option<usize>)> {
        let mut in_row = vec![false; self.tree.len()];
        let mut last_heading = None;
        let mut out = Vec::new();
        for i in 0..self.tree.len() {
            in_row[i] = self.roots[i] || self.tree.parent(i).is_some_and(|p| in_row[p]);
            if self.roots[i] {
                out.push((i, last_heading));
            }
            let place = self.tree.places[i];
            if !in_row[i] && place.heading && !place.chrome && !self.tree.nodes[i].text.is_empty() {
                last_heading = Some(i);
            }
        }
        out
    }

    /// The texts of the row at `root`, each with its column: the tag path from the row down to it
    /// and how many texts before it in the row share that path.
    fn cells(&self, root: usize, section: Option<usize>) -> Cells<'a> {
        let mut cells = Vec::new();
        let mut seen: HashMap<u64, u64> = HashMap::new();
        let mut stack = vec![(root, FNV_OFFSET)];
        while let Some((node, path)) = stack.pop() {
            let Some(element) = self.tree.nodes.get(node) else {
                continue;
            };
            let path = fnv(path, element.tag.as_bytes());
            if !element.text.is_empty() {
                let occurrence = seen.entry(path).or_default();
                cells.push(Cell {
                    node,
                    column: fnv(path, &occurrence.to_le_bytes()),
                    anchors: self.anchors.of(node),
                });
                *occurrence += 1;
            }
            let children = self.tree.children(node).iter().rev();
            stack.extend(children.map(|&c| (c as usize, path)));
        }
        Cells {
            root,
            section,
            list: self.tree.parent(root).map(|p| p as u32),
            cells,
        }
    }

    /// The row as a session candidate, and whether it names only a device.
    fn read_row(&self, row: &Cells, columns: &Columns) -> Option<(Row, bool)> {
        let mut anchors: Vec<Anchor> = row
            .cells
            .iter()
            .flat_map(|cell| cell.anchors.iter().cloned())
            .collect();
        // Fill, from its column, each field the row does not show in a readable form.
        let mut shown = [false; COLUMN_FIELDS.len()];
        for slot in anchors.iter().filter_map(|a| column_slot(a.field)) {
            shown[slot] = true;
        }
        for cell in &row.cells {
            let unread = cell.anchors.iter().all(|a| a.field == Field::Free);
            let Some(field) = columns.field(row.list, cell.column).filter(|_| unread) else {
                continue;
            };
            let text = self.tree.nodes.get(cell.node).map_or("", |n| n.text.trim());
            let slot = column_slot(field);
            if let Some(slot) = slot.filter(|&s| !shown[s]) {
                if text.chars().count() <= MAX_ANCHOR_CHARS {
                    shown[slot] = true;
                    anchors.push(Anchor {
                        field,
                        text: text.to_owned(),
                        time: None,
                    });
                }
            }
        }
        let first = |wanted: fn(Field) -> bool| anchors.iter().find(|a| wanted(a.field));
        let device = first(|f| f == Field::Device { leading: true })
            .or_else(|| first(|f| matches!(f, Field::Device { .. })));
        let place = first(|f| f == Field::Place);
        let ip = first(|f| f == Field::Ip);
        let time = first(|f| f == Field::Time);
        let marked = |field: Field, meaning: Meaning| {
            anchors.iter().any(|a| a.field == field) || self.section_says(row.section, meaning)
        };
        if marked(Field::Ended, Meaning::Ended) {
            return None;
        }
        let live = time.and_then(|t| t.time).is_some_and(|t| t.live);
        let current = live || marked(Field::Current, Meaning::Current);
        let kinds = [
            device.is_some(),
            place.is_some(),
            ip.is_some(),
            time.is_some(),
            current,
        ]
        .iter()
        .filter(|&&shown| shown)
        .count();
        let combined = kinds >= 2 && (device.is_some() || ip.is_some() || place.is_some());
        // A device list names devices ("iPhone 15 Pro"), not summaries ("3 sessions on iPhone").
        let leading = device.is_some_and(|d| d.field == Field::Device { leading: true });
        let device_only = kinds == 1 && leading && self.holds[row.root].controls == 0;
        if !combined && !device_only {
            return None;
        }
        let device_text = device
            .or_else(|| first(|f| f == Field::Free))
            .map(|a| a.text.clone());
        let text_of = |anchor: Option<&Anchor>| anchor.map(|a| a.text.clone()).unwrap_or_default();
        let session = Session {
            device: device_text.unwrap_or_default(),
            location: text_of(place),
            ip: text_of(ip),
            time: text_of(time),
            current,
            node: u32::try_from(row.root).ok()?,
        };
        let row = Row {
            session,
            time_key: time.and_then(|t| t.time).and_then(|t| t.key),
            strong: device.is_some() || ip.is_some(),
            list: row.list,
        };
        Some((row, device_only))
    }

    /// Whether the section heading is a short mark with this meaning ("Current device").
    fn section_says(&self, heading: Option<usize>, meaning: Meaning) -> bool {
        heading.is_some_and(|h| {
            let short = self
                .tree
                .nodes
                .get(h)
                .is_some_and(|n| word_count(&n.text) <= MAX_MARK_WORDS);
            short && self.text.text(h).is_some_and(|s| s.has(|m| m == meaning))
        })
    }
}

/// One row's texts with their columns.
struct Cells<'a> {
    root: usize,
    /// The nearest heading before the row, outside any row.
    section: Option<usize>,
    /// The row's parent: rows of one list share a template.
    list: Option<u32>,
    cells: Vec<Cell<'a>>,
}

struct Cell<'a> {
    node: usize,
    column: u64,
    anchors: &'a [Anchor],
}

/// What each column of each list holds, by vote of the cells read as exactly one thing. A cell that
/// reads as nothing (`Dallas, TX</span><script>…`) takes its column's field, so an odd or hostile
/// value still lands where the page shows it.
struct Columns {
    votes: HashMap<(Option<u32>, u64), [u32; 4]>,
}

/// The fields a column can hold, in vote order.
const COLUMN_FIELDS: [Field; 4] = [
    Field::Device { leading: false },
    Field::Place,
    Field::Ip,
    Field::Time,
];

impl Columns {
    fn vote(rows: &[Cells]) -> Self {
        let mut votes: HashMap<(Option<u32>, u64), [u32; 4]> = HashMap::new();
        for row in rows {
            for cell in &row.cells {
                let [only] = cell.anchors else { continue };
                if let Some(slot) = column_slot(only.field) {
                    votes.entry((row.list, cell.column)).or_default()[slot] += 1;
                }
            }
        }
        Self { votes }
    }

    /// The field most cells of this column hold, when at least two do and they are a majority.
    fn field(&self, list: Option<u32>, column: u64) -> Option<Field> {
        let votes = self.votes.get(&(list, column))?;
        let total: u32 = votes.iter().sum();
        let (slot, &best) = votes.iter().enumerate().max_by_key(|&(_, v)| *v)?;
        (best >= 2 && best * 2 > total)
            .then(|| COLUMN_FIELDS.get(slot).copied())
            .flatten()
    }
}

/// The field's place in `COLUMN_FIELDS`, whether a device leads its text or not.
fn column_slot(field: Field) -> Option<usize> {
    COLUMN_FIELDS
        .iter()
        .position(|f| std::mem::discriminant(f) == std::mem::discriminant(&field))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Folds `bytes` (and a separator) into an FNV-1a hash: a cheap, stable id for a tag path.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes.iter().chain(b"/") {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Gathers every node's `Holds` from the leaves up: children always come after their parent.
fn gather(tree: &Tree, anchors: &Anchors) -> Vec<Holds> {
    let mut values: HashMap<String, u32> = HashMap::new();
    let mut id_of = |text: &str| {
        let next = values.len() as u32;
        *values.entry(fold(text)).or_insert(next)
    };
    let mut holds: Vec<Holds> = (0..tree.len())
        .map(|i| {
            let mut own = Holds {
                controls: u32::from(tree.control(i).is_some()),
                ..Holds::default()
            };
            let node_anchors = anchors.of(i);
            for anchor in node_anchors {
                let values = match anchor.field {
                    Field::Time => &mut own.times,
                    Field::Place => &mut own.places,
                    Field::Ip => &mut own.ips,
                    Field::Device { .. } => &mut own.devices,
                    Field::Current | Field::Ended | Field::Free => continue,
                };
                values.insert(id_of(&anchor.text));
                own.anchors += 1;
            }
            let heading = tree.places.get(i).is_some_and(|p| p.heading);
            let plain_heading = heading
                && !tree.nodes[i].text.is_empty()
                && node_anchors.iter().all(|a| a.field == Field::Free);
            own.wide = plain_heading;
            own
        })
        .collect();
    for i in (1..tree.len()).rev() {
        // Most subtrees hold nothing (no anchor, no control, no heading): nothing to merge.
        let held = &holds[i];
        if held.anchors == 0 && held.controls == 0 && !held.wide {
            continue;
        }
        if let Some(parent) = tree.parent(i) {
            let child = std::mem::take(&mut holds[i]);
            let item_with_anchors = is_list_item(&tree.nodes[i]) && child.anchors > 0;
            holds[parent].merge(&child);
            holds[parent].wide |= item_with_anchors;
            holds[i] = child;
        }
    }
    holds
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::html::snapshot_from_html;

    fn rows(body: &str) -> Vec<Session> {
        let snapshot = snapshot_from_html(body, Some("https://x.example/"));
        let tree = Tree::new(&snapshot);
        let text = PageText::scan(&Classifier::builtin().unwrap().phrases, &snapshot);
        find(&tree, &text, DateOrder::MonthDayYear)
            .into_iter()
            .map(|r| r.session)
            .collect()
    }

    #[test]
    fn rows_without_list_markup_are_found_by_their_anchors() {
        let sessions = rows(
            "<div><div><b>Chrome on Windows</b><i>Portland, OR, USA</i><i>Active now</i></div>\
             <div><b>iPhone 15</b><i>Seattle, WA, USA</i><i>3 days ago</i></div></div>",
        );
        assert_eq!(sessions.len(), 2);
        assert_eq!(
            (sessions[0].device.as_str(), sessions[0].current),
            ("Chrome on Windows", true)
        );
        assert_eq!(sessions[1].time, "3 days ago");
    }

    #[test]
    fn section_headings_mark_current_and_ended_sessions() {
        let sessions = rows(
            "<h3>Current device</h3><ul><li><p>Windows</p><p>Houston, TX, USA</p></li></ul>\
             <h3>Other devices</h3><ul><li><p>Mac</p><p>Austin, TX, USA</p><p>Nov 2</p></li>\
             <li><p>iPad</p><p>Dallas, TX, USA</p><p>Nov 1</p></li></ul>\
             <h3>Where you've signed out</h3><ul><li><p>Pixel 8</p><p>Waco, TX, USA</p></li></ul>",
        );
        let summary: Vec<(&str, bool)> = sessions
            .iter()
            .map(|s| (s.device.as_str(), s.current))
            .collect();
        assert_eq!(
            summary,
            [("Windows", true), ("Mac", false), ("iPad", false)]
        );
    }

    #[test]
    fn a_device_list_needs_two_devices_and_no_checkboxes() {
        assert_eq!(
            rows("<ul><li>iPhone 15 Pro</li><li>iPad Air</li></ul>").len(),
            2
        );
        assert!(rows("<ul><li>iPhone 15 Pro</li></ul>").is_empty());
        let checkboxes = "<ul><li><label><input type=checkbox>Pixel 8</label></li>\
                          <li><label><input type=checkbox>Galaxy Tab</label></li></ul>";
        assert!(rows(checkboxes).is_empty());
    }
}
