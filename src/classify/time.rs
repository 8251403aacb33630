//! Reading the times a session list states ("2 hours ago", "Mar 3 at 9:14 PM", "11/21/26",
//! "hace 2 horas", "Activo ahora", "14:26"), and placing them on the reader's calendar.
//!
//! A text is a time when every word in it is a time word of some language (`rules/sessions.toml`)
//! and at least one of them, or a clock time or an all-number date, pins a moment. [`read`] says
//! what the text pins ([`TimeKey`]); [`TimeKey::place`] puts it on the reader's local clock against
//! the time of the scan ([`ScanTime`]). A date without its year needs a year from outside the text:
//! `subpoena.rs` takes it from the scan time and the list's order.
//!
//! The local clock counts minutes since 1970-01-01 00:00 in the reader's time zone: pages state
//! their times in it ("today at 14:26"), so a day or a clock time is only meaningful there. The
//! [`ScanTime`] says where that clock stands against UTC.

use super::phrases::{Hit, Meaning, TimeWord};
use super::rules::{DateOrder, TimeUnit};
use super::text::{tokens, Token};
use crate::kb::Vocabulary;

const MINUTES_PER_DAY: i64 = 1_440;
const MS_PER_MINUTE: i64 = 60_000;
/// A weekday name stands for a day of the past week; which one is not read, so it is placed at
/// this many days back, for ordering only.
const WEEKDAY_DAYS_AGO: i64 = 3;
/// How far back a date without its year is looked for a year it fits (a 29 February needs a leap
/// year, at most eight years back).
const YEARS_BACK: i32 = 8;

/// A time as the page states it, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Also says the session is in use now ("Active now").
    pub live: bool,
    /// What it pins, when it pins a moment that can be placed.
    pub key: Option<TimeKey>,
}

/// What a time phrase pins, before it is placed on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKey {
    /// An age: "3 hours ago", "a month ago"; now ("Active now", "Just now") is an age of 0.
    Ago { count: u32, unit: TimeUnit },
    /// A day counted back from today (0 "today", 1 "yesterday"), at its clock time when stated.
    DaysAgo { days: u8, minute: Option<u16> },
    /// A clock time alone, which session lists show for a time today: "14:26".
    Clock { minute: u16 },
    /// A weekday ("Tue"): a day of the past week.
    Weekday { minute: Option<u16> },
    /// A calendar date, with its year when the page states it, and its clock time when stated.
    Date {
        year: Option<u16>,
        month: u8,
        day: u8,
        minute: Option<u16>,
    },
}

/// A moment on the reader's local clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Minutes since 1970-01-01 00:00 local time; the day's start when only the day is known.
    pub minute: i64,
    pub precision: Precision,
}

/// How much of a placed moment the page states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// A day of the past week, which one unknown (a weekday name): good for ordering only.
    Week,
    /// The day, not the time of day.
    Day,
    Minute,
}

impl Placed {
    fn day(self) -> i64 {
        self.minute.div_euclid(MINUTES_PER_DAY)
    }

    /// Whether `self` is no later than `other` at the precision both state: to the minute when
    /// both give a time of day, else to the day.
    pub fn not_after(self, other: Placed) -> bool {
        if self.precision == Precision::Minute && other.precision == Precision::Minute {
            self.minute <= other.minute
        } else {
            self.day() <= other.day()
        }
    }

    /// The same moment to the precision both state.
    pub fn same_as(self, other: Placed) -> bool {
        self.precision == other.precision && self.not_after(other) && other.not_after(self)
    }
}

impl TimeKey {
    /// A date that does not state its year: placing it needs one.
    pub fn needs_year(self) -> bool {
        matches!(self, Self::Date { year: None, .. })
    }

    /// Whether where it falls depends on when the page was read: everything but a dated year.
    pub fn relative_to_now(self) -> bool {
        !matches!(self, Self::Date { year: Some(_), .. })
    }

