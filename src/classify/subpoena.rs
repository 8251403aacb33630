//! The subpoena view of a session list: what a subpoena for basic subscriber records would return
//! from what the page shows — how many distinct IP addresses, places and devices, over what span.

use super::sessions::Row;
use super::time::TimeKey;
use crate::report::SubpoenaView;

pub fn view(rows: &[Row]) -> SubpoenaView {
    let distinct = |field: fn(&Row) -> &str| {
        let mut values: Vec<&str> = rows.iter().map(field).filter(|v| !v.is_empty()).collect();
        values.sort_unstable();
        values.dedup();
        values.len()
    };
    let (first, last) = span(rows);
    SubpoenaView {
        sessions: rows.len(),
        ips: distinct(|r| &r.session.ip),
        places: distinct(|r| &r.session.location),
        devices: distinct(|r| &r.session.device),
        first,
        last,
    }
}

/// The oldest and newest time as the page states them, when every stated time can be placed;
/// otherwise the first and last stated, in page order.
fn span(rows: &[Row]) -> (Option<String>, Option<String>) {
    let stated: Vec<&Row> = rows.iter().filter(|r| !r.session.time.is_empty()).collect();
    let keys: Option<Vec<TimeKey>> = stated.iter().map(|r| r.time_key).collect();
    let time = |row: Option<&&Row>| row.map(|r| r.session.time.clone());
    let Some(mut keys) = keys else {
        return (time(stated.first()), time(stated.last()));
    };
    // Dates without a year are compared by day of the year only, and so are the others with them.
    if keys
        .iter()
        .any(|k| matches!(k, TimeKey::Dated { .. }) && !k.has_year())
    {
        keys = keys.into_iter().map(TimeKey::without_year).collect();
    }
    let oldest = keys
        .iter()
        .enumerate()
        .min_by_key(|&(_, key)| key)
        .and_then(|(i, _)| stated.get(i));
    let newest = keys
        .iter()
        .enumerate()
        .max_by_key(|&(i, key)| (key, std::cmp::Reverse(i)))
        .and_then(|(i, _)| stated.get(i));
    (time(oldest), time(newest))
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use super::*;
    use crate::report::Session;

    fn row(device: &str, ip: &str, time: &str, key: Option<TimeKey>) -> Row {
        Row {
            session: Session {
                device: device.into(),
                location: "Houston, TX".into(),
                ip: ip.into(),
                time: time.into(),
                current: false,
                node: 0,
            },
            time_key: key,
            strong: true,
            list: None,
        }
    }

    fn dated(month: u8, day: u8) -> Option<TimeKey> {
        Some(TimeKey::Dated {
            year: 0,
            month,
            day,
            minute: 0,
        })
    }

    #[test]
    fn counts_distinct_values_and_orders_the_span() {
        let rows = [
            row(
                "Windows",
                "198.51.100.1",
                "Active now",
                Some(TimeKey::Relative(Reverse(0))),
            ),
            row("iPhone", "198.51.100.1", "Mar 3", dated(3, 3)),
            row("Windows", "", "Nov 20", dated(11, 20)),
        ];
        let view = view(&rows);
        assert_eq!(
            (view.sessions, view.ips, view.places, view.devices),
            (3, 1, 1, 2)
        );
        assert_eq!(view.first.as_deref(), Some("Mar 3"));
        assert_eq!(view.last.as_deref(), Some("Active now"));
    }

    #[test]
    fn times_that_cannot_be_placed_keep_page_order() {
        let rows = [
            row("a", "", "sometime", None),
            row("b", "", "", None),
            row("c", "", "Nov 2", dated(11, 2)),
        ];
        let view = view(&rows);
        assert_eq!(view.first.as_deref(), Some("sometime"));
        assert_eq!(view.last.as_deref(), Some("Nov 2"));
        assert_eq!(super::view(&[]).first, None);
    }
}
