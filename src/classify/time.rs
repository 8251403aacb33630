//! Reading the times a session list states ("2 hours ago", "Mar 3 at 9:14 PM", "11/21/26",
//! "hace 2 horas", "Activo ahora"), and placing them in order where the page says enough.
//!
//! A text is a time when every word in it is a time word of some language (`rules/sessions.toml`)
//! and at least one of them, or a clock time or an all-number date, pins a moment. The core has no
//! clock, so times are ordered only against each other: relative times ("2 hours ago", "Yesterday",
//! a bare clock time meaning today) are taken as newer than dated ones, as platforms switch from one
//! to the other as entries age.

use std::cmp::Reverse;

use super::phrases::{Hit, Meaning, TimeWord};
use super::rules::{DateOrder, TimeUnit};
use super::text::{tokens, Token};

const MINUTES_PER_DAY: u64 = 1_440;
/// A weekday name stands for a day earlier this week; its exact age is unknown.
const WEEKDAY_AGE: u64 = 3 * MINUTES_PER_DAY;

/// A time as the page states it, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Also says the session is in use now ("Active now").
    pub live: bool,
    /// Where it falls among other times, when it can be placed.
    pub key: Option<TimeKey>,
}

/// An orderable moment: greater is newer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeKey {
    /// A calendar date; `year` 0 when the page leaves it out.
    Dated {
        year: u16,
        month: u8,
        day: u8,
        minute: u16,
    },
    /// A time stated relative to now, by its age in minutes (smaller age is newer).
    Relative(Reverse<u64>),
}

impl TimeKey {
    /// The same key without its year, to compare with dates that do not state one.
    pub fn without_year(self) -> Self {
        match self {
            Self::Dated {
                month, day, minute, ..
            } => Self::Dated {
                year: 0,
                month,
                day,
                minute,
            },
            relative => relative,
        }
    }

    pub fn has_year(self) -> bool {
        matches!(self, Self::Dated { year, .. } if year != 0)
    }
}

/// What the words and numbers of a time phrase say.
#[derive(Debug, Default)]
struct Parts {
    live: bool,
    now: bool,
    ago: bool,
    yesterday: bool,
    today: bool,
    weekday: bool,
    one: bool,
    pm: bool,
    am: bool,
    unit: Option<TimeUnit>,
    month: Option<u8>,
    count: Option<u64>,
    year: Option<u16>,
    minute: Option<u16>,
    /// From an all-number date: (year or 0, month, day).
    date: Option<(u16, u8, u8)>,
}

/// Reads `folded` (a short folded text) as a time, with `hits` the phrase hits within it. `None` when
/// it is not a time.
pub fn read(folded: &str, hits: &[Hit], order: DateOrder) -> Option<Time> {
    let mut parts = Parts::default();
    for token in tokens(folded) {
        let text = folded.get(token.start..token.end)?;
        if token.numeric {
            parts.number(text, order);
        } else if !parts.words(&token, hits) {
            return None;
        }
    }
    parts.pins_a_moment().then(|| Time {
        live: parts.live,
        key: parts.key(),
    })
}

impl Parts {
    /// Takes the time meanings of the hits covering `token`; false when none covers it.
    fn words(&mut self, token: &Token, hits: &[Hit]) -> bool {
        let mut covered = false;
        for hit in hits
            .iter()
            .filter(|h| h.start <= token.start && token.end <= h.end)
        {
            match hit.meaning {
                Meaning::Live => self.live = true,
                Meaning::Time(word) => self.word(word),
                _ => continue,
            }
            covered = true;
        }
        covered
    }

    fn word(&mut self, word: TimeWord) {
        match word {
            TimeWord::Month(m) => self.month = self.month.or(Some(m)),
            TimeWord::Weekday => self.weekday = true,
            TimeWord::Unit(u) => self.unit = self.unit.or(Some(u)),
            TimeWord::Ago => self.ago = true,
            TimeWord::Yesterday => self.yesterday = true,
            TimeWord::Today => self.today = true,
            TimeWord::Now => self.now = true,
            TimeWord::One => self.one = true,
            TimeWord::Am => self.am = true,
            TimeWord::Pm => self.pm = true,
            TimeWord::Filler => {}
        }
    }