    /// Where it falls on the local clock when `now` is the local minute of the scan; `year` is used
    /// for a date that does not state one. `None` for a date that does not exist (30 February) or a
    /// yearless date without `year`.
    pub fn place(self, now: i64, year: Option<i32>) -> Option<Placed> {
        let today = now.div_euclid(MINUTES_PER_DAY);
        let at_day = |day: i64, minute: Option<u16>| match minute {
            Some(m) => Placed {
                minute: day * MINUTES_PER_DAY + i64::from(m),
                precision: Precision::Minute,
            },
            None => Placed {
                minute: day * MINUTES_PER_DAY,
                precision: Precision::Day,
            },
        };
        Some(match self {
            Self::Ago { count, unit } => {
                let count = i64::from(count);
                let minutes_ago = match unit {
                    TimeUnit::Second => 0,
                    TimeUnit::Minute => count,
                    TimeUnit::Hour => count * 60,
                    TimeUnit::Day => return Some(at_day(today - count, None)),
                    TimeUnit::Week => return Some(at_day(today - 7 * count, None)),
                    TimeUnit::Month => return Some(at_day(months_back(today, count), None)),
                    TimeUnit::Year => return Some(at_day(months_back(today, 12 * count), None)),
                };
                Placed {
                    minute: now - minutes_ago,
                    precision: Precision::Minute,
                }
            }
            Self::DaysAgo { days, minute } => at_day(today - i64::from(days), minute),
            Self::Clock { minute } => at_day(today, Some(minute)),
            Self::Weekday { minute } => Placed {
                precision: Precision::Week,
                ..at_day(today - WEEKDAY_DAYS_AGO, minute)
            },
            Self::Date {
                year: stated,
                month,
                day,
                minute,
            } => {
                let year = stated.map(i32::from).or(year)?;
                (day <= days_in_month(year, month)).then_some(())?;
                at_day(days_from_civil(year, month, day), minute)
            }
        })
    }

    /// For a date that does not state its year: the latest year in which it is no later than
    /// `bound`, placed in that year.
    pub fn place_no_later_than(self, bound: Placed) -> Option<Placed> {
        let (bound_year, _, _) = civil_from_days(bound.day());
        (0..=YEARS_BACK)
            .filter_map(|back| self.place(bound.minute, Some(bound_year - back)))
            .find(|placed| placed.not_after(bound))
    }
}

/// The time of a scan, and the UTC offset of the reader's clock, in which pages state their times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanTime {
    utc_ms: i64,
    /// Minutes east of UTC.
    offset: i32,
}

impl ScanTime {
    /// 9999-12-31T23:59:59.999Z: RFC 3339 years have four digits.
    const LATEST_MS: i64 = 253_402_300_799_999;
    /// UTC offsets go from -12:00 to +14:00; RFC 3339 allows up to 23:59 either way.
    const MAX_OFFSET: i32 = 24 * 60 - 1;

    /// `utc_ms`: milliseconds since 1970-01-01T00:00:00Z; `offset`: minutes east of UTC.
    pub fn new(utc_ms: i64, offset: i32) -> Result<Self, String> {
        if !(0..=Self::LATEST_MS).contains(&utc_ms) {
            return Err(format!(
                "the scan time {utc_ms} is not between 1970 and 9999 (milliseconds since 1970-01-01, UTC)"
            ));
        }
        if offset.abs() > Self::MAX_OFFSET {
            return Err(format!(
                "the UTC offset {offset} is not a number of minutes between -1439 and 1439"
            ));
        }
        Ok(Self { utc_ms, offset })
    }

    pub fn utc_ms(self) -> i64 {
        self.utc_ms
    }

    pub fn offset_minutes(self) -> i32 {
        self.offset
    }

    /// The minute of the scan on the reader's local clock.
    pub fn local_minute(self) -> i64 {
        self.utc_ms.div_euclid(MS_PER_MINUTE) + i64::from(self.offset)
    }

