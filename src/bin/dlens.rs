//! `dlens`: the Disclosure Lens core on the command line.
//!
//! `dlens scan FILE.html` reads a saved page into the same snapshot the browser extension builds and
//! prints the report; `dlens archive EXPORT` reads a platform's data export (.zip or folder) and says
//! what its login record shows and who can get it; `dlens kb` prints the knowledge base. It is the
//! researcher's tool and the tests' oracle: the extension must say what `dlens` says.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_lens::report::{Basis, Report, Severity};
use disclosure_lens::{archive, classify, html, kb, Options};

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
        /// Whose law to describe: US, EU or UK (the knowledge base's jurisdictions).
        #[arg(long, default_value = "US")]
        jurisdiction: String,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the snapshot of a saved HTML page as JSON: what the classifier reads.
    Snapshot {
        /// The saved page (.html).
        file: PathBuf,
        /// The page's address, when the file does not give it.
        #[arg(long)]
        url: Option<String>,
    },
    /// Read a platform's data export (.zip or its folder): the login record a subpoena would return.
    Archive {
        /// The export as downloaded (.zip), or the folder it was unpacked into.
        path: PathBuf,
        /// Whose law to describe: US, EU or UK.
        #[arg(long, default_value = "US")]
        jurisdiction: String,
        /// Language of the texts: en or es.
        #[arg(long)]
        lang: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
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
            jurisdiction,
            json,
        } => {
            known_jurisdiction(&jurisdiction)?;
            let snapshot = read_snapshot(&file, url.as_deref())?;
            let options = Options {
                language: lang,
                jurisdiction: Some(jurisdiction),
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
        Command::Archive {
            path,
            jurisdiction,
            lang,
            json,
        } => {
            known_jurisdiction(&jurisdiction)?;
            let report = read_archive(&path, jurisdiction, lang)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                );
            } else {
                print!("{}", human_archive(&report));
            }
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

/// Refuses a jurisdiction the knowledge base does not know.
fn known_jurisdiction(jurisdiction: &str) -> Result<(), String> {
    let known = &kb::knowledge_base()?.vocabulary.jurisdictions;
    if known.iter().any(|j| j.id == jurisdiction) {
        return Ok(());
    }
    let ids: Vec<&str> = known.iter().map(|j| j.id.as_str()).collect();
    Err(format!(
        "unknown jurisdiction {jurisdiction:?}: choose one of {}",
        ids.join(", ")
    ))
}

/// Reads an export from a zip or a folder.
fn read_archive(
    path: &std::path::Path,
    jurisdiction: String,
    lang: Option<String>,
) -> Result<archive::ArchiveReport, String> {
    let failed = |e: archive::ArchiveError| format!("{}: {e}", path.display());
    let mut reader = archive::ArchiveReader::default();
    if path.is_dir() {
        archive::read_folder(path, &mut reader).map_err(failed)?;
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        archive::read_zip(std::io::BufReader::new(file), &mut reader).map_err(failed)?;
    }
    let options = Options {
        language: lang,
        jurisdiction: Some(jurisdiction),
        ..Options::default()
    };
    reader.report(&options).map_err(failed)
}

/// An export's report for a person at a terminal: the counts, then who can get these records.
fn human_archive(report: &archive::ArchiveReport) -> String {
    let mut out = format!(
        "{} ({}) data export, law of {}\n",
        report.platform_name, report.platform, report.jurisdiction
    );
    out += &format!(
        "  logins    {} distinct login records from {} IP addresses\n",
        report.logins, report.ips
    );
    if let (Some(first), Some(last)) = (&report.first, &report.last) {
        out += &format!("  span      {first} to {last}\n");
    }
    for row in report.addresses.iter().take(5) {
        out += &format!(
            "  ip        {} ({} login{}){}\n",
            row.ip,
            row.logins,
            if row.logins == 1 { "" } else { "s" },
            if row.places.is_empty() {
                String::new()
            } else {
                format!(", {}", row.places.join("; "))
            }
        );
    }
    if report.addresses.len() > 5 {
        out += &format!(
            "  ip        … and {} more (--json lists all)\n",
            report.addresses.len() - 5
        );
    }
    out += &format!(
        "  files     {} read, {} skipped, {} with errors\n",
        report.read.len(),
        report.skipped.len() + report.skipped_unlisted,
        report.errors.len()
    );
    for error in &report.errors {
        out += &format!("  error     {}: {}\n", error.path, error.message);
    }
    for finding in &report.findings {
        out += &format!(
            "  [{}] {}\n      {}\n",
            level(finding.severity),
            finding.title,
            finding.text
        );
        for source in &finding.sources {
            out += &format!("      source: {} <{}>\n", source.title, source.url);
        }
    }
    if let Some(no_facts) = &report.no_facts {
        out += &format!("  NO FACTS  {no_facts}\n");
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Info => "INFO",
    }
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
        "  platform  {platform}\n  page      {}\n  law of    {}\n",
        report.page_kind.as_str(),
        report.jurisdiction
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
        out += &format!(
            "  subpoena  {} IP addresses, {} places, {} devices, from {} to {}\n",
            view.ips,
            view.places,
            view.devices,
            view.first.as_deref().unwrap_or("?"),
            view.last.as_deref().unwrap_or("?")
        );
    }
    for finding in &report.findings {
        let level = match finding.severity {
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Info => "INFO",
        };
        let basis = match finding.basis {
            Basis::Platform => "platform",
            Basis::Law => "law",
        };
        out += &format!(
            "  [{level}] ({basis}) {}\n      {}\n",
            finding.title, finding.text
        );
        for source in &finding.sources {
            out += &format!(
                "      source: {} <{}> (read {})\n",
                source.title, source.url, source.read
            );
        }
    }
    if let Some(no_facts) = &report.no_facts {
        out += &format!("  NO FACTS  {no_facts}\n");
    } else if report.findings.is_empty() {
        out += "  no warnings for this page\n";
    }
    out
}
