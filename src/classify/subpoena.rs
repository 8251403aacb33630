//! The subpoena view of a session list: what a subpoena for basic subscriber records would return
//! from what the page shows — how many distinct IP addresses, places and devices, over what span.
//!
//! The span runs from the oldest time the list states to the newest, ordered by real moments:
//! relative times ("3 hours ago", "Active now", "14:26") are placed against the scan time, and a
//! date without its year ("Mar 3") gets the latest year that keeps it no later than the time listed
//! before it — the list's order says when it crosses into an earlier year. Without a scan time the
//! times are ordered the same way against the end of the latest year the page states (relative
//! times then come after every date), but only dates with their year are given as moments.

use super::sessions::Row;
use super::time::{self, Placed, ScanTime, TimeKey};
use crate::kb::Vocabulary;
use crate::report::SubpoenaView;

/// Stands for the year when neither a scan time nor the page gives one: it orders, never shows.
const STAND_IN_YEAR: i32 = 2000;

/// How the texts of the report are worded: the vocabulary's templates in one language.
#[derive(Clone, Copy)]
pub struct Wording<'a> {
    pub vocabulary: &'a Vocabulary,
    pub lang: &'a str,
}

pub fn view(rows: &[Row], scan: Option<ScanTime>, wording: Wording) -> SubpoenaView {
    let distinct = |field: fn(&Row) -> &str| {
        let mut values: Vec<&str> = rows.iter().map(field).filter(|v| !v.is_empty()).collect();
        values.sort_unstable();
        values.dedup();
        values.len()
    };
    let span = Span::of(rows, scan);
    let end = |end: Option<End>| match end {
        Some(end) => (Some(end.text(wording)), end.rfc3339(scan)),
        None => (None, None),
    };
    let (first, first_at) = end(span.oldest);
    let (last, last_at) = end(span.newest);
    let spoken = |end: End, standalone: bool| {
        let pinned = end.placed.filter(|_| end.rfc3339(scan).is_some());
        let (vocabulary, lang) = (wording.vocabulary, wording.lang);
        time::spoken_moment(
            vocabulary,
            lang,
            &end.text(wording),
            end.row.time_key,
            pinned,
            standalone,
        )
    };
    let spoken_span = match (span.oldest, span.newest) {
        (Some(oldest), Some(newest)) => Some(
            wording
                .vocabulary
                .template("span", wording.lang)
                .replace("{first}", &spoken(oldest, false))
                .replace("{last}", &spoken(newest, false)),
        ),
        (Some(only), None) => Some(spoken(only, true)),
        _ => None,
    };
    SubpoenaView {
        sessions: rows.len(),
        ips: distinct(|r| &r.session.ip),
        places: distinct(|r| &r.session.location),
        devices: distinct(|r| &r.session.device),
        first,
        last,
        span: spoken_span,
        first_at,
        last_at,
        as_of: scan.map(ScanTime::rfc3339),
    }
}

/// One end of the span: a stated time and where it was placed.
#[derive(Debug, Clone, Copy)]
struct End<'a> {
    row: &'a Row,
    placed: Option<Placed>,
}

impl End<'_> {
    /// The time as the page states it; a clock time alone is given its day: "today at 14:26".
    fn text(self, wording: Wording) -> String {
        let stated = self.row.session.time.trim();
        if !matches!(self.row.time_key, Some(TimeKey::Clock { .. })) {
            return stated.to_owned();
        }
        // Spanish says "a la 1:05" but "a las 13:05".
        let template = match stated.split(':').next().map(str::trim) {
            Some("1" | "01") => "today_at_one",
            _ => "today_at",
        };
        wording
            .vocabulary
            .template(template, wording.lang)
            .replace("{time}", stated)
    }

    /// The moment in RFC 3339, when the page pins it: a relative time or a date without its year
    /// only against a scan time.
    fn rfc3339(self, scan: Option<ScanTime>) -> Option<String> {
        let key = self.row.time_key?;
        if scan.is_none() && key.relative_to_now() {
            return None;
        }
        time::rfc3339(self.placed?, scan)
    }
}