    /// Reads an RFC 3339 date-time: `2026-12-03T09:45:00-06:00`, `2026-12-03T15:45:00.250Z`.
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let invalid =
            || format!("{text:?} is not an RFC 3339 date-time such as 2026-12-03T09:45:00-06:00");
        let mut reader = Digits(text.trim().as_bytes());
        let year = reader.number(4).ok_or_else(invalid)?;
        let month = reader
            .after(b"-")
            .and_then(|r| r.number(2))
            .ok_or_else(invalid)?;
        let day = reader
            .after(b"-")
            .and_then(|r| r.number(2))
            .ok_or_else(invalid)?;
        let hour = reader
            .after(b"Tt ")
            .and_then(|r| r.number(2))
            .ok_or_else(invalid)?;
        let minute = reader
            .after(b":")
            .and_then(|r| r.number(2))
            .ok_or_else(invalid)?;
        let second = reader
            .after(b":")
            .and_then(|r| r.number(2))
            .ok_or_else(invalid)?;
        let ms = match reader.after(b".") {
            Some(fraction) => fraction.fraction().ok_or_else(invalid)?,
            None => 0,
        };
        let offset = match reader.0 {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] => {
                let sign = if *sign == b'-' { -1 } else { 1 };
                let mut rest = Digits(rest);
                let hours = rest.number(2);
                let minutes = rest.after(b":").and_then(|r| r.number(2));
                match (hours, minutes) {
                    (Some(h), Some(m)) if rest.0.is_empty() && h <= 23 && m <= 59 => {
                        sign * (h * 60 + m)
                    }
                    _ => return Err(invalid()),
                }
            }
            _ => return Err(invalid()),
        };
        let (month, day) = (u8::try_from(month).ok(), u8::try_from(day).ok());
        let (Some(month), Some(day)) = (month, day) else {
            return Err(invalid());
        };
        // RFC 3339 allows a leap second, :60; it is read as the second before.
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour <= 23
            && minute <= 59
            && second <= 60;
        if !valid {
            return Err(invalid());
        }
        let local_ms = (days_from_civil(year, month, day) * MINUTES_PER_DAY
            + i64::from(hour * 60 + minute))
            * MS_PER_MINUTE
            + i64::from(second.min(59)) * 1_000
            + i64::from(ms);
        Self::new(local_ms - i64::from(offset) * MS_PER_MINUTE, offset)
    }

    /// The scan time in RFC 3339, at the reader's offset, to the millisecond when it has any.
    pub fn rfc3339(self) -> String {
        let local_ms = self.utc_ms + i64::from(self.offset) * MS_PER_MINUTE;
        let minute = local_ms.div_euclid(MS_PER_MINUTE);
        let ms = local_ms.rem_euclid(MS_PER_MINUTE);
        let seconds = match ms % 1_000 {
            0 => format!("{:02}", ms / 1_000),
            millis => format!("{:02}.{millis:03}", ms / 1_000),
        };
        format!(
            "{}:{seconds}{}",
            date_time(minute),
            offset_text(Some(self.offset))
        )
    }
}

/// A placed moment in RFC 3339: a date when only the day is known ("2026-11-20"), else a date-time
/// at the reader's offset ("2026-11-20T07:02:00-06:00"), or at "-00:00" (RFC 3339's "offset
/// unknown") when no scan time gave it. `None` for a moment placed only for ordering.
pub fn rfc3339(placed: Placed, scan: Option<ScanTime>) -> Option<String> {
    match placed.precision {
        Precision::Week => None,
        Precision::Day => Some(date(placed.day())),
        Precision::Minute => Some(format!(
            "{}:00{}",
            date_time(placed.minute),
            offset_text(scan.map(ScanTime::offset_minutes))
        )),
    }
}

/// A calendar day in the reader's words, from the vocabulary's `date` template and `month_1`..
/// `month_12`: "29 de noviembre de 2026", "November 29, 2026".
pub fn spoken_date(
    vocabulary: &Vocabulary,
    lang: &str,
    (year, month, day): (i32, u8, u8),
) -> String {
    vocabulary
        .template("date", lang)
        .replace("{day}", &day.to_string())
        .replace(
            "{month}",
            vocabulary.template(&format!("month_{month}"), lang),
        )
        .replace("{year}", &year.to_string())
}

/// A "YYYY-MM-DD" date in the reader's words ([`spoken_date`]); `None` when it is not one.
pub fn spoken_iso_date(vocabulary: &Vocabulary, lang: &str, iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (year, month, day) = (
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    );
    ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
        .then(|| spoken_date(vocabulary, lang, (year, month, day)))
}