    fn number(&mut self, text: &str, order: DateOrder) {
        let fields: Vec<u32> = text
            .split([':', '/', '-', '.'])
            .map(|f| f.parse().unwrap_or(u32::MAX))
            .collect();
        if text.contains(':') {
            if let [hour, minute, ..] = fields[..] {
                if hour < 24 && minute < 60 {
                    self.minute = Some((hour * 60 + minute) as u16);
                }
            }
        } else if text.contains('/') || text.contains('-') {
            self.date = self.date.or_else(|| numeric_date(&fields, order));
        } else if let [n] = fields[..] {
            match n {
                1970..=2100 => self.year = Some(n as u16),
                0..=1_000 => self.count = self.count.or(Some(u64::from(n))),
                _ => {}
            }
        }
    }

    fn relative(&self) -> bool {
        self.ago && self.unit.is_some()
    }

    fn dated(&self) -> bool {
        self.date.is_some() || (self.month.is_some() && self.count.is_some_and(|d| d <= 31))
    }

    fn pins_a_moment(&self) -> bool {
        self.live
            || self.now
            || self.relative()
            || self.yesterday
            || self.today
            || self.weekday
            || self.month.is_some()
            || self.minute.is_some()
            || self.date.is_some()
    }

    /// The minute of the day, with AM/PM applied.
    fn clock(&self) -> Option<u64> {
        let minute = u64::from(self.minute?);
        let hour = minute / 60;
        Some(match (self.am, self.pm) {
            (_, true) if hour < 12 => minute + 12 * 60,
            (true, _) if hour == 12 => minute - 12 * 60,
            _ => minute,
        })
    }

    fn key(&self) -> Option<TimeKey> {
        let age = |minutes: u64| Some(TimeKey::Relative(Reverse(minutes)));
        if self.live || self.now {
            return age(0);
        }
        if self.relative() {
            let count = self.count.unwrap_or(1);
            let unit = self.unit?;
            return age(count.saturating_mul(unit_minutes(unit)));
        }
        let since_midnight = |default: u64| MINUTES_PER_DAY - self.clock().unwrap_or(default);
        if self.yesterday {
            return age(MINUTES_PER_DAY + since_midnight(MINUTES_PER_DAY / 2));
        }
        if self.dated() {
            let (year, month, day) = match self.date {
                Some(date) => date,
                None => (
                    self.year.unwrap_or(0),
                    self.month?,
                    u8::try_from(self.count?).ok()?,
                ),
            };
            return Some(TimeKey::Dated {
                year,
                month,
                day,
                minute: self.clock().unwrap_or(0) as u16,
            });
        }
        if self.weekday {
            return age(WEEKDAY_AGE + since_midnight(MINUTES_PER_DAY / 2));
        }
        if self.today || self.minute.is_some() {
            return age(since_midnight(MINUTES_PER_DAY / 2));
        }
        None
    }
}

/// An all-number date: `y-m-d`, or `a/b[/y]` read in the page language's order unless a field over
/// 12 settles it.
fn numeric_date(fields: &[u32], order: DateOrder) -> Option<(u16, u8, u8)> {
    let year = |y: u32| match y {
        0..=99 => Some(2000 + y as u16),
        1970..=2100 => Some(y as u16),
        _ => None,
    };
    let (year, month, day) = match *fields {
        [y, m, d] if y > 31 => (year(y)?, m, d),
        [a, b, ref rest @ ..] if rest.len() <= 1 => {
            let y = match rest.first() {
                Some(&y) => year(y)?,
                None => 0,
            };
            let month_first = match order {
                DateOrder::MonthDayYear => a <= 12,
                DateOrder::DayMonthYear => b > 12,
            };
            if month_first {
                (y, a, b)
            } else {
                (y, b, a)
            }
        }
        _ => return None,
    };
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then_some((year, month as u8, day as u8))
}

