//! `cargo bench --bench classify` (`make bench` runs it): what classifying a page costs
//! natively, on three snapshots.
//!
//! - **small**: a sign-in page, `tests/fixtures/pages/facebook/login-en.html`;
//! - **typical**: a session list, `tests/fixtures/pages/facebook/sessions-en.html` (~500 nodes);
//! - **1 MB**: generated, a Facebook security page whose session rows and settings (each with its
//!   description) are repeated until the text is about 1 MB, within the snapshot limits.
//!
//! For each it prints the time to classify one snapshot (median, and the spread p10–p90 of the
//! samples), the throughput in MB/s of text, the ratio to one bare scan, and the ratio when the rule
//! set is multiplied by 10.
//!
//! - **Text**: the UTF-8 bytes the phrase automaton reads: the title, every node's text and every
//!   `aria-label`. 1 MB = 10^6 bytes.
//! - **Bare scan**: one run of the same Aho-Corasick automaton ([`Classifier::count_matches`]) over
//!   the same text, folded beforehand (not timed) and joined by newlines, counting the raw matches.
//!   It is the floor of the one-pass design: no classifier that finds these phrases can read the text
//!   for less. A plain byte scan would measure memory bandwidth instead, and the ratio would mostly be
//!   the automaton's own cost rather than what classification adds to it.
//! - **Rules x10**: every phrase list of the compiled-in rules (page-kind phrases, setting labels,
//!   every session and time word list) with each phrase followed by nine variants that no page
//!   contains (`"{phrase} zqx1"` … `"zqx9"`): ten times the patterns in the one automaton, the same
//!   matches. The reports must come out identical, or the benchmark stops.
//!
//! Harness: calls run in batches of at least `MIN_SAMPLE`, each call on a fresh copy of the
//! snapshot made outside the clock. The four figures of a size (classify and bare scan, with the
//! normal and the multiplied rules) are warmed up for `WARM_UP` each, then timed together:
//! `SAMPLES` rounds of one batch of each, so that their ratios hold when the shared machine's load
//! changes. A figure is the median time per call, with the 10th and 90th percentiles as spread.
//!
//! Writes `target/bench-native.json` (the figures) and `target/bench/<size>.json` (the snapshots),
//! which the WASM benchmark (`bench/wasm.mjs`) reads; `make bench` runs both.
//!
//! With `--peer` (`cargo bench --bench classify -- --peer`) it is instead the native core as a peer
//! of `bench/peers.mjs`, which times it round by round against the WASM build in another process:
//! see [`peer`]. With `--count <set>` it classifies each page of a set once, warm, for an
//! instruction count under callgrind: see [`count`].

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use disclosure_lens::classify::{fold, Rules};
use disclosure_lens::html::snapshot_from_html;
use disclosure_lens::snapshot::{MAX_NODES, MAX_TOTAL_TEXT};
use disclosure_lens::{Classifier, Options, PageSnapshot, Report};
use serde_json::{json, Value};

