//! `dlens`: the Disclosure Lens core on the command line.
//!
//! `dlens scan FILE.html` reads a saved page into the same snapshot the browser extension builds and
//! prints the report; `dlens kb` prints the knowledge base. It is the researcher's tool and the tests'
//! oracle: the extension must say what `dlens` says.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_lens::classify::ScanTime;
use disclosure_lens::report::{Report, Severity};
use disclosure_lens::{classify, html, kb, Options};

#[derive(Parser)]
#[command(
    name = "dlens",
    version,
    about = "What a platform keeps about you, and who can get it: from a saved page."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify a saved HTML page and print what it shows the platform keeps.
    Scan {
        /// The saved page (.html).
        file: PathBuf,
        /// The page's address, when the file does not give it (canonical link or og:url).
        #[arg(long)]
        url: Option<String>,
        /// Language of the report texts: en or es (default: the page's own language).
        #[arg(long)]
        lang: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// The time of the scan, RFC 3339 (e.g. 2026-12-03T09:45:00-06:00): relative times on the
        /// page are read against it, on the clock of its UTC offset. Default: now, in UTC.
        #[arg(long, value_name = "RFC3339", value_parser = ScanTime::parse_rfc3339)]
        now: Option<ScanTime>,
    },
    /// Print the snapshot of a saved HTML page as JSON: what the classifier reads.
    Snapshot {
        /// The saved page (.html).
        file: PathBuf,
        /// The page's address, when the file does not give it.
        #[arg(long)]
        url: Option<String>,
    },
    /// Print the knowledge base: the platform x record x process matrix as Markdown, or all as JSON.
    Kb {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dlens: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Scan {
            file,
            url,
            lang,
            json,
            now,
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let snapshot = html::snapshot_from_html(&text, url.as_deref());
            if snapshot.url.is_empty() {
                return Err(format!(
                    "{} does not say its address; give it with --url",
                    file.display()
                ));
            }
            let now = match now {
                Some(now) => now,
                None => current_time()?,
            };
            let options = Options {
                language: lang,
                now: Some(now.utc_ms()),
                utc_offset_minutes: Some(now.offset_minutes()),
                ..Options::default()
            };
            let report = classify(snapshot, &options)
                .map_err(|e| format!("{}: {} ({})", file.display(), e.message, e.code))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                );
            } else {
                print!("{}", human(&report));
            }
            Ok(())
        }
        Command::Snapshot { file, url } => {
            let snapshot = read_snapshot(&file, url.as_deref())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&snapshot).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Command::Kb { json } => {
            let kb = kb::knowledge_base()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&kb::export(kb)).map_err(|e| e.to_string())?
                );
            } else {
                print!("{}", kb::matrix_markdown(kb));
            }
            Ok(())
        }
    }
}

/// The clock's time, in UTC.
fn current_time() -> Result<ScanTime, String> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| format!("the system clock is before 1970: {e}"))?;
    let ms = i64::try_from(since_epoch.as_millis()).map_err(|e| e.to_string())?;
    ScanTime::new(ms, 0)
}

/// Reads a saved page into a snapshot; its address must be known.
fn read_snapshot(
    file: &std::path::Path,
    url: Option<&str>,
) -> Result<disclosure_lens::PageSnapshot, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let snapshot = html::snapshot_from_html(&String::from_utf8_lossy(&bytes), url);
    if snapshot.url.is_empty() {
        return Err(format!(
            "{} does not say its address; give it with --url",
            file.display()
        ));
    }
    Ok(snapshot)
}

/// The report for a person at a terminal.
fn human(report: &Report) -> String {
    let mut out = format!("{}\n", report.url);
    let platform = if report.platform_name.is_empty() {
        report.platform.clone()
    } else {
        format!("{} ({})", report.platform_name, report.platform)
    };
    out += &format!(
        "  platform  {platform}\n  page      {}\n",
        report.page_kind.as_str()
    );
    if report.partial {
        out +=
            "  note      the page was larger than the limits; this report covers its start only\n";
    }
    for session in &report.sessions {
        let parts: Vec<&str> = [
            &session.device,
            &session.location,
            &session.ip,
            &session.time,
        ]
        .into_iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
        out += &format!(
            "  session   {}{}\n",
            parts.join(" | "),
            if session.current { " (current)" } else { "" }
        );
    }
    for setting in &report.settings {
        out += &format!("  setting   {} = {}\n", setting.label, setting.state);
    }
    if let Some(view) = &report.subpoena_view {
        let span = match (&view.first, &view.last) {
            (Some(first), Some(last)) => format!(", from {first} to {last}"),
            (Some(first), None) => format!(", {first}"),
            _ => String::new(),
        };
        out += &format!(
            "  subpoena  {} IP addresses, {} places, {} devices{span}\n",
            view.ips, view.places, view.devices,
        );
    }
    for finding in &report.findings {
        let level = match finding.severity {
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Info => "INFO",
        };
        out += &format!("  [{level}] {}\n      {}\n", finding.title, finding.text);
        for source in &finding.sources {
            out += &format!(
                "      source: {} <{}> (read {})\n",
                source.title, source.url, source.read
            );
        }
    }
    if report.findings.is_empty() {
        out += "  no warnings for this page\n";
    }
    out
}
