//! `cargo bench --bench snapshot_json`: what reading a snapshot's JSON text costs natively, the
//! hand-written reader (`PageSnapshot::from_json`, src/snapshot/json.rs) beside the serde_json
//! reading it replaced (tests/support/serde_snapshot.rs) and beside serde_json's bare pass over the
//! same text (`serde::de::IgnoredAny`: no value built), on the pages of benches/classify.rs:
//! **small** (facebook/login-en) and **typical** (facebook/sessions-en), their JSON as the content
//! script writes it (one line).
//!
//! The three readers are timed in the same rounds, their order turning round by round, each in
//! batches of at least `MIN_SAMPLE`; a figure is the median time per read with p10–p90, and the
//! ratios are medians of the per-round ratios (so that they hold when the shared machine's load
//! changes).
//!
//! `cargo bench --bench snapshot_json -- --reads <reader> <count>` instead reads the typical page
//! `count` times with one reader (`ours`, `serde`, `bare` or `none`) and stops: for instruction
//! counts, `valgrind --tool=callgrind` of two counts, the difference divided by the difference.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use disclosure_lens::html::snapshot_from_html;
use disclosure_lens::PageSnapshot;

// Only its `read` is timed here; its comparison helpers serve the tests.
#[allow(dead_code)]
#[path = "../tests/support/serde_snapshot.rs"]
mod serde_snapshot;

const WARM_UP: Duration = Duration::from_millis(300);
const MIN_SAMPLE: Duration = Duration::from_millis(20);
const ROUNDS: usize = 61;

type Reader = fn(&str) -> bool;

const READERS: [(&str, Reader); 3] = [
    ("ours", |text| PageSnapshot::from_json(text).is_ok()),
    ("serde", |text| serde_snapshot::read(text).is_ok()),
    ("bare", |text| {
        serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    }),
];

fn page_json(page: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(page);
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::to_string(&snapshot_from_html(&html, None)).expect("snapshots serialise")
}

/// Seconds per read of `text` by `read`, over a batch of `count` reads.
fn batch(read: Reader, text: &str, count: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..count {
        assert!(read(black_box(text)));
    }
    start.elapsed().as_secs_f64() / count as f64
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn show(seconds: &[f64]) -> String {
    let mut sorted = seconds.to_vec();
    sorted.sort_by(f64::total_cmp);
    let us = |p| percentile(&sorted, p) * 1e6;
    format!("{:.1}µs ({:.1}-{:.1})", us(0.5), us(0.1), us(0.9))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--reads") {
        let text = page_json("facebook/sessions-en.html");
        let count: usize = args[at + 2].parse().expect("a count");
        let read = match args[at + 1].as_str() {
            "none" => return,
            name => {
                READERS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .expect("ours, serde, bare or none")
                    .1
            }
        };
        for _ in 0..count {
            assert!(read(black_box(&text)));
        }
        return;
    }
    println!("reading a snapshot's JSON text, native (cargo bench); {ROUNDS} rounds");
    println!(
        "{:<8} {:>7}  {:>24}  {:>24}  {:>24}  {:>13}  {:>13}",
        "page",
        "bytes",
        "ours (p10-p90)",
        "serde (p10-p90)",
        "bare pass (p10-p90)",
        "ours / serde",
        "ours / bare"
    );
    for (name, page) in [
        ("small", "facebook/login-en.html"),
        ("typical", "facebook/sessions-en.html"),
    ] {
        let text = page_json(page);
        let counts: Vec<usize> = READERS
            .iter()
            .map(|(_, read)| {
                let start = Instant::now();
                let mut count = 0;
                while start.elapsed() < WARM_UP {
                    assert!(read(black_box(&text)));
                    count += 1;
                }
                let per_read = WARM_UP.as_secs_f64() / count as f64;
                (MIN_SAMPLE.as_secs_f64() / per_read).ceil() as usize
            })
            .collect();
        let mut times = vec![Vec::new(); READERS.len()];
        for round in 0..ROUNDS {
            for k in 0..READERS.len() {
                let i = (round + k) % READERS.len();
                times[i].push(batch(READERS[i].1, &text, counts[i]));
            }
        }
        let ratio = |a: usize, b: usize| {
            let ratios: Vec<f64> = times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect();
            let mut sorted = ratios;
            sorted.sort_by(f64::total_cmp);
            format!(
                "{:.2}x ({:.2}-{:.2})",
                percentile(&sorted, 0.5),
                percentile(&sorted, 0.1),
                percentile(&sorted, 0.9)
            )
        };
        println!(
            "{name:<8} {:>7}  {:>24}  {:>24}  {:>24}  {:>13}  {:>13}",
            text.len(),
            show(&times[0]),
            show(&times[1]),
            show(&times[2]),
            ratio(0, 1),
            ratio(0, 2)
        );
    }
}