/// One end of a span of session times, as it reads after "from"/"desde" (`standalone` false) or
/// alone (then as stated, but for dates and now): a moment the page and the scan pin (`placed` with `pinned`) as a date in the reader's
/// words ("el 29 de noviembre de 2026 a las 21:14"), now as "ahora", and any other time as
/// `stated`, lower-cased where the language does not capitalise it ("hace 3 horas", "yesterday at
/// 5:00 PM"; "Tue" and "Mar 3" stay, and so does a text not read as a time).
pub fn spoken_moment(
    vocabulary: &Vocabulary,
    lang: &str,
    stated: &str,
    key: Option<TimeKey>,
    placed: Option<Placed>,
    standalone: bool,
) -> String {
    let template = |name: &str| vocabulary.template(name, lang);
    let opening = |spoken: String| {
        if standalone {
            upper_first(&spoken)
        } else {
            spoken
        }
    };
    match (key, placed) {
        (Some(TimeKey::Ago { count: 0, .. }), _) => opening(template("now").to_owned()),
        (Some(TimeKey::Date { .. }), Some(placed)) if placed.precision >= Precision::Day => {
            let date = spoken_date(vocabulary, lang, civil_from_days(placed.day()));
            let spoken = if placed.precision == Precision::Minute {
                let (time, one) = clock_time(vocabulary, lang, placed.minute);
                template(if one { "date_at_one" } else { "date_at" })
                    .replace("{date}", &date)
                    .replace("{time}", &time)
            } else {
                date
            };
            if standalone {
                spoken
            } else {
                template("on_date").replace("{date}", &spoken)
            }
        }
        (Some(TimeKey::Clock { minute }), _) => {
            let (time, one) = clock_time(vocabulary, lang, i64::from(minute));
            opening(
                template(if one { "today_at_one" } else { "today_at" }).replace("{time}", &time),
            )
        }
        (Some(TimeKey::Weekday { .. } | TimeKey::Date { .. }), _)
            if template("capitalised_names") == "yes" =>
        {
            stated.to_owned()
        }
        // A text not read as a time is shown as the page states it.
        (None, _) => stated.to_owned(),
        _ if standalone => stated.to_owned(),
        _ => {
            let mut chars = stated.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// The time of day of a local `minute` on the language's clock dial ("9:14 PM", "21:14"), and
/// whether its hour reads as one (Spanish says "a la 1:05" but "a las 13:05").
fn clock_time(vocabulary: &Vocabulary, lang: &str, minute: i64) -> (String, bool) {
    let of_day = minute.rem_euclid(MINUTES_PER_DAY);
    let (hour, minute) = (of_day / 60, of_day % 60);
    let (shown_hour, suffix) = match vocabulary.template("clock", lang) {
        "12-hour" => ((hour + 11) % 12 + 1, if hour < 12 { " AM" } else { " PM" }),
        _ => (hour, ""),
    };
    (format!("{shown_hour}:{minute:02}{suffix}"), shown_hour == 1)
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The local minute of `year`'s last minute: what relative times are ordered against when no scan
/// time is given, so that they come after every date of that year.
pub fn end_of_year(year: i32) -> i64 {
    (days_from_civil(year, 12, 31) + 1) * MINUTES_PER_DAY - 1
}

fn date(day: i64) -> String {
    let (year, month, day) = civil_from_days(day);
    format!("{year:04}-{month:02}-{day:02}")
}

fn date_time(minute: i64) -> String {
    let of_day = minute.rem_euclid(MINUTES_PER_DAY);
    format!(
        "{}T{:02}:{:02}",
        date(minute.div_euclid(MINUTES_PER_DAY)),
        of_day / 60,
        of_day % 60
    )
}

fn offset_text(offset: Option<i32>) -> String {
    match offset {
        Some(0) => "Z".to_owned(),
        Some(minutes) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.abs();
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
        None => "-00:00".to_owned(),
    }
}

/// A cursor over the ASCII text of an RFC 3339 date-time.
struct Digits<'a>(&'a [u8]);

impl<'a> Digits<'a> {
    /// Exactly `width` digits.
    fn number(&mut self, width: usize) -> Option<i32> {
        let digits = self.0.get(..width)?;
        let value = digits.iter().try_fold(0i32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i32::from(b - b'0'))
        })?;
        self.0 = &self.0[width..];
        Some(value)
    }

    /// Skips one of the `separators`.
    fn after(&mut self, separators: &[u8]) -> Option<&mut Self> {
        let (first, rest) = self.0.split_first()?;
        separators.contains(first).then(|| {
            self.0 = rest;
            self
        })
    }

    /// Fractional seconds, as milliseconds (further digits are dropped).
    fn fraction(&mut self) -> Option<i32> {
        let count = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        let ms = self.0[..count]
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(3)
            .fold(0, |n, &b| n * 10 + i32::from(b - b'0'));
        self.0 = &self.0[count..];
        Some(ms)
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day counted from 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u8;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day `months` calendar months before `day`, on the same day of the month or the month's last.
fn months_back(day: i64, months: i64) -> i64 {
    let (year, month, day_of_month) = civil_from_days(day);
    let index = i64::from(year) * 12 + i64::from(month) - 1 - months;
    let year = index.div_euclid(12) as i32;
    let month = (index.rem_euclid(12) + 1) as u8;
    days_from_civil(year, month, day_of_month.min(days_in_month(year, month)))
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
    count: Option<u32>,
    year: Option<u16>,
    minute: Option<u16>,
    /// From an all-number date: (year when stated, month, day).
    date: Option<(Option<u16>, u8, u8)>,
}

/// Reads `folded` (a short folded text) as a time, with `hits` the phrase hits within it. `None` when
/// it is not a time.
pub fn read(folded: &str, hits: &[Hit], order: DateOrder) -> Option<Time> {
    // Every word of a time is a time word: without a time hit, only a text of numbers can be one.
    // Most short texts of a page are neither, and this test is much cheaper than their tokens.
    let time_hit = hits
        .iter()
        .any(|h| matches!(h.meaning, Meaning::Time(_) | Meaning::Live));
    if !time_hit
        && folded
            .chars()
            .any(|c| c.is_alphanumeric() && !c.is_ascii_digit())
    {
        return None;
    }
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
                0..=1_000 => self.count = self.count.or(Some(n)),
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
    fn clock(&self) -> Option<u16> {
        let minute = self.minute?;
        let hour = minute / 60;
        Some(match (self.am, self.pm) {
            (_, true) if hour < 12 => minute + 12 * 60,
            (true, _) if hour == 12 => minute - 12 * 60,
            _ => minute,
        })
    }

    fn key(&self) -> Option<TimeKey> {
        let minute = self.clock();
        if self.live || self.now {
            return Some(TimeKey::Ago {
                count: 0,
                unit: TimeUnit::Minute,
            });
        }
        if self.relative() {
            return Some(TimeKey::Ago {
                count: self.count.unwrap_or(1),
                unit: self.unit?,
            });
        }
        if self.yesterday {
            return Some(TimeKey::DaysAgo { days: 1, minute });
        }
        if self.dated() {
            let (year, month, day) = match self.date {
                Some(date) => date,
                None => (self.year, self.month?, u8::try_from(self.count?).ok()?),
            };
            return Some(TimeKey::Date {
                year,
                month,
                day,
                minute,
            });
        }
        if self.weekday {
            return Some(TimeKey::Weekday { minute });
        }
        if self.today {
            return Some(TimeKey::DaysAgo { days: 0, minute });
        }
        minute.map(|minute| TimeKey::Clock { minute })
    }
}

/// An all-number date: `y-m-d`, or `a/b[/y]` read in the page language's order unless a field over
/// 12 settles it.
fn numeric_date(fields: &[u32], order: DateOrder) -> Option<(Option<u16>, u8, u8)> {
    let year = |y: u32| match y {
        0..=99 => Some(2000 + y as u16),
        1970..=2100 => Some(y as u16),
        _ => None,
    };
    let (year, month, day) = match *fields {
        [y, m, d] if y > 31 => (Some(year(y)?), m, d),
        [a, b, ref rest @ ..] if rest.len() <= 1 => {
            let y = match rest.first() {
                Some(&y) => Some(year(y)?),
                None => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{fold, Classifier};

    #[test]
    fn dates_and_times_in_prose_are_worded_for_the_reader() {
        let v = &crate::kb::knowledge_base().unwrap().vocabulary;
        assert_eq!(
            spoken_iso_date(v, "es", "2026-11-29").as_deref(),
            Some("29 de noviembre de 2026")
        );
        assert_eq!(
            spoken_iso_date(v, "en", "2026-11-29").as_deref(),
            Some("November 29, 2026")
        );
        assert_eq!(spoken_iso_date(v, "en", "2026-02-30"), None);
        assert_eq!(spoken_iso_date(v, "en", "not a date"), None);
        let at = |minute: i64, precision| Placed { minute, precision };
        let day = days_from_civil(2026, 3, 3) * MINUTES_PER_DAY;
        let date = Some(TimeKey::Date {
            year: None,
            month: 3,
            day: 3,
            minute: Some(65),
        });
        let ago = Some(TimeKey::Ago {
            count: 3,
            unit: TimeUnit::Hour,
        });
        let now = Some(TimeKey::Ago {
            count: 0,
            unit: TimeUnit::Minute,
        });
        let spoken =
            |lang, stated, key, placed, alone| spoken_moment(v, lang, stated, key, placed, alone);
        let one_five = Some(at(day + 65, Precision::Minute));
        assert_eq!(
            spoken("es", "3 mar 1:05", date, one_five, false),
            "el 3 de marzo de 2026 a la 1:05"
        );
        assert_eq!(
            spoken("en", "Mar 3 1:05 AM", date, one_five, false),
            "March 3, 2026 at 1:05 AM"
        );
        assert_eq!(spoken("es", "3 mar", date, None, false), "3 mar");
        assert_eq!(spoken("en", "Mar 3", date, None, false), "Mar 3");
        assert_eq!(
            spoken("es", "Hace 3 horas", ago, None, false),
            "hace 3 horas"
        );
        assert_eq!(
            spoken("es", "Hace 3 horas", ago, None, true),
            "Hace 3 horas"
        );
        assert_eq!(spoken("es", "Activo ahora", now, None, false), "ahora");
        assert_eq!(spoken("en", "Active now", now, None, true), "Now");
        let clock = Some(TimeKey::Clock {
            minute: 13 * 60 + 5,
        });
        assert_eq!(
            spoken("es", "1:05 PM", clock, None, false),
            "hoy a las 13:05"
        );
        assert_eq!(spoken("en", "13:05", clock, None, true), "Today at 1:05 PM");
    }

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

    fn date(year: Option<u16>, month: u8, day: u8, minute: Option<u16>) -> TimeKey {
        TimeKey::Date {
            year,
            month,
            day,
            minute,
        }
    }

    fn ago(count: u32, unit: TimeUnit) -> TimeKey {
        TimeKey::Ago { count, unit }
    }

    /// 2026-11-30 (a Monday) at 22:00 UTC, read at `offset` minutes east of UTC.
    fn scan(offset: i32) -> ScanTime {
        ScanTime::new(1_796_076_000_000, offset).unwrap()
    }

    fn at(text: &str, scan: ScanTime, year: Option<i32>) -> Option<String> {
        key(text)
            .place(scan.local_minute(), year)
            .and_then(|placed| rfc3339(placed, Some(scan)))
    }

    #[test]
    fn reads_what_the_times_of_session_lists_pin() {
        assert_eq!(
            key("Mar 3 at 9:14 PM"),
            date(None, 3, 3, Some(21 * 60 + 14))
        );
        assert_eq!(
            key("3 de marzo a las 21:14"),
            date(None, 3, 3, Some(21 * 60 + 14))
        );
        assert_eq!(
            key("Last accessed on Nov 28, 2026"),
            date(Some(2026), 11, 28, None)
        );
        assert_eq!(
            key("11/29/2026 8:02 AM"),
            date(Some(2026), 11, 29, Some(8 * 60 + 2))
        );
        assert_eq!(key("12:30 AM"), TimeKey::Clock { minute: 30 });
        assert_eq!(key("2026-11-14"), date(Some(2026), 11, 14, None));
        assert_eq!(key("20 nov."), date(None, 11, 20, None));
        assert_eq!(key("12 days ago"), ago(12, TimeUnit::Day));
        assert_eq!(key("a month ago"), ago(1, TimeUnit::Month));
        assert_eq!(key("hace 2 horas"), ago(2, TimeUnit::Hour));
        assert_eq!(key("Just now"), ago(0, TimeUnit::Minute));
        assert_eq!(
            key("14:26"),
            TimeKey::Clock {
                minute: 14 * 60 + 26
            }
        );
        assert_eq!(
            key("Yesterday at 22:41"),
            TimeKey::DaysAgo {
                days: 1,
                minute: Some(22 * 60 + 41)
            }
        );
        assert_eq!(
            key("Today"),
            TimeKey::DaysAgo {
                days: 0,
                minute: None
            }
        );
        assert_eq!(key("Tue"), TimeKey::Weekday { minute: None });
        assert!(time("Activo ahora", DateOrder::DayMonthYear).is_some_and(|t| t.live));
        assert!(time("en línea", DateOrder::DayMonthYear).is_some_and(|t| t.live));
    }

    #[test]
    fn all_number_dates_follow_the_page_language_unless_a_field_settles_it() {
        let read = |t, o| time(t, o).and_then(|t| t.key);
        assert_eq!(
            read("11/09/26", DateOrder::MonthDayYear),
            Some(date(Some(2026), 11, 9, None))
        );
        assert_eq!(
            read("11/09/26", DateOrder::DayMonthYear),
            Some(date(Some(2026), 9, 11, None))
        );
        assert_eq!(
            read("21/11/26", DateOrder::MonthDayYear),
            Some(date(Some(2026), 11, 21, None))
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
    fn relative_times_are_placed_against_the_scan_time_on_the_readers_clock() {
        let utc = scan(0);
        assert_eq!(
            at("Active now", utc, None).as_deref(),
            Some("2026-11-30T22:00:00Z")
        );
        assert_eq!(
            at("3 hours ago", utc, None).as_deref(),
            Some("2026-11-30T19:00:00Z")
        );
        assert_eq!(
            at("14:26", utc, None).as_deref(),
            Some("2026-11-30T14:26:00Z")
        );
        assert_eq!(
            at("Yesterday at 22:41", utc, None).as_deref(),
            Some("2026-11-29T22:41:00Z")
        );
        // Days and longer are stated to the day, so they are placed to the day.
        assert_eq!(at("3 days ago", utc, None).as_deref(), Some("2026-11-27"));
        assert_eq!(at("2 weeks ago", utc, None).as_deref(), Some("2026-11-16"));
        assert_eq!(at("a month ago", utc, None).as_deref(), Some("2026-10-30"));
        assert_eq!(at("a year ago", utc, None).as_deref(), Some("2025-11-30"));
        assert_eq!(at("Yesterday", utc, None).as_deref(), Some("2026-11-29"));
        // 22:00 UTC is already Tuesday 1 December in Tokyo: "today" there is the 1st.
        let tokyo = scan(9 * 60);
        assert_eq!(
            at("14:26", tokyo, None).as_deref(),
            Some("2026-12-01T14:26:00+09:00")
        );
        assert_eq!(at("Yesterday", tokyo, None).as_deref(), Some("2026-11-30"));
        assert_eq!(
            at("2 hours ago", scan(-6 * 60), None).as_deref(),
            Some("2026-11-30T14:00:00-06:00")
        );
        // A weekday is ordered but not given a date: which day it names is not read.
        assert_eq!(at("Tue", utc, None), None);
    }

    #[test]
    fn dates_are_placed_in_their_year_and_a_yearless_one_needs_a_year() {
        let utc = scan(0);
        assert_eq!(at("Nov 28, 2026", utc, None).as_deref(), Some("2026-11-28"));
        assert_eq!(at("Nov 28", utc, None), None);
        assert_eq!(
            at("Nov 28 at 9:14 PM", utc, Some(2025)).as_deref(),
            Some("2025-11-28T21:14:00Z")
        );
        assert_eq!(key("Feb 29").place(0, Some(2026)), None);
        assert!(key("Feb 29").place(0, Some(2028)).is_some());
        // The latest year in which it is no later than the bound: a date later in the year than
        // "now" is last year's, and 29 February goes back to a leap year.
        let now = key("Active now").place(utc.local_minute(), None).unwrap();
        let in_year = |text: &str, bound| {
            key(text)
                .place_no_later_than(bound)
                .and_then(|p| rfc3339(p, Some(utc)))
        };
        assert_eq!(in_year("Nov 30", now).as_deref(), Some("2026-11-30"));
        assert_eq!(
            in_year("Nov 30 at 9:00 PM", now).as_deref(),
            Some("2026-11-30T21:00:00Z")
        );
        assert_eq!(
            in_year("Nov 30 at 11:00 PM", now).as_deref(),
            Some("2025-11-30T23:00:00Z")
        );
        assert_eq!(in_year("Dec 1", now).as_deref(), Some("2025-12-01"));
        assert_eq!(in_year("Feb 29", now).as_deref(), Some("2024-02-29"));
        assert!(!key("Mar 3").relative_to_now() || key("Mar 3").needs_year());
        assert!(!key("Mar 3, 2026").relative_to_now());
    }

    #[test]
    fn moments_compare_at_the_precision_both_state() {
        let utc = scan(0).local_minute();
        let placed = |text: &str| key(text).place(utc, Some(2026)).unwrap();
        assert!(placed("Nov 20").not_after(placed("Nov 20 at 7:02 AM")));
        assert!(placed("Nov 20 at 7:02 AM").not_after(placed("Nov 20")));
        assert!(!placed("Nov 20 at 7:02 PM").not_after(placed("Nov 20 at 7:02 AM")));
        assert!(placed("3 hours ago").same_as(placed("3 hours ago")));
        assert!(!placed("Nov 30").same_as(placed("14:26")));
    }

    #[test]
    fn scan_times_read_and_write_rfc_3339() {
        let read = |t: &str| ScanTime::parse_rfc3339(t);
        let scan = read("2026-11-30T16:00:00-06:00").unwrap();
        assert_eq!(
            (scan.utc_ms(), scan.offset_minutes()),
            (1_796_076_000_000, -360)
        );
        assert_eq!(scan.rfc3339(), "2026-11-30T16:00:00-06:00");
        for text in [
            "2026-11-30T22:00:00Z",
            "2026-11-30T22:00:00.250Z",
            "2026-12-01T07:00:00.001+09:00",
            "1970-01-01T00:00:00Z",
        ] {
            assert_eq!(read(text).unwrap().rfc3339(), text);
        }
        assert_eq!(
            read("2026-11-30t22:00:00.123456z").unwrap().rfc3339(),
            "2026-11-30T22:00:00.123Z"
        );
        assert_eq!(
            read("2026-11-30 22:00:00+00:00").unwrap().rfc3339(),
            "2026-11-30T22:00:00Z"
        );
        for bad in [
            "",
            "2026-11-30",
            "2026-11-30T22:00Z",
            "2026-02-29T22:00:00Z",
            "2026-11-30T24:00:00Z",
            "2026-11-30T22:00:00",
            "2026-11-30T22:00:00+5:00",
            "2026-11-30T22:00:00Zjunk",
            "1969-12-31T23:59:59Z",
            "2026-11-30T22:00:00.Z",
            "２026-11-30T22:00:00Z",
        ] {
            let error = read(bad).unwrap_err();
            assert!(
                error.contains("RFC 3339") || error.contains("1970"),
                "{bad}: {error}"
            );
        }
        assert!(ScanTime::new(-1, 0).is_err());
        assert!(ScanTime::new(0, 24 * 60).is_err());
    }

    #[test]
    fn the_calendar_is_the_gregorian_one() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 12, 3), 20_790);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for day in [-1, 0, 11_016, 20_790, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(civil_from_days(20_790), (2026, 12, 3));
        assert_eq!(
            months_back(days_from_civil(2026, 3, 31), 1),
            days_from_civil(2026, 2, 28)
        );
        assert_eq!(end_of_year(1969), -1);
    }
}