/// The oldest and newest stated time; `newest` is `None` when the list states one moment only.
struct Span<'a> {
    oldest: Option<End<'a>>,
    newest: Option<End<'a>>,
}

impl<'a> Span<'a> {
    fn of(rows: &'a [Row], scan: Option<ScanTime>) -> Self {
        let stated: Vec<&Row> = rows
            .iter()
            .filter(|r| !r.session.time.trim().is_empty())
            .collect();
        let now = Placed {
            minute: scan.map_or_else(|| stand_in_now(&stated), ScanTime::local_minute),
            precision: time::Precision::Minute,
        };
        // The times placed without help show the list's order, which gives the years of the
        // dates without one, unless the list then reads out of order: then only now bounds them.
        let fixed: Vec<Option<Placed>> = stated
            .iter()
            .map(|r| r.time_key.and_then(|k| k.place(now.minute, None)))
            .collect();
        let order = Order::of(&fixed);
        let mut list = Placing::new(&stated, fixed.clone(), now, order);
        if !list.sorted && order != Order::Unsorted {
            list = Placing::new(&stated, fixed, now, Order::Unsorted);
        }
        let Some((newest, oldest)) = list.ends() else {
            return Self {
                oldest: None,
                newest: None,
            };
        };
        let end = |i: usize| End {
            row: stated[i],
            placed: list.placed[i],
        };
        let one_moment = oldest == newest
            || stated[oldest].session.time.trim() == stated[newest].session.time.trim()
            || matches!((list.placed[oldest], list.placed[newest]), (Some(a), Some(b)) if a.same_as(b));
        Self {
            oldest: Some(end(oldest)),
            newest: (!one_moment).then(|| end(newest)),
        }
    }
}

/// A list's stated times, placed.
struct Placing {
    /// By index in the list.
    placed: Vec<Option<Placed>>,
    /// The indices from the newest to the oldest as the list runs.
    newest_first: Vec<usize>,
    /// The placed times run in that order.
    sorted: bool,
}

impl Placing {
    /// Places the dates without a year: in a list in `order`, each in the latest year that keeps it
    /// no later than the times listed before it; in an unsorted list, no later than `now`.
    fn new(stated: &[&Row], mut placed: Vec<Option<Placed>>, now: Placed, order: Order) -> Self {
        let newest_first: Vec<usize> = match order {
            Order::OldestFirst => (0..stated.len()).rev().collect(),
            Order::NewestFirst | Order::Unsorted => (0..stated.len()).collect(),
        };
        let mut bound = now;
        for &i in &newest_first {
            if let Some(key) = stated[i].time_key.filter(|k| k.needs_year()) {
                let limit = if order == Order::Unsorted { now } else { bound };
                placed[i] = key.place_no_later_than(limit);
            }
            // A time out of order does not move the bound forward.
            if let Some(p) = placed[i].filter(|p| p.not_after(bound)) {
                bound = p;
            }
        }
        let sequence: Vec<Placed> = newest_first.iter().filter_map(|&i| placed[i]).collect();
        let sorted = sequence.windows(2).all(|w| w[1].not_after(w[0]));
        Self {
            placed,
            newest_first,
            sorted,
        }
    }

    /// The indices of the newest and the oldest time. A sorted list's ends are its newest and
    /// oldest, placed or not; otherwise the placed times alone count, and of equal ones the one
    /// listed first is taken as the newer.
    fn ends(&self) -> Option<(usize, usize)> {
        if self.sorted {
            return self
                .newest_first
                .first()
                .copied()
                .zip(self.newest_first.last().copied());
        }
        let moment = |&(position, i): &(usize, usize)| {
            (
                self.placed[i].map(|p| p.minute),
                std::cmp::Reverse(position),
            )
        };
        let candidates = || {
            self.newest_first
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, i)| self.placed[i].is_some())
        };
        let newest = candidates().max_by_key(moment).map(|(_, i)| i);
        let oldest = candidates().min_by_key(moment).map(|(_, i)| i);
        newest.zip(oldest)
    }
}

