//! Calendar dates and reporting periods, without a date library: transparency reports count in
//! calendar quarters and half-years, and that is all the arithmetic the figures need.

use crate::compact::compact_struct;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A day after every period and read date: for validating without a clock.
    pub const LAST: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// Parses `YYYY-MM-DD`; anything else (other separators, a 31 June, a 29 February outside a
    /// leap year) is an error naming the text.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("{text:?} is not a date written YYYY-MM-DD");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, String> {
            let part = &text[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let date = Date {
            year: number(0..4)? as i32,
            month: number(5..7)?,
            day: number(8..10)?,
        };
        if !(1..=12).contains(&date.month)
            || date.day == 0
            || date.day > days_in_month(date.year, date.month)
        {
            return Err(format!("{text:?} is not a day of the calendar"));
        }
        Ok(date)
    }

    /// Today in UTC, from the system clock (the command line and the tests; the core itself takes
    /// `today` as an argument so that it stays pure).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today_utc() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }

    /// The civil date `days` after 1970-01-01 (H. Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The same day `months` earlier, clamped to the end of a shorter month (31 Aug - 6 = 28/29 Feb).
    pub fn months_before(self, months: u32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 - months as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    fn is_first_of_month(self) -> bool {
        self.day == 1
    }

    fn is_last_of_month(self) -> bool {
        self.day == days_in_month(self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A reporting period: a calendar half-year (most reports) or a calendar quarter (Discord until
/// 2023). Nothing else is accepted, so a figure can't silently cover an odd span — or be a sum of
/// two periods passed off as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// A period from its first and last day; `today` rules out periods that have not ended.
    pub fn new(start: Date, end: Date, today: Date) -> Result<Period, String> {
        if !start.is_first_of_month() || !end.is_last_of_month() {
            return Err(format!(
                "the period {start} to {end} must run from the first day of a month to the last day of a month"
            ));
        }
        let months = (end.year - start.year) * 12 + end.month as i32 - start.month as i32 + 1;
        let aligned = match months {
            6 => start.month == 1 || start.month == 7,
            3 => matches!(start.month, 1 | 4 | 7 | 10),
            _ => false,
        };
        if !aligned {
            return Err(format!(
                "the period {start} to {end} is neither a calendar half-year nor a calendar quarter"
            ));
        }
        if end >= today {
            return Err(format!(
                "the period {start} to {end} has not ended yet (today is {today})"
            ));
        }
        Ok(Period { start, end })
    }

    /// "2025-H1", "2023-Q4": how the reports themselves name the period.
    pub fn name(&self) -> String {
        let months = (self.end.month as i32 - self.start.month as i32) + 1;
        if months == 6 {
            format!(
                "{}-H{}",
                self.start.year,
                if self.start.month == 1 { 1 } else { 2 }
            )
        } else {
            format!("{}-Q{}", self.start.year, (self.start.month - 1) / 3 + 1)
        }
    }
}

// The compact form `build.rs` embeds (`crate::compact`): every field, in this order.
compact_struct!(Date { year, month, day });
compact_struct!(Period { start, end });