/// Untimed calls first, so that caches, the allocator and branch predictors are warm.
const WARM_UP: Duration = Duration::from_millis(500);
/// Calls are batched until a batch takes at least this long: clock resolution and loop cost vanish.
const MIN_SAMPLE: Duration = Duration::from_millis(25);
/// Rounds of batches, one batch of each thing timed per round; the median of an odd count is a
/// sample.
const SAMPLES: usize = 101;
/// How many variants of each phrase the multiplied rule set has, the phrase included.
const RULES_FACTOR: usize = 10;
/// The generated page's text, in UTF-16 code units as the limit counts it: just under the limit.
const GENERATED_TEXT: usize = MAX_TOTAL_TEXT - 10_000;
/// Session rows on the generated page; settings fill the rest of its text.
const GENERATED_ROWS: usize = 500;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|arg| arg == "--peer") {
        return peer();
    }
    if let Some(at) = args.iter().position(|arg| arg == "--count") {
        let set = args.get(at + 1).expect("--count <set>");
        return count(set);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = |path: &str| {
        let path = root.join("tests/fixtures/pages").join(path);
        let html = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        snapshot_from_html(&html, None)
    };
    let pages = [
        ("small", Some("facebook/login-en.html")),
        ("typical", Some("facebook/sessions-en.html")),
        ("1MB", None),
    ];

    let normal = Classifier::builtin().expect("the compiled-in rules build");
    let (rules_x10, patterns) = multiplied(normal.rules());
    let large = Classifier::new(rules_x10);
    let options = Options::default();

    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir).expect("target/bench can be created");
    println!(
        "classify, native (cargo bench); rules: {patterns} phrases, x{RULES_FACTOR}: {}",
        patterns * RULES_FACTOR
    );
    println!(
        "{:<8} {:>6} {:>9}  {:>22}  {:>8}  {:>20}  {:>10}  {:>9}  {:>9}",
        "size",
        "nodes",
        "text",
        "classify (p10-p90)",
        "MB/s",
        "bare scan (p10-p90)",
        "/bare scan",
        "x10 rules",
        "x10 scan"
    );
    let mut results = Vec::new();
    for (name, fixture_path) in pages {
        let snapshot = fixture_path.map_or_else(generated_page, fixture);
        let report = normal
            .classify(snapshot.clone(), &options)
            .expect("the page classifies");
        assert!(!report.partial, "{name}: the snapshot must fit the limits");
        assert_eq!(
            as_json(&report),
            as_json(
                &large
                    .classify(snapshot.clone(), &options)
                    .expect("the page classifies")
            ),
            "{name}: a phrase variant of the x{RULES_FACTOR} rules matched"
        );
        let texts = texts(&snapshot);
        let text_bytes: usize = texts.iter().map(|t| t.len()).sum();
        let folded = texts.iter().map(|t| fold(t)).collect::<Vec<_>>().join("\n");

        let [classify, scan, classify_x10, scan_x10] = measure([
            timed(|| snapshot.clone(), |s| normal.classify(s, &options)),
            timed(|| (), |()| normal.count_matches(black_box(&folded))),
            timed(|| snapshot.clone(), |s| large.classify(s, &options)),
            timed(|| (), |()| large.count_matches(black_box(&folded))),
        ]);

        let mb_per_s = text_bytes as f64 / 1e6 / classify.median;
        println!(
            "{name:<8} {:>6} {:>9}  {:>22}  {mb_per_s:>8.1}  {:>20}  {:>9.2}x  {:>8.2}x  {:>8.2}x",
            snapshot.nodes.len(),
            kilobytes(text_bytes),
            classify.show(),
            scan.show(),
            classify.median / scan.median,
            classify_x10.median / classify.median,
            scan_x10.median / scan.median,
        );

        let snapshot_file = out_dir.join(format!("{name}.json"));
        std::fs::write(
            &snapshot_file,
            serde_json::to_string(&snapshot).expect("snapshots serialise"),
        )
        .expect("the snapshot can be written");
        results.push(json!({
            "name": name,
            "source": fixture_path.unwrap_or("generated"),
            "snapshot": relative(root, &snapshot_file),
            "nodes": snapshot.nodes.len(),
            "text_bytes": text_bytes,
            "bare_scan_matches": normal.count_matches(&folded),
            "page_kind": report.page_kind,
            "sessions": report.sessions.len(),
            "settings": report.settings.len(),
            "classify": classify.to_json(),
            "bare_scan": scan.to_json(),
            "classify_rules_x10": classify_x10.to_json(),
            "bare_scan_rules_x10": scan_x10.to_json(),
            "mb_per_s": mb_per_s,
            "classify_over_bare_scan": classify.median / scan.median,
            "rules_x10_over_normal": classify_x10.median / classify.median,
            "bare_scan_rules_x10_over_normal": scan_x10.median / scan.median,
        }));
    }
    println!(
        "median of {SAMPLES} samples per figure; text = UTF-8 bytes of title, node texts and aria-labels; \
         bare scan = one pass of the same automaton over that text, folded and joined"
    );

    let figures = json!({
        "machine": machine(),
        "profile": "release under cargo bench (opt-level \"s\", lto, codegen-units 1; panic unwind)",
        "samples": SAMPLES,
        "phrases": patterns,
        "phrases_x10": patterns * RULES_FACTOR,
        "sizes": results,
    });
    let out = root.join("target/bench-native.json");
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&figures).expect("figures serialise"),
    )
    .expect("target/bench-native.json can be written");
    println!("wrote {}", relative(root, &out));
}