/// The order of a list's times, from those placed without help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Each no later than the one before: how session lists are sorted, and what is assumed when
    /// fewer than two times tell.
    NewestFirst,
    OldestFirst,
    Unsorted,
}

impl Order {
    fn of(placed: &[Option<Placed>]) -> Self {
        let known: Vec<Placed> = placed.iter().flatten().copied().collect();
        let newest_first = known.windows(2).all(|w| w[1].not_after(w[0]));
        let oldest_first = known.windows(2).all(|w| w[0].not_after(w[1]));
        match (newest_first, oldest_first) {
            (true, _) => Self::NewestFirst,
            (false, true) => Self::OldestFirst,
            (false, false) => Self::Unsorted,
        }
    }
}

/// Without a scan time: the end of the latest year the page states, so that relative times come
/// after every date.
fn stand_in_now(stated: &[&Row]) -> i64 {
    let latest_year = stated
        .iter()
        .filter_map(|r| match r.time_key {
            Some(TimeKey::Date {
                year: Some(year), ..
            }) => Some(i32::from(year)),
            _ => None,
        })
        .max();
    time::end_of_year(latest_year.unwrap_or(STAND_IN_YEAR))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::rules::DateOrder;
    use crate::classify::{fold, Classifier};
    use crate::kb::knowledge_base;
    use crate::report::Session;

    /// 2026-11-30T22:00:00Z, a Monday.
    const NOW_MS: i64 = 1_796_076_000_000;

    fn row(device: &str, ip: &str, time: &str) -> Row {
        let folded = fold(time);
        let hits = Classifier::builtin().unwrap().phrases.find(&folded);
        Row {
            session: Session {
                device: device.into(),
                location: "Houston, TX".into(),
                ip: ip.into(),
                time: time.into(),
                current: false,
                node: 0,
            },
            time_key: time::read(&folded, &hits, DateOrder::MonthDayYear).and_then(|t| t.key),
            strong: true,
            list: None,
        }
    }

    fn rows(times: &[&str]) -> Vec<Row> {
        times.iter().map(|t| row("iPhone", "", t)).collect()
    }

    fn view_in(rows: &[Row], lang: &str, scan: Option<ScanTime>) -> SubpoenaView {
        let wording = Wording {
            vocabulary: &knowledge_base().unwrap().vocabulary,
            lang,
        };
        view(rows, scan, wording)
    }

    fn utc() -> Option<ScanTime> {
        Some(ScanTime::new(NOW_MS, 0).unwrap())
    }

    /// (first, last) of the list read at `NOW_MS` on a UTC clock.
    fn span(times: &[&str]) -> (Option<String>, Option<String>) {
        let view = view_in(&rows(times), "en", utc());
        (view.first, view.last)
    }

    fn both(first: &str, last: &str) -> (Option<String>, Option<String>) {
        (Some(first.into()), Some(last.into()))
    }

    #[test]
    fn counts_distinct_values() {
        let rows = [
            row("Windows", "198.51.100.1", "Active now"),
            row("iPhone", "198.51.100.1", "Mar 3"),
            row("Windows", "", "Nov 20"),
        ];
        let view = view_in(&rows, "en", utc());
        assert_eq!(
            (view.sessions, view.ips, view.places, view.devices),
            (3, 1, 1, 2)
        );
    }

    #[test]
    fn a_yearless_date_listed_after_an_earlier_day_of_the_year_is_from_the_year_before() {
        // Listed newest first, "Nov 20" after "Mar 3" is last year's November, not this year's.
        assert_eq!(
            span(&["Active now", "Mar 3", "Nov 20"]),
            both("Nov 20", "Active now")
        );
        let view = view_in(&rows(&["Active now", "Mar 3", "Nov 20"]), "en", utc());
        assert_eq!(view.first_at.as_deref(), Some("2025-11-20"));
        // A date later in the year than now is last year's, listed first or not.
        assert_eq!(span(&["Dec 24", "Nov 20"]), both("Nov 20", "Dec 24"));
        // Listed oldest first, as the times that tell their place show.
        assert_eq!(
            span(&["Nov 20", "Mar 3", "2 hours ago", "Active now"]),
            both("Nov 20", "Active now")
        );
    }

    #[test]
    fn in_an_unsorted_list_only_now_bounds_a_date() {
        let unsorted = ["2 hours ago", "Nov 21", "10 minutes ago", "Nov 26", "Mar 3"];
        assert_eq!(span(&unsorted), both("Mar 3", "10 minutes ago"));
        // Two relative times alone look sorted oldest first; the dates then contradict that.
        let unsorted = ["Nov 21", "2 hours ago", "Nov 26", "10 minutes ago", "Mar 3"];
        assert_eq!(span(&unsorted), both("Mar 3", "10 minutes ago"));
    }

    #[test]
    fn a_time_that_cannot_be_placed_takes_its_place_in_a_sorted_list() {
        // The hostile fixture's last time has markup in it: in a list sorted newest first, it is the oldest.
        let hostile = ["Active now", "Mar 3", "Nov 2 <img src=x>"];
        assert_eq!(span(&hostile), both("Nov 2 <img src=x>", "Active now"));
        let view = view_in(&rows(&hostile), "en", utc());
        assert_eq!(view.first_at, None);
        // With no time placed, the list is taken as newest first, as session lists are.
        assert_eq!(
            span(&["sometime", "", "long ago"]),
            both("long ago", "sometime")
        );
        // In an unsorted list it is left out.
        assert_eq!(
            span(&["2 hours ago", "sometime", "Nov 26", "10 minutes ago"]),
            both("Nov 26", "10 minutes ago")
        );
        assert_eq!(view_in(&[], "en", utc()).first, None);
    }

    #[test]
    fn one_moment_is_stated_once() {
        assert_eq!(
            span(&["3 hours ago", "3 hours ago"]),
            (Some("3 hours ago".into()), None)
        );
        assert_eq!(
            span(&["Active now", "Just now"]),
            (Some("Just now".into()), None)
        );
        assert_eq!(span(&["Nov 2"]), (Some("Nov 2".into()), None));
        let view = view_in(&rows(&["Nov 2"]), "en", utc());
        assert_eq!(
            (view.first_at.as_deref(), view.last_at),
            (Some("2026-11-02"), None)
        );
    }

    #[test]
    fn a_clock_time_alone_is_said_to_be_today() {
        let times = rows(&["13:05", "1:05 PM", "Nov 2"]);
        let newest = |times: &[Row], lang| view_in(times, lang, utc()).last;
        assert_eq!(newest(&times[..1], "es"), None);
        assert_eq!(
            newest(&[times[0].clone(), times[2].clone()], "es").as_deref(),
            Some("hoy a las 13:05")
        );
        assert_eq!(
            newest(&[times[1].clone(), times[2].clone()], "es").as_deref(),
            Some("hoy a la 1:05 PM")
        );
        assert_eq!(
            newest(&[times[0].clone(), times[2].clone()], "en").as_deref(),
            Some("today at 13:05")
        );
    }

    #[test]
    fn without_a_scan_time_relative_times_are_ordered_but_not_given_as_moments() {
        let view = view_in(
            &rows(&["2 hours ago", "Nov 28, 2026, 9:14 PM", "Nov 20"]),
            "en",
            None,
        );
        assert_eq!(
            (view.first.as_deref(), view.last.as_deref()),
            (Some("Nov 20"), Some("2 hours ago"))
        );
        assert_eq!(
            (view.first_at, view.last_at, view.as_of),
            (None, None, None)
        );
        let dated = view_in(&rows(&["Nov 28, 2026, 9:14 PM", "Nov 2, 2026"]), "en", None);
        assert_eq!(
            (dated.first_at.as_deref(), dated.last_at.as_deref()),
            (Some("2026-11-02"), Some("2026-11-28T21:14:00-00:00"))
        );
    }
}
