//! The timestamps exports write, to seconds since the epoch (UTC), and back to RFC 3339.
//!
//! Only forms that state their time zone (or whose format implies UTC) are read: a time in an unknown
//! zone is not a time we can count.

/// Seconds since the epoch from a number's text (`1546344000`, `1546344000123`, `1.546344e9`): as
/// [`from_epoch`] reads its value. Read here, not by `str::parse::<f64>`, whose exact algorithm and
/// tables would be a few percent of the data-export page's module for times that are whole numbers
/// (docs/performance.md); the value is exact for up to 15 significant digits and an exponent whose
/// power of ten is exact (to 10^22), as every epoch time is, and within a unit in the last place
/// otherwise. Anything else that is not a decimal number (`inf`, `NaN`, `0x10`, empty) is `None`.
pub fn from_epoch_text(text: &str) -> Option<i64> {
    let (negative, number) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (digits, exponent) = match number.find(['e', 'E']) {
        Some(at) => (&number[..at], number[at + 1..].parse::<i32>().ok()?),
        None => (number, 0),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all = || whole.bytes().chain(fraction.bytes());
    if whole.is_empty() && fraction.is_empty() || !all().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mantissa = all().fold(0.0, |value: f64, digit| {
        value * 10.0 + f64::from(digit - b'0')
    });
    let exponent = exponent.saturating_sub(i32::try_from(fraction.len()).ok()?);
    // Division by an exact power of ten rounds once, as a correct parse would.
    let value = if exponent < 0 {
        mantissa / 10f64.powi(exponent.saturating_neg())
    } else {
        mantissa * 10f64.powi(exponent)
    };
    from_epoch(if negative { -value } else { value })
}

/// Seconds since the epoch from a JSON number: seconds, or milliseconds when it is too large to be
/// seconds (after the year 5138).
fn from_epoch(value: f64) -> Option<i64> {
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let seconds = if value > 1e11 { value / 1000.0 } else { value };
    (seconds < 253_402_300_800.0).then_some(seconds as i64)
}

/// Reads `2019-01-01T12:00:00.000Z`, `2022-04-15T10:00:00+02:00`, `2026-10-01 06:59:59 UTC` and
/// `Jun 15, 2026, 7:40:10 AM UTC`. `naive_is_utc`: a date and time without a zone is UTC (the format
/// implies it, e.g. TikTok's); otherwise it is refused.
pub fn parse(text: &str, naive_is_utc: bool) -> Option<i64> {
    let text = text.trim().trim_matches('"').trim();
    if text.is_empty() {
        return None;
    }
    if text.as_bytes()[0].is_ascii_alphabetic() {
        return parse_month_name(text);
    }
    let days = days_from_date(text.get(..10)?)?;
    let rest = text[10..].strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = split_clock(rest);
    let seconds = clock_seconds(clock)?;
    let offset = match zone.trim() {
        "" if naive_is_utc => 0,
        "" => return None,
        zone => zone_offset(zone)?,
    };
    Some(days * 86_400 + seconds - offset)
}

/// `HH:MM:SS[.fff]` and what follows it.
fn split_clock(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(text.len());
    text.split_at(end)
}

fn clock_seconds(clock: &str) -> Option<i64> {
    let clock = clock.split(['.', ',']).next()?;
    let mut parts = clock.split(':');
    let hours: i64 = number(parts.next()?, 2)?;
    let minutes: i64 = number(parts.next()?, 2)?;
    let seconds: i64 = match parts.next() {
        Some(s) => number(s, 2)?,
        None => 0,
    };
    if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    Some(hours * 3600 + minutes * 60 + seconds.min(59))
}

/// `Z`, `UTC`, `GMT`, `+02:00`, `-0500`, `+02`: seconds east of UTC.
fn zone_offset(zone: &str) -> Option<i64> {
    match zone {
        "Z" | "z" | "UTC" | "GMT" | "+00:00" => return Some(0),
        _ => {}
    }
    let zone = zone.strip_prefix("UTC").unwrap_or(zone);
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (number(&digits, 2)?, 0),
        4 => (number(&digits[..2], 2)?, number(&digits[2..], 2)?),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// `Jun 15, 2026, 7:40:10 AM UTC` (older Google Takeout access logs).
fn parse_month_name(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut words = text.split([' ', ',']).filter(|w| !w.is_empty());
    let month_word = words.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_word.starts_with(m))? as i64 + 1;
    let day = number(words.next()?, 2)?;
    let year = number(words.next()?, 4)?;
    let mut seconds = clock_seconds(words.next()?)?;
    let mut next = words.next();
    match next.map(str::to_ascii_uppercase).as_deref() {
        Some("AM") | Some("PM") => {
            let hours = seconds / 3600;
            if !(1..=12).contains(&hours) {
                return None;
            }
            let pm = next.is_some_and(|w| w.eq_ignore_ascii_case("PM"));
            seconds = seconds % 3600 + (hours % 12 + if pm { 12 } else { 0 }) * 3600;
            next = words.next();
        }
        _ => {}
    }
    let offset = zone_offset(next?)?;
    if words.next().is_some() {
        return None;
    }
    Some(days_from_civil(year, month, day)? * 86_400 + seconds - offset)
}

fn number(digits: &str, max_len: usize) -> Option<i64> {
    if digits.is_empty() || digits.len() > max_len || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `YYYY-MM-DD` to days since 1970-01-01.
fn days_from_date(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    days_from_civil(
        number(&date[..4], 4)?,
        number(&date[5..7], 2)?,
        number(&date[8..], 2)?,
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `2019-01-01T12:00:00Z`.
pub fn rfc3339(instant: i64) -> String {
    let (year, month, day) = civil_from_days(instant.div_euclid(86_400));
    let seconds = instant.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// (year, month) in UTC.
pub fn month(instant: i64) -> (i64, i64) {
    let (year, month, _) = civil_from_days(instant.div_euclid(86_400));
    (year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_exports_write_reads_to_the_same_instant() {
        let noon = 1_546_344_000; // 2019-01-01T12:00:00Z
        for text in [
            "2019-01-01T12:00:00.000Z",
            "2019-01-01T12:00:00Z",
            "2019-01-01T14:00:00+02:00",
            "2019-01-01T07:00:00-0500",
            "2019-01-01 12:00:00 UTC",
            "\"2019-01-01T12:00:00.123Z\"",
            "Jan 1, 2019, 12:00:00 PM UTC",
            "Jan 1, 2019, 2:00:00 PM UTC+02:00",
        ] {
            assert_eq!(parse(text, false), Some(noon), "{text}");
        }
        assert_eq!(parse("2019-01-01 12:00:00", true), Some(noon));
        assert_eq!(parse("2019-01-01 12:00:00", false), None, "no zone");
        assert_eq!(
            parse("Jan 1, 2019, 12:00:00 AM UTC", false),
            Some(noon - 43_200)
        );
        assert_eq!(from_epoch(1_546_344_000.0), Some(noon));
        assert_eq!(from_epoch(1_546_344_000_123.0), Some(noon));
        assert_eq!(rfc3339(noon), "2019-01-01T12:00:00Z");
        assert_eq!(month(noon), (2019, 1));
    }

    #[test]
    fn nonsense_is_refused_not_guessed() {
        for text in [
            "",
            "yesterday",
            "2019-13-01T00:00:00Z",
            "2019-02-29T00:00:00Z",
            "2019-01-01T25:00:00Z",
            "2019-01-01T12:00:00 PST",
            "2019-01-01T12:00:00+99:00",
            "Foo 1, 2019, 1:00:00 PM UTC",
            "Jan 1, 9223372036854775807, 1:00:00 PM UTC",
            "99999999999999999999-01-01",
            "2019-01-0é 12:00:00Z",
            "2019-01-01T12:00:00+1é1",
        ] {
            assert_eq!(parse(text, true), None, "{text:?}");
        }
        assert_eq!(from_epoch(f64::NAN), None);
        assert_eq!(from_epoch(-5.0), None);
    }

    /// The epoch text as `str::parse::<f64>` then `from_epoch` read it, which it replaced.
    #[test]
    fn epoch_text_reads_as_a_parsed_float_would() {
        for text in [
            "1546344000",
            "1546344000123",
            "1546344000.999",
            "1546344000.0",
            "+1546344000",
            "1.546344e9",
            "1.546344E+9",
            "15463440001230e-1",
            ".5e10",
            "5.",
            "1e11",
            "100000000000.5",
            "253402300799",
            "253402300800",
            "253402300799999",
            "0",
            "-5",
            "1e400",
            "1e-400",
            "00001546344000",
            "",
            "-",
            ".",
            "e5",
            "1e",
            "inf",
            "NaN",
            "0x10",
            "1_000",
            " 1",
            "1.2.3",
            "12345678901234567890123",
        ] {
            let parsed = text.parse::<f64>().ok().and_then(from_epoch);
            assert_eq!(from_epoch_text(text), parsed, "{text:?}");
        }
    }

    #[test]
    fn round_trips_over_centuries() {
        for instant in [0, 951_782_400, 4_102_444_800, 1_709_164_800] {
            assert_eq!(parse(&rfc3339(instant), false), Some(instant));
        }
    }
}