/// The snapshots of `target/bench/corpus.json` (written by `bench/corpus.mjs`), by set: `small`,
/// `typical`, `corpus`.
/// The corpus's sets of pages, each page read by the core's own reader of a snapshot's JSON.
fn corpus_sets(corpus: &str) -> std::collections::BTreeMap<String, Vec<PageSnapshot<'static>>> {
    let sets: std::collections::BTreeMap<String, Vec<serde_json::Value>> =
        serde_json::from_str(corpus).expect("the corpus holds snapshots");
    sets.into_iter()
        .map(|(name, pages)| {
            let pages = pages.iter().map(|page| {
                PageSnapshot::from_json(&page.to_string())
                    .expect("a snapshot")
                    .into_owned()
            });
            (name, pages.collect())
        })
        .collect()
}

fn read_corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join("target/bench/corpus.json"))
        .expect("target/bench/corpus.json exists (bench/corpus.mjs)")
}

/// `--count <set>`: every page of the set classified once to warm up (the knowledge base, the rules
/// and their automaton, the figures are built on first use), then once each inside [`counted`].
/// Under callgrind, `--toggle-collect='*counted*'` gives the instructions of one warm call per page,
/// without the harness:
///
/// ```sh
/// valgrind --tool=callgrind --toggle-collect='*counted*' target/release/deps/classify-<hash> --count typical
/// ```
fn count(set: &str) {
    let corpus = read_corpus();
    let sets = corpus_sets(&corpus);
    let pages = sets.get(set).unwrap_or_else(|| panic!("no set {set}"));
    let options = Options::default();
    for page in pages {
        black_box(disclosure_lens::classify(page.clone(), &options).expect("classifies"));
    }
    let findings = counted(pages.clone(), &options);
    println!(
        "{set}: {} pages classified, {findings} findings",
        pages.len()
    );
}

/// Classifies each snapshot once; the findings, counted, keep the calls from being optimised away.
#[inline(never)]
fn counted(pages: Vec<PageSnapshot>, options: &Options) -> usize {
    pages
        .into_iter()
        .map(|page| {
            disclosure_lens::classify(black_box(page), options)
                .expect("classifies")
                .findings
                .len()
        })
        .sum()
}

