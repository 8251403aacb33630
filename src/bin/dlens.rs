//! `dlens`: the Disclosure Lens core on the command line.
//!
//! `dlens scan FILE.html` reads a saved page into the same snapshot the browser extension builds and
//! prints the report; `dlens archive EXPORT` reads a platform's data export (.zip or folder) and says
//! what its login record shows and who can get it; `dlens kb` prints the knowledge base. It is the
//! researcher's tool and the tests' oracle: the extension must say what `dlens` says.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_lens::classify::ScanTime;
use disclosure_lens::report::{Basis, Report, Severity};
use disclosure_lens::{archive, classify, figures, html, kb, Options};

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
        /// With --jurisdiction EU: the member state (ISO code, e.g. DE) whose figures to show.
        #[arg(long)]
        member_state: Option<String>,
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
    /// Write the core's data file (knowledge base, rules, figures) to standard output: the extension
    /// ships it beside its WebAssembly modules as pkg/disclosure_lens_data.bin.
    Data,
    /// Print the knowledge base: the platform x record x process matrix as Markdown, or all as JSON.
    Kb {
        #[arg(long)]
        json: bool,
    },
    /// Print the platforms' transparency-report figures on requests for user data, with sources.
    Figures {
        #[command(subcommand)]
        import: Option<FiguresImport>,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
        /// Only this platform (a kb/figures file name or a platform it covers, e.g. youtube).
        #[arg(long)]
        platform: Option<String>,
        /// Only requests from this country (ISO 3166-1 alpha-2: US, GB, DE, FR, ...).
        #[arg(long)]
        country: Option<String>,
        /// Validate, and report stale platforms, platforms without figures and missing SHA-256s.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Subcommand)]
enum FiguresImport {
    /// Read a platform's official file and print [[figures]] rows for kb/figures/<platform>.toml.
    Import {
        /// The file's layout: google, tiktok, discord, snap (CSV) or apple (the ZIP).
        format: String,
        /// The official file (or its verbatim copy).
        file: PathBuf,
        /// The [[sources]] id the rows cite.
        #[arg(long)]
        source: String,
        /// Requesting countries to import (repeat the option).
        #[arg(long = "country", required = true)]
        countries: Vec<String>,
        /// Last day of each period to import (YYYY-MM-DD; repeat the option; default all).
        #[arg(long = "period-end")]
        period_ends: Vec<String>,
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

/// Writes `bytes` to standard output. A reader that stopped reading (`dlens archive --json | head`)
/// is no error: it wants no more.
fn emit(bytes: &[u8]) -> Result<(), String> {
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("the output could not be written: {e}"))
        }
        _ => Ok(()),
    }
}

/// `value` as pretty JSON on standard output, and a line break.
fn emit_json(value: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    emit(format!("{text}\n").as_bytes())
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Scan {
            file,
            url,
            lang,
            jurisdiction,
            member_state,
            json,
            now,
        } => {
            known_jurisdiction(&jurisdiction)?;
            let snapshot = read_snapshot(&file, url.as_deref())?;
            let now = match now {
                Some(now) => now,
                None => current_time()?,
            };
            let options = Options {
                language: lang,
                jurisdiction: Some(jurisdiction),
                member_state,
                now: Some(now.utc_ms()),
                utc_offset_minutes: Some(now.offset_minutes()),
                ..Options::default()
            };
            let report = classify(snapshot, &options)
                .map_err(|e| format!("{}: {} ({})", file.display(), e.message, e.code))?;
            if json {
                emit_json(&report)?;
            } else {
                emit(human(&report).as_bytes())?;
            }
            Ok(())
        }
        Command::Snapshot { file, url } => {
            let snapshot = read_snapshot(&file, url.as_deref())?;
            emit_json(&snapshot)?;
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
                emit_json(&report)?;
            } else {
                emit(human_archive(&report).as_bytes())?;
            }
            Ok(())
        }
        Command::Data => emit(disclosure_lens::DATA_FILE),
        Command::Kb { json } => {
            let kb = kb::knowledge_base()?;
            if json {
                emit_json(&kb::export(kb))?;
            } else {
                emit(kb::matrix_markdown(kb).as_bytes())?;
            }
            Ok(())
        }
        Command::Figures {
            import:
                Some(FiguresImport::Import {
                    format,
                    file,
                    source,
                    countries,
                    period_ends,
                }),
            ..
        } => {
            for code in &countries {
                if !figures::import::COUNTRY_NAMES
                    .iter()
                    .any(|(c, _)| c == code)
                {
                    return Err(format!(
                        "{code}: the importers do not know how the reports name this country; add it to COUNTRY_NAMES"
                    ));
                }
            }
            let period_ends = period_ends
                .iter()
                .map(|d| figures::Date::parse(d))
                .collect::<Result<Vec<_>, _>>()?;
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let selection = figures::import::Selection {
                source: &source,
                countries: &countries,
                period_ends: &period_ends,
            };
            let rows = figures::import::import(&format, &bytes, &selection)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            if rows.is_empty() {
                return Err(format!(
                    "{}: no rows for those countries and periods",
                    file.display()
                ));
            }
            emit(figures::import::to_toml(&rows)?.as_bytes())?;
            Ok(())
        }
        Command::Figures {
            import: None,
            json,
            platform,
            country,
            check,
        } => {
            let today = figures::Date::today_utc();
            let all = figures::embedded(today).map_err(|problems| {
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            if check {
                emit(figures_check(&all, today).as_bytes())?;
                return Ok(());
            }
            let chosen: Vec<&figures::PlatformFigures> = match &platform {
                Some(id) => vec![all
                    .for_platform(id)
                    .ok_or_else(|| format!("no figures file covers {id:?}"))?],
                None => all.platforms.iter().collect(),
            };
            if json {
                let filtered: Vec<figures::PlatformFigures> = chosen
                    .into_iter()
                    .map(|p| figures::PlatformFigures {
                        figures: p
                            .figures
                            .iter()
                            .filter(|f| country.as_ref().is_none_or(|c| &f.country == c))
                            .cloned()
                            .collect(),
                        ..p.clone()
                    })
                    .collect();
                emit_json(&filtered)?;
            } else {
                for platform in chosen {
                    emit(figures_human(platform, country.as_deref()).as_bytes())?;
                }
            }
            Ok(())
        }
    }
}