/// A unit's length in minutes (months and years approximately: enough to order times).
fn unit_minutes(unit: TimeUnit) -> u64 {
    match unit {
        TimeUnit::Second => 0,
        TimeUnit::Minute => 1,
        TimeUnit::Hour => 60,
        TimeUnit::Day => MINUTES_PER_DAY,
        TimeUnit::Week => 7 * MINUTES_PER_DAY,
        TimeUnit::Month => 30 * MINUTES_PER_DAY,
        TimeUnit::Year => 365 * MINUTES_PER_DAY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{fold, Classifier};

    fn time(text: &str, order: DateOrder) -> Option<Time> {
        let folded = fold(text);
        let hits = Classifier::builtin().unwrap().phrases.find(&folded);
        read(&folded, &hits, order)
    }

    fn key(text: &str) -> TimeKey {
        time(text, DateOrder::MonthDayYear)
            .and_then(|t| t.key)
            .unwrap_or_else(|| panic!("{text:?} should be a placed time"))
    }

    fn dated(year: u16, month: u8, day: u8, minute: u16) -> TimeKey {
        TimeKey::Dated {
            year,
            month,
            day,
            minute,
        }
    }

    #[test]
    fn reads_the_times_session_lists_state() {
        assert_eq!(key("Mar 3 at 9:14 PM"), dated(0, 3, 3, 21 * 60 + 14));
        assert_eq!(key("3 de marzo a las 21:14"), dated(0, 3, 3, 21 * 60 + 14));
        assert_eq!(key("Last accessed on Nov 28, 2026"), dated(2026, 11, 28, 0));
        assert_eq!(key("11/29/2026 8:02 AM"), dated(2026, 11, 29, 8 * 60 + 2));
        assert_eq!(key("2026-11-14"), dated(2026, 11, 14, 0));
        assert_eq!(key("20 nov."), dated(0, 11, 20, 0));
        assert_eq!(key("12 days ago"), TimeKey::Relative(Reverse(12 * 1_440)));
        assert_eq!(key("a month ago"), TimeKey::Relative(Reverse(30 * 1_440)));
        assert_eq!(key("hace 2 horas"), TimeKey::Relative(Reverse(120)));
        assert_eq!(key("Just now"), TimeKey::Relative(Reverse(0)));
        assert!(time("Activo ahora", DateOrder::DayMonthYear).is_some_and(|t| t.live));
        assert!(time("en línea", DateOrder::DayMonthYear).is_some_and(|t| t.live));
        assert!(time("Tue", DateOrder::MonthDayYear).is_some());
    }

    #[test]
    fn all_number_dates_follow_the_page_language_unless_a_field_settles_it() {
        let read = |t, o| time(t, o).and_then(|t| t.key);
        assert_eq!(
            read("11/09/26", DateOrder::MonthDayYear),
            Some(dated(2026, 11, 9, 0))
        );
        assert_eq!(
            read("11/09/26", DateOrder::DayMonthYear),
            Some(dated(2026, 9, 11, 0))
        );
        assert_eq!(
            read("21/11/26", DateOrder::MonthDayYear),
            Some(dated(2026, 11, 21, 0))
        );
        assert_eq!(read("13/13/26", DateOrder::MonthDayYear), None);
    }

    #[test]
    fn other_short_texts_are_not_times() {
        for text in [
            "Chrome on Windows",
            "Houston, TX, USA",
            "6 months",
            "2026",
            "3 users",
            "Last active",
            "© 2026 X Corp.",
            "moto g84 5G",
            "Chrome 142",
        ] {
            assert_eq!(time(text, DateOrder::MonthDayYear), None, "{text}");
        }
    }

    #[test]
    fn relative_times_are_newer_than_dates_and_smaller_ages_newer() {
        assert!(key("2 hours ago") > key("Nov 28, 2026, 9:14 PM"));
        assert!(key("Active now") > key("2 hours ago"));
        assert!(key("Yesterday at 22:41") < key("2 hours ago"));
        assert!(key("Mar 3").without_year() < key("Nov 2"));
    }
}