/// The native core as a peer of `bench/peers.mjs`, with the protocol of `bench/peer-process.mjs`:
/// one line in, one line out. `calibrate <set> <ms>` warms up and answers the passes per batch of at
/// least `<ms>`; `run <set>
/// <passes>` answers milliseconds per pass, wall clock and on-CPU (this thread's run time from
/// `/proc/thread-self/schedstat`), separated by a space (a pass: every page of the set classified
/// once, each time the next of `COPIES` copies that differ in the URL's fragment). Sets are those of
/// `target/bench/corpus.json`; each call gets a fresh copy of its snapshot, made outside the clock.
fn peer() {
    use std::collections::BTreeMap;
    use std::io::{BufRead, Write};
    const COPIES: usize = 4;
    let corpus = read_corpus();
    let sets = corpus_sets(&corpus);
    let copies: BTreeMap<String, Vec<Vec<PageSnapshot>>> = sets
        .into_iter()
        .map(|(name, pages)| {
            let copies = (0..COPIES)
                .map(|k| {
                    pages
                        .iter()
                        .map(|page| {
                            let mut copy = page.clone();
                            let base = copy.url.split('#').next().unwrap_or_default();
                            copy.url = format!("{base}#copy-{k}").into();
                            copy
                        })
                        .collect()
                })
                .collect();
            (name, copies)
        })
        .collect();
    let options = Options::default();
    let mut turn = 0;
    let on_cpu_ms = || -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |ns| ns / 1e6)
    };
    let mut run_batch = |set: &str, passes: usize| -> (Duration, f64) {
        let pages = copies.get(set).unwrap_or_else(|| panic!("no set {set}"));
        let inputs: Vec<PageSnapshot> = (0..passes)
            .flat_map(|pass| pages[(turn + pass) % COPIES].iter().cloned())
            .collect();
        turn += passes;
        let cpu_before = on_cpu_ms();
        let start = Instant::now();
        for snapshot in inputs {
            black_box(
                disclosure_lens::classify(black_box(snapshot), &options).expect("classifies"),
            );
        }
        (start.elapsed(), on_cpu_ms() - cpu_before)
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready native")
        .and_then(|()| out.flush())
        .expect("stdout");
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            ["calibrate", set, min_ms] => {
                let min = Duration::from_millis(min_ms.parse().expect("a number of ms"));
                let warm_up = Instant::now();
                let mut passes = 1;
                loop {
                    if run_batch(set, passes).0 < min {
                        passes *= 2;
                    } else if warm_up.elapsed() >= WARM_UP {
                        break passes.to_string();
                    }
                }
            }
            ["run", set, passes] => {
                let passes: usize = passes.parse().expect("a number of passes");
                let (took, cpu) = run_batch(set, passes);
                format!(
                    "{} {}",
                    took.as_secs_f64() * 1e3 / passes as f64,
                    cpu / passes as f64
                )
            }
            ["quit"] => break,
            _ => panic!("unknown command {line}"),
        };
        writeln!(out, "{answer}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

/// The timing of one measurement, in seconds per call.
struct Stats {
    median: f64,
    p10: f64,
    p90: f64,
    batch: usize,
}

impl Stats {
    fn show(&self) -> String {
        format!(
            "{} ({}-{})",
            duration(self.median),
            duration(self.p10),
            duration(self.p90)
        )
    }

    fn to_json(&self) -> Value {
        json!({
            "median_ms": self.median * 1e3,
            "p10_ms": self.p10 * 1e3,
            "p90_ms": self.p90 * 1e3,
            "samples": SAMPLES,
            "calls_per_sample": self.batch,
        })
    }
}

/// Something to time: `batch` calls, each on a fresh input made outside the clock; how long they took.
type Timed<'a> = Box<dyn Fn(usize) -> Duration + 'a>;

fn timed<'a, I, O>(input: impl Fn() -> I + 'a, run: impl Fn(I) -> O + 'a) -> Timed<'a> {
    Box::new(move |batch| {
        let inputs: Vec<I> = (0..batch).map(|_| input()).collect();
        let start = Instant::now();
        for i in inputs {
            black_box(run(black_box(i)));
        }
        start.elapsed()
    })
}

/// Times several things together: each is warmed up and its batch sized, then the `SAMPLES` rounds
/// take one batch of each in turn, so that a change in the machine's load (it is shared) falls on
/// all of them alike and their ratios hold.
fn measure<const N: usize>(cases: [Timed; N]) -> [Stats; N] {
    let batches = cases.each_ref().map(|case| {
        let warm_up = Instant::now();
        let mut batch = 1;
        loop {
            let took = case(batch);
            if took < MIN_SAMPLE {
                batch *= 2;
            } else if warm_up.elapsed() >= WARM_UP {
                return batch;
            }
        }
    });
    let mut per_call = [(); N].map(|()| Vec::with_capacity(SAMPLES));
    for _ in 0..SAMPLES {
        for ((case, batch), samples) in cases.iter().zip(batches).zip(&mut per_call) {
            samples.push(case(batch).as_secs_f64() / batch as f64);
        }
    }
    for samples in &mut per_call {
        samples.sort_by(f64::total_cmp);
    }
    std::array::from_fn(|i| {
        let samples = &per_call[i];
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        Stats {
            median: at(0.5),
            p10: at(0.1),
            p90: at(0.9),
            batch: batches[i],
        }
    })
}

/// The texts the phrase automaton reads: the title, each node's text and `aria-label`.
fn texts<'a>(snapshot: &'a PageSnapshot) -> Vec<&'a str> {
    std::iter::once(&*snapshot.title)
        .chain(snapshot.nodes.iter().map(|n| &*n.text))
        .chain(snapshot.nodes.iter().filter_map(|n| n.label.as_deref()))
        .collect()
}