/// One platform's figures for a person at a terminal: one line per row, never a total.
fn figures_human(platform: &figures::PlatformFigures, country: Option<&str>) -> String {
    let mut out = format!("{} ({})\n", platform.name, platform.platform);
    if let Some(reason) = &platform.unverified {
        return out + &format!("  no verified figures: {reason}\n");
    }
    if let Some(note) = &platform.note {
        out += &format!("  note: {note}\n");
    }
    let mut rows: Vec<&figures::Figure> = platform
        .figures
        .iter()
        .filter(|f| country.is_none_or(|c| f.country == c))
        .collect();
    if rows.is_empty() {
        return out + "  no figures for that country\n";
    }
    rows.sort_by(|a, b| (&a.country, b.period, &a.label).cmp(&(&b.country, a.period, &b.label)));
    let mut sources = Vec::new();
    for f in rows {
        let requests = match f.requests {
            figures::Count::Exact(n) => n.to_string(),
            figures::Count::Band { low, high } => format!("{low}-{high} (band)"),
        };
        let share = match (f.percent, f.process) {
            (_, Some(figures::Process::Preservation)) => {
                "preservation only: no data produced by it".to_string()
            }
            (Some(p), _) if f.derived => format!("some data produced: {p}% (derived from counts)"),
            (Some(p), _) => format!("some data produced: {p}%"),
            (None, _) => "share not published".to_string(),
        };
        let process = f.process.map_or("-", |p| p.as_str());
        out += &format!(
            "  {} {} {:<40} [{process}] requests {requests}; {share}; source {}\n",
            f.country,
            f.period.name(),
            f.label,
            f.source.id
        );
        if !sources.contains(&&f.source) {
            sources.push(&f.source);
        }
    }
    for source in sources {
        out += &format!("  source {}: {} <{}>", source.id, source.title, source.url);
        if let Some(copy) = &source.copy {
            out += &format!(
                "; read from {}@{}:{}",
                copy.repository, copy.commit, copy.path
            );
        }
        out += &format!(" (read {})\n", source.read);
    }
    out
}

/// `dlens figures --check`: what `make` reports about the figures (they already validated).
fn figures_check(all: &figures::Figures, today: figures::Date) -> String {
    let mut out = format!(
        "figures valid as of {today}: {} platforms, {} rows\n",
        all.platforms.len(),
        all.platforms.iter().map(|p| p.figures.len()).sum::<usize>()
    );
    for (platform, end) in all.stale(today) {
        out += &format!(
            "stale: {platform}: newest period ended {end}, more than {} months ago\n",
            figures::STALE_AFTER_MONTHS
        );
    }
    for platform in &all.platforms {
        if let Some(reason) = &platform.unverified {
            out += &format!("no verified figures: {}: {reason}\n", platform.platform);
        }
        let mut seen = Vec::new();
        for f in &platform.figures {
            if let Some(reason) = &f.source.sha256_unavailable {
                if !seen.contains(&&f.source.id) {
                    seen.push(&f.source.id);
                    out += &format!(
                        "no sha256: {}: source {}: {reason}\n",
                        platform.platform, f.source.id
                    );
                }
            }
        }
    }
    out
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
) -> Result<disclosure_lens::PageSnapshot<'static>, String> {
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
        if let Some(figure) = &finding.figure {
            out += &format!("      figures: {}\n", figure.text);
        }
    }
    if let Some(no_facts) = &report.no_facts {
        out += &format!("  NO FACTS  {no_facts}\n");
    }
    for step in &report.next_steps {
        out += &format!(
            "  NEXT  {}\n      {}\n      {}\n      <{}>\n",
            step.title, step.how, step.limits, step.url
        );
    }
    if let Some(note) = &report.logout_note {
        out += &format!("  {note}\n");
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
        if let Some(figure) = &finding.figure {
            out += &format!("      figures: {}\n", figure.text);
        }
    }
    if let Some(no_facts) = &report.no_facts {
        out += &format!("  NO FACTS  {no_facts}\n");
    } else if report.findings.is_empty() {
        out += "  no warnings for this page\n";
    }
    out
}