/// `rules` with every phrase list `RULES_FACTOR` times as long, and how many phrases it had.
fn multiplied(rules: &Rules) -> (Rules, usize) {
    let mut value = serde_json::to_value(rules).expect("rules serialise");
    let mut phrases = 0;
    for section in ["kinds", "settings"] {
        for rule in value[section].as_array_mut().into_iter().flatten() {
            phrases += multiply_lists(&mut rule["phrases"]);
        }
    }
    phrases += multiply_lists(&mut value["sessions"]);
    let rules = serde_json::from_value(value).expect("the multiplied rules keep their shape");
    (rules, phrases)
}

/// Appends the variants of each phrase to every list of strings within `value`; counts the phrases.
fn multiply_lists(value: &mut Value) -> usize {
    match value {
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let phrases: Vec<String> = items
                .iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect();
            items.extend((1..RULES_FACTOR).flat_map(|k| {
                phrases
                    .iter()
                    .map(move |p| Value::from(format!("{p} zqx{k}")))
            }));
            phrases.len()
        }
        Value::Array(items) => items.iter_mut().map(multiply_lists).sum(),
        Value::Object(map) => map.values_mut().map(multiply_lists).sum(),
        _ => 0,
    }
}

/// Settings as a Facebook security page lists them, each with a description under it (written for
/// the benchmark in the platform's manner).
const SETTINGS: [(&str, &str); 8] = [
    (
        "Location history",
        "Location History lets you see and manage the places you've been with your mobile \
         devices, even when you're not using Facebook. When it's on, Facebook builds a history of \
         precise locations received through Location Services on your device, and keeps it until \
         you delete it. You can view or delete your location history at any time.",
    ),
    (
        "Off-Facebook activity",
        "Your off-Facebook activity is a summary of activity that businesses and organizations \
         share with us about your interactions with them, such as visiting their apps or websites. \
         They use our business tools, such as Meta Pixel, to share this information with us. We use \
         it to personalize your experience, including the ads you see.",
    ),
    (
        "Personalized ads",
        "Choose whether we can use data from partners about your activity on websites and apps to \
         show you personalized ads. If you turn this off, you will still see the same number of \
         ads, but they may be less relevant to you and based on your activity on Meta technologies \
         only.",
    ),
    (
        "Upload contacts",
        "Continuous contact uploading lets you send info about your phone contacts to Meta on an \
         ongoing basis. This info includes names, phone numbers and nicknames, and helps us suggest \
         people you may know. Turning this off stops new uploads but doesn't delete contacts you \
         have already uploaded.",
    ),
    (
        "Two-factor authentication",
        "We'll ask for a login code if we notice an attempted login from an unrecognized device or \
         browser. You can get codes from an authentication app, a text message (SMS) to your mobile \
         phone, or a security key. Two-factor authentication helps protect your account even if \
         someone else has your password.",
    ),
    (
        "Get alerts about unrecognized logins",
        "We'll let you know if anyone logs in from a device or browser you don't usually use. \
         Alerts come by notification, Messenger or email, and include the device, the approximate \
         location and the time of the login, so that you can log out of it right away from Where \
         you're logged in.",
    ),
    (
        "Activity status",
        "Show when you're active together. When this is on, you and your friends can see when each \
         of you was last active or is currently active on Facebook and Messenger. When it's off, \
         you won't see when your friends are active, and they won't see when you are.",
    ),
    (
        "Search engines",
        "Do you want search engines outside of Facebook to link to your profile? When this is on, \
         search engines may link to your profile in their results, and people who search for your \
         name on the web may find it. It may take some time for search engines to stop showing your \
         profile after you change this.",
    ),
];

/// The 1 MB page: a Facebook security page, shaped like the fixture's (banner, headings, a list of
/// session rows with device, place, IP address and time), with `GENERATED_ROWS` session rows and
/// then settings (label, description, when it last changed, a switch) until the text is
/// `GENERATED_TEXT`, within `MAX_NODES`.
fn generated_page() -> PageSnapshot<'static> {
    const DEVICES: [&str; 6] = [
        "Windows PC",
        "iPhone 15",
        "MacBook Air",
        "Galaxy S23",
        "iPad",
        "Pixel 8",
    ];
    const PLACES: [&str; 5] = [
        "Houston, TX, United States",
        "Austin, TX, United States",
        "Dallas, TX, United States",
        "San Antonio, TX, United States",
        "El Paso, TX, United States",
    ];
    // The English month names of the vocabulary (kb/vocabulary.toml), as the core words dates.
    let vocabulary = &disclosure_lens::kb::knowledge_base()
        .expect("the knowledge base")
        .vocabulary;
    let when = |i: usize| {
        format!(
            "{} {} at {}:{:02} {}",
            vocabulary.template(&format!("month_{}", 1 + i % 12), "en"),
            1 + i % 28,
            1 + i % 12,
            i * 7 % 60,
            if i % 2 == 0 { "AM" } else { "PM" }
        )
    };
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><title>Security and login settings | Facebook\
         </title><link rel=\"canonical\" href=\"https://www.facebook.com/settings?tab=security\">\
         </head><body><div role=\"banner\"><a href=\"/\" aria-label=\"Facebook\" role=\"link\"></a>\
         </div><div role=\"main\"><h1>Security and login</h1><h2>Where you're logged in</h2>\
         <div role=\"list\">",
    );
    let mut text = 0;
    let mut nodes = 0;
    for i in 0..GENERATED_ROWS {
        let device = DEVICES[i % DEVICES.len()];
        let place = PLACES[i / 3 % PLACES.len()];
        let ip = if i % 4 == 3 {
            format!("2001:db8:4f2a:{:x}::1b", i)
        } else {
            format!("203.0.{}.{}", 113 + i / 250, i % 250 + 1)
        };
        let time = if i == 0 {
            "Active now".to_owned()
        } else {
            when(i)
        };
        let _ = write!(
            html,
            "<div role=\"listitem\"><div><span>{device}</span><span>{place}</span></div><div>\
             <span>{ip}</span><span>{time}</span></div><div role=\"button\" \
             aria-label=\"More options\"></div></div>"
        );
        // Every string the snapshot counts toward MAX_TOTAL_TEXT: the cells' texts and the button's label.
        text += [device, place, &ip, &time, "More options"]
            .iter()
            .map(|t| utf16(t))
            .sum::<usize>();
        nodes += 8;
    }
    html.push_str("</div><h2>Login and privacy</h2>");
    for (i, (label, description)) in SETTINGS.iter().cycle().enumerate() {
        let description = format!("{description} Last changed {}.", when(i));
        // The label is counted twice: the span's text and the switch's aria-label.
        let size = 2 * utf16(label) + utf16(&description);
        if text + size > GENERATED_TEXT || nodes + 5 > MAX_NODES - 100 {
            break;
        }
        let checked = if i % 3 == 0 { "" } else { " checked" };
        let _ = write!(
            html,
            "<div><div><span>{label}</span><span>{description}</span></div><input \
             type=\"checkbox\" role=\"switch\" aria-label=\"{label}\"{checked}></div>"
        );
        text += size;
        nodes += 5;
    }
    html.push_str("</div></body></html>");
    snapshot_from_html(&html, None)
}

fn utf16(s: &str) -> usize {
    s.encode_utf16().count()
}

fn as_json(report: &Report) -> Value {
    serde_json::to_value(report).expect("reports serialise")
}

/// The CPU and the cores, for the record.
fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    json!({ "cpu": cpu, "cores": cores, "os": std::env::consts::OS })
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), PathBuf::from)
        .display()
        .to_string()
}

fn kilobytes(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1e3)
}

fn duration(seconds: f64) -> String {
    match seconds {
        s if s < 1e-3 => format!("{:.1}µs", s * 1e6),
        s if s < 1.0 => format!("{:.2}ms", s * 1e3),
        s => format!("{s:.2}s"),
    }
}
