//! The platforms' own figures beside a warning (issue 15): for the process a finding names, what
//! the platform's transparency report says about requests from the user's jurisdiction, worded
//! here in English and Spanish. Never silent: where there is no figure, the note says why.
//!
//! Which figure (`figures::Figures::figure_for`): the process's own row where the platform counts
//! it apart, else the platform's own categories under their labels, else none with the reason.
//! Nothing is added up, compared or ranked; preservation is never worded as a disclosure.
//!
//! Numbers are written the same way in both languages: 28,622 and 62.5%, as CLDR's Spanish for
//! Latin America (es-419) and its Mexican and US Spanish write them (`Intl.NumberFormat`), which
//! is how most of our Spanish-speaking readers write them; Spain's 28.622 would read as 28.6 there.

use crate::figures::{
    country_for_jurisdiction, for_findings, newest_first, Answer, Count, Date, Figure, NoFigure,
    Period, Process, STALE_AFTER_MONTHS,
};
use crate::figures::{PlatformFigures, EU_MEMBER_STATES};
use crate::kb::Text;
use crate::report::{FigureKind, FigureNote, Finding, SourceLink};
use serde::Serialize;

/// Who is asking, and in which language to say it.
pub struct Reader<'a> {
    /// A knowledge-base platform id and its display name.
    pub platform: &'a str,
    pub platform_name: &'a str,
    pub lang: &'a str,
    /// `US`, `UK`, `EU`.
    pub jurisdiction: &'a str,
    /// For the EU: the member state the user chose (ISO code).
    pub member_state: Option<&'a str>,
    /// The day of the scan, when known: figures older than `STALE_AFTER_MONTHS` say so.
    pub today: Option<Date>,
}

impl<'a> Reader<'a> {
    pub fn new(
        platform: &'a crate::kb::Platform,
        lang: &'a str,
        jurisdiction: &'a str,
        options: &'a super::Options,
    ) -> Self {
        Reader {
            platform: &platform.id,
            platform_name: &platform.name,
            lang,
            jurisdiction,
            member_state: options.member_state.as_deref(),
            today: options
                .now
                .map(|ms| Date::from_days_since_epoch(ms.div_euclid(86_400_000))),
        }
    }
}

/// Sets `figure` on every finding that names a process.
pub fn attach(reader: &Reader, findings: &mut [Finding]) {
    for finding in findings {
        finding.figure = note_for(reader, finding);
    }
}

/// The process a report may count as its own type, for a vocabulary process id.
fn report_process(id: &str) -> Option<Process> {
    Some(match id {
        "subpoena" => Process::Subpoena,
        "court_order" => Process::CourtOrder,
        "warrant" => Process::Warrant,
        "pen_register" => Process::PenRegister,
        "emergency" => Process::Emergency,
        "eu_preservation_order" => Process::Preservation,
        _ => return None,
    })
}

fn note_for(reader: &Reader, finding: &Finding) -> Option<FigureNote> {
    let named: Vec<&String> = finding
        .processes
        .iter()
        .chain(&finding.law_processes)
        .collect();
    let first = named.first()?;
    // The first process a report can count apart, preservation last (it discloses nothing); the
    // EU's and UK's orders have no type of their own in any report: the platform's categories.
    let process = named
        .iter()
        .filter_map(|id| report_process(id))
        .min_by_key(|p| *p == Process::Preservation);
    let process_id = named
        .iter()
        .find(|id| report_process(id) == process)
        .unwrap_or(first);
    let process_name = finding
        .why
        .processes
        .iter()
        .find(|p| &&p.id == process_id)
        .map_or(process_id.as_str(), |p| p.name.as_str());
    let es = reader.lang == "es";
    let more = if es {
        "Más sobre esta cifra"
    } else {
        "More about this figure"
    }
    .to_owned();
    let none = |text: String, meaning: Option<String>| FigureNote {
        kind: FigureKind::NoFigure,
        more: if es {
            "Por qué no hay cifras"
        } else {
            "Why there is no figure"
        }
        .to_owned(),
        text,
        previous: None,
        meaning,
        source: None,
        source_text: None,
    };
    let Some(country) = country_for_jurisdiction(reader.jurisdiction, reader.member_state) else {
        return Some(none(
            if reader.jurisdiction == "EU" {
                if es {
                    "Las cifras se publican por país y la UE no es uno: elige tu país de la UE en las opciones para ver las de sus autoridades.".into()
                } else {
                    "Figures are published per country, and the EU is not one: choose your EU country in the options to see its authorities' figures.".into()
                }
            } else if es {
                "No tenemos cifras para esta jurisdicción.".into()
            } else {
                "We have no figures for this jurisdiction.".into()
            },
            None,
        ));
    };
    let place = Place::of(&country);
    let figures = match for_findings() {
        Ok(figures) => figures,
        Err(_) => {
            return Some(none(
                if es {
                    "No se pudieron leer las cifras incluidas en la extensión.".into()
                } else {
                    "The figures built into the extension could not be read.".into()
                },
                None,
            ))
        }
    };
    let (kind, rows, intro, platform_name) = match figures.figure_for(
        reader.platform,
        &country,
        process,
    ) {
        Answer::ByProcess {
            platform_name,
            figures,
        } => (FigureKind::ByProcess, figures, None, platform_name),
        Answer::PlatformCategories {
            platform_name,
            figures,
        } => {
            let intro = if es {
                format!("{platform_name} no cuenta aparte las solicitudes de tipo «{process_name}» de las autoridades {}; esta es su propia categoría, que mezcla varios tipos de solicitud:", place.of)
            } else {
                format!("{platform_name} does not count “{process_name}” requests from authorities {} separately; this is its own category, which mixes several kinds of request:", place.in_)
            };
            (
                FigureKind::PlatformCategory,
                figures,
                Some(intro),
                platform_name,
            )
        }
        Answer::NoFigure { why } => {
            let (text, detail) = no_figure_text(&why, reader, process_name, &place, es);
            return Some(none(text, detail));
        }
    };
    let latest = rows.first()?.period;
    let sentences = |period: Period| -> String {
        rows.iter()
            .filter(|f| f.period == period)
            .map(|f| row_sentence(f, &platform_name, &place, es))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Spanish goes on in lower case after a colon; English starts the sentence anew.
    let after_colon = |text: String| match es {
        true => text.replacen("De ", "de ", 1),
        false => text,
    };
    let mut text = sentences(latest);
    if let Some(intro) = intro {
        text = format!("{intro} {}", after_colon(text));
    }
    if reader
        .today
        .is_some_and(|today| latest.end < today.months_before(STALE_AFTER_MONTHS))
    {
        text += if es {
            " Son las cifras más recientes que pudimos verificar, y tienen más de 18 meses."
        } else {
            " These are the newest figures we could verify, and they are more than 18 months old."
        };
    }
    let previous = rows
        .iter()
        .map(|f| f.period)
        .find(|p| *p != latest)
        .map(|period| {
            let before = if es {
                "Periodo anterior:"
            } else {
                "The period before:"
            };
            format!("{before} {}", after_colon(sentences(period)))
        });
    let source = &rows[0].source;
    let read = Date::parse(&source.read)
        .map(|d| long_date(d, es))
        .unwrap_or_else(|_| source.read.clone());
    Some(FigureNote {
        kind,
        more,
        text,
        previous,
        meaning: Some(meaning(&country, process, es)),
        source_text: Some(if es {
            format!("Fuente: {} (leída el {read}).", source.title)
        } else {
            format!("Source: {} (read {read}).", source.title)
        }),
        source: Some(SourceLink {
            title: source.title.clone(),
            url: source.url.clone(),
            read: source.read.clone(),
            as_of: None,
        }),
    })
}

/// A platform's figures for one requesting country, for the printable report (`dlens kb --json`):
/// every type it publishes for the latest two periods, newest first, each as published.
#[derive(Debug, Serialize)]
pub struct FigureTable {
    /// `US`, `UK` or `EU`: the jurisdiction whose readers this table is for.
    pub jurisdiction: &'static str,
    /// The requesting country (ISO code); empty for the EU table that says figures are per country.
    pub country: String,
    pub caption: Text,
    /// Period, the platform's type, requests, share with some data produced.
    pub columns: [Text; 4],
    pub rows: Vec<FigureTableRow>,
    /// Why there are no rows.
    pub none: Option<Text>,
    pub meaning: Text,
    /// Where the rows were read (the platform's URLs, with the date read).
    pub sources: Vec<SourceLink>,
}

#[derive(Debug, Serialize)]
pub struct FigureTableRow {
    pub period: Text,
    /// The platform's own label for the type.
    pub label: String,
    /// As published: an exact count, or a band ("0–499").
    pub requests: String,
    pub share: Text,
}

fn both(word: impl Fn(bool) -> String) -> Text {
    // Inserted one by one: `Text::from([..])` sorts its array, a sorting function of its own in
    // the module.
    let mut text = Text::new();
    text.insert("en".into(), word(false));
    text.insert("es".into(), word(true));
    text
}

/// The tables of the report covering `kb_platform` (`platform_name` for its wording): US, GB and
/// every EU member state it publishes figures for, and one EU table saying that figures are per
/// country and which countries this platform has.
pub fn tables(kb_platform: &str, platform_name: &str) -> Vec<FigureTable> {
    let figures = for_findings().ok();
    let platform = figures.and_then(|f| f.for_platform(kb_platform));
    let rows_of = |country: &str| -> Vec<&Figure> {
        let Some(platform) = platform.filter(|p| p.unverified.is_none()) else {
            return Vec::new();
        };
        // Each type's latest two periods: types are published on different schedules (national
        // security bands six months late), and the table is for seeing a change.
        let of_country = platform.figures.iter().filter(|f| f.country == country);
        let mut rows: Vec<&Figure> = of_country
            .clone()
            .filter(|f| {
                of_country
                    .clone()
                    .filter(|g| g.label == f.label && g.period > f.period)
                    .count()
                    < 2
            })
            .collect();
        rows.sort_by(newest_first);
        rows
    };
    let member_states: Vec<&str> = EU_MEMBER_STATES
        .iter()
        .copied()
        .filter(|cc| !rows_of(cc).is_empty())
        .collect();
    let mut tables: Vec<FigureTable> = [("US", "US"), ("UK", "GB")]
        .into_iter()
        .chain(member_states.iter().map(|cc| ("EU", *cc)))
        .map(|(jurisdiction, country)| {
            table(
                jurisdiction,
                country,
                platform_name,
                platform,
                rows_of(country),
            )
        })
        .collect();
    let listed = |es: bool| {
        member_states
            .iter()
            .map(|cc| {
                let place = Place::of(cc);
                if es {
                    place.of.trim_start_matches("de ").to_owned()
                } else {
                    place.in_.trim_start_matches("in ").to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut eu = table("EU", "", platform_name, platform, Vec::new());
    eu.none = Some(both(|es| {
        match (es, member_states.is_empty()) {
        (true, true) => "Las cifras se publican por país, y la UE no es uno: elige tu país de la UE en las opciones. No registramos cifras de esta plataforma para ningún país de la UE.".into(),
        (true, false) => format!("Las cifras se publican por país, y la UE no es uno: elige tu país de la UE en las opciones. Registramos cifras de esta plataforma para: {}.", listed(true)),
        (false, true) => "Figures are published per country, and the EU is not one: choose your EU country in the options. We recorded no figures of this platform for any EU country.".into(),
        (false, false) => format!("Figures are published per country, and the EU is not one: choose your EU country in the options. We recorded figures of this platform for: {}.", listed(false)),
    }
    }));
    tables.push(eu);
    tables
}

fn table(
    jurisdiction: &'static str,
    country: &str,
    platform_name: &str,
    platform: Option<&PlatformFigures>,
    rows: Vec<&Figure>,
) -> FigureTable {
    let place = Place::of(country);
    let none = rows.is_empty().then(|| {
        both(|es| {
            let why = match platform {
                None => NoFigure::NoReport,
                Some(p) => match &p.unverified {
                    Some(reason) => NoFigure::Unverified {
                        platform_name: p.name.clone(),
                        reason: reason.clone(),
                    },
                    None => NoFigure::NoCountry {
                        platform_name: p.name.clone(),
                    },
                },
            };
            let reader = Reader {
                platform: "",
                platform_name,
                lang: if es { "es" } else { "en" },
                jurisdiction,
                member_state: None,
                today: None,
            };
            let (text, detail) = no_figure_text(&why, &reader, "", &place, es);
            [Some(text), detail]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
    });
    FigureTable {
        jurisdiction,
        country: country.to_owned(),
        caption: both(|es| {
            if es {
                format!("Cifras de {platform_name}: solicitudes de las autoridades {}, últimos periodos publicados", place.of)
            } else {
                format!("{platform_name}'s own figures: requests from authorities {}, latest periods published", place.in_)
            }
        }),
        columns: [
            both(|es| if es { "Periodo" } else { "Period" }.into()),
            both(|es| {
                if es {
                    "Tipo, como lo llama la plataforma"
                } else {
                    "Type, in the platform's words"
                }
                .into()
            }),
            both(|es| if es { "Solicitudes" } else { "Requests" }.into()),
            both(|es| {
                if es {
                    "Parte con algunos datos entregados"
                } else {
                    "Share with some data produced"
                }
                .into()
            }),
        ],
        rows: rows
            .iter()
            .map(|f| FigureTableRow {
                period: both(|es| period_words(f.period, es)),
                label: f.label.clone(),
                requests: match f.requests {
                    Count::Exact(n) => number(n),
                    Count::Band { low, high } => format!("{}–{}", number(low), number(high)),
                },
                share: both(
                    |es| match (f.process == Some(Process::Preservation), f.percent, es) {
                        (true, _, true) => "no aplica: conservar no es entregar datos".into(),
                        (true, _, false) => "none: preserving is not a disclosure".into(),
                        (false, Some(p), true) if f.derived => {
                            format!("{} (cálculo nuestro)", percent(p))
                        }
                        (false, Some(p), false) if f.derived => {
                            format!("{} (our calculation)", percent(p))
                        }
                        (false, Some(p), _) => percent(p),
                        (false, None, true) => "no publicada".into(),
                        (false, None, false) => "not published".into(),
                    },
                ),
            })
            .collect(),
        none,
        meaning: both(|es| {
            meaning(
                if country.is_empty() { "US" } else { country },
                Some(Process::Subpoena),
                es,
            )
        }),
        sources: rows
            .iter()
            .fold(Vec::new(), |mut sources: Vec<SourceLink>, f| {
                if !sources.iter().any(|s| s.title == f.source.title) {
                    sources.push(SourceLink {
                        title: f.source.title.clone(),
                        url: f.source.url.clone(),
                        read: f.source.read.clone(),
                        as_of: None,
                    });
                }
                sources
            }),
    }
}

/// The sentence for one row: the period, who asked, how many, under the platform's own label,
/// and the share as published (or that there is none, or that preservation discloses nothing).
fn row_sentence(f: &Figure, platform: &str, place: &Place, es: bool) -> String {
    let period = period_words(f.period, es);
    let count = match f.requests {
        Count::Exact(n) => format!(
            "{} {}",
            number(n),
            match (n == 1, es) {
                (true, false) => "request",
                (false, false) => "requests",
                (true, true) => "solicitud",
                (false, true) => "solicitudes",
            }
        ),
        Count::Band { low, high } if es => {
            format!("entre {} y {} solicitudes", number(low), number(high))
        }
        Count::Band { low, high } => {
            format!("between {} and {} requests", number(low), number(high))
        }
    };
    let label = &f.label;
    if f.process == Some(Process::Preservation) {
        return if es {
            format!("De {period}, las autoridades {} pidieron a {platform} conservar datos en {count} (su categoría «{label}»). Conservar solo congela una copia hasta que llegue una orden: no es entregar datos.", place.of)
        } else {
            format!("In {period}, authorities {} sent {platform} {count} to preserve data (its category “{label}”). Preserving only freezes a copy until legal process arrives: it is not a disclosure.", place.in_)
        };
    }
    let share = match f.percent {
        Some(p) if es => format!(
            "{platform} entregó algunos datos en el {} de ellas{}.",
            percent(p),
            if f.derived {
                " (cálculo nuestro a partir de los números que publica)"
            } else {
                ""
            }
        ),
        Some(p) => format!(
            "{platform} produced some data for {} of them{}.",
            percent(p),
            if f.derived {
                " (our calculation from the counts it publishes)"
            } else {
                ""
            }
        ),
        None if es => format!("{platform} no publica en cuántas entregó datos."),
        None => format!("{platform} publishes no share of them where data was produced."),
    };
    if es {
        format!(
            "De {period}, las autoridades {} enviaron a {platform} {count} que clasifica como «{label}»; {share}",
            place.of
        )
    } else {
        format!(
            "In {period}, authorities {} sent {platform} {count} that it counts as “{label}”; {share}",
            place.in_
        )
    }
}

fn no_figure_text(
    why: &NoFigure,
    reader: &Reader,
    process_name: &str,
    place: &Place,
    es: bool,
) -> (String, Option<String>) {
    let name = reader.platform_name;
    match why {
        NoFigure::NoReport if es => (
            format!("No tenemos cifras de {name} sobre solicitudes de datos de usuarios: no encontramos un informe de transparencia suyo que las publique."),
            None,
        ),
        NoFigure::NoReport => (
            format!("We have no figures from {name} on requests for user data: we found no transparency report of its that publishes them."),
            None,
        ),
        NoFigure::Unverified {
            platform_name,
            reason,
        } if es => (
            format!("No pudimos verificar las cifras que publica {platform_name}, así que no mostramos ninguna."),
            Some(format!("Motivo (en inglés): {reason}")),
        ),
        NoFigure::Unverified {
            platform_name,
            reason,
        } => (
            format!("{platform_name}'s own figures could not be verified, so none are shown."),
            Some(format!("Why: {reason}")),
        ),
        NoFigure::NoCountry { platform_name } if es => (
            format!("{platform_name} no publica cifras de solicitudes de las autoridades {} en los periodos que registramos.", place.of),
            None,
        ),
        NoFigure::NoCountry { platform_name } => (
            format!("{platform_name} publishes no figures for requests from authorities {} in the periods we recorded.", place.in_),
            None,
        ),
        NoFigure::NotSeparate { platform_name } if es => (
            format!("{platform_name} no cuenta aparte las solicitudes de tipo «{process_name}» de las autoridades {}, y ninguna de sus categorías de entrega de datos las contiene.", place.of),
            None,
        ),
        NoFigure::NotSeparate { platform_name } => (
            format!("{platform_name} does not count “{process_name}” requests from authorities {} separately, and none of its categories of data handed over holds them.", place.in_),
            None,
        ),
    }
}

/// What a figure does and does not mean (issue 15's pitfalls, in the reader's words).
fn meaning(country: &str, process: Option<Process>, es: bool) -> String {
    let mut text = if es {
        String::from("Qué significa: es una parte de las solicitudes, no de las personas (una solicitud puede nombrar muchas cuentas), y «algunos datos» puede ser un solo registro de suscriptor. El país es el de la autoridad que pidió, no el tuyo.")
    } else {
        String::from("What this means: a share of requests, not of people (one request can name many accounts), and “some data” can be a single subscriber record. The country is that of the authority that asked, not yours.")
    };
    text += match (country == "US", es) {
        (true, _) if process != Some(Process::Subpoena) => "",
        (true, true) => " Ningún informe separa las citaciones de inmigración de las demás.",
        (true, false) => " No report separates immigration-enforcement subpoenas from other subpoenas.",
        (false, true) => " Las cifras de autoridades de fuera de EE. UU. suelen reflejar las reglas entre países (los proveedores con sede en EE. UU. les dan datos que no son contenido de forma voluntaria, y el contenido solo mediante tratados), no más privacidad.",
        (false, false) => " Shares for authorities outside the US often reflect cross-border rules (providers based in the US give them non-content voluntarily, and content only through treaties), not more privacy.",
    };
    text
}

/// `28622` → `28,622`: the same in both languages (see the module doc).
fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `89.0` → `89%`, `58.11` → `58.11%`, `62.4203822` → `62.42%`: as published, to at most two
/// decimals (a derived share has one; TikTok's file gives seven, which no reader needs).
///
/// In whole hundredths, written with integers: formatting the float (`{p:.2}`) brought 17 kB of
/// float-formatting code into the WebAssembly module for this one use. A share is validated to lie
/// in 0–100 (src/figures/validate.rs); a test checks that every share of the data file is written
/// as `{p:.2}` wrote it.
fn percent(p: f64) -> String {
    let hundredths = (p * 100.0).round() as u64;
    let (whole, cents) = (hundredths / 100, hundredths % 100);
    match (cents, cents % 10) {
        (0, _) => format!("{whole}%"),
        (_, 0) => format!("{whole}.{}%", cents / 10),
        _ => format!("{whole}.{cents:02}%"),
    }
}

/// The month's name from the vocabulary, as every date the core words (`month_1` … `month_12`).
fn month(m: u32, es: bool) -> &'static str {
    crate::kb::knowledge_base().map_or("", |kb| {
        kb.vocabulary.template(
            &format!("month_{}", m.clamp(1, 12)),
            if es { "es" } else { "en" },
        )
    })
}

/// "January–June 2025" / "enero a junio de 2025".
fn period_words(period: Period, es: bool) -> String {
    let (start, end) = (month(period.start.month, es), month(period.end.month, es));
    if es {
        format!("{start} a {end} de {}", period.end.year)
    } else {
        format!("{start}–{end} {}", period.end.year)
    }
}

/// "December 3, 2026" / "3 de diciembre de 2026": as every date the core words
/// ([`spoken_date`](crate::classify::time::spoken_date)).
fn long_date(date: Date, es: bool) -> String {
    crate::kb::knowledge_base().map_or_else(
        |_| date.to_string(),
        |kb| {
            crate::classify::time::spoken_date(
                &kb.vocabulary,
                if es { "es" } else { "en" },
                (date.year, date.month as u8, date.day as u8),
            )
        },
    )
}

/// A requesting country in a sentence: "in the United States" / "de Estados Unidos".
struct Place {
    in_: String,
    of: String,
}

impl Place {
    fn of(code: &str) -> Place {
        // The EU's table before the reader has chosen a member state has no country: it speaks of the EU.
        if code.is_empty() {
            return Place {
                in_: "in the EU".into(),
                of: "de la UE".into(),
            };
        }
        let (en, es) = COUNTRY_WORDS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or((code, code), |(_, en, es)| (*en, *es));
        Place {
            in_: format!("in {en}"),
            of: es.to_owned(),
        }
    }
}

/// The requesting countries a reader can choose (US, UK as GB, the EU's member states): English
/// after "in", Spanish after "autoridades".
const COUNTRY_WORDS: [(&str, &str, &str); 29] = [
    ("US", "the United States", "de Estados Unidos"),
    ("GB", "the United Kingdom", "del Reino Unido"),
    ("AT", "Austria", "de Austria"),
    ("BE", "Belgium", "de Bélgica"),
    ("BG", "Bulgaria", "de Bulgaria"),
    ("CY", "Cyprus", "de Chipre"),
    ("CZ", "Czechia", "de Chequia"),
    ("DE", "Germany", "de Alemania"),
    ("DK", "Denmark", "de Dinamarca"),
    ("EE", "Estonia", "de Estonia"),
    ("ES", "Spain", "de España"),
    ("FI", "Finland", "de Finlandia"),
    ("FR", "France", "de Francia"),
    ("GR", "Greece", "de Grecia"),
    ("HR", "Croatia", "de Croacia"),
    ("HU", "Hungary", "de Hungría"),
    ("IE", "Ireland", "de Irlanda"),
    ("IT", "Italy", "de Italia"),
    ("LT", "Lithuania", "de Lituania"),
    ("LU", "Luxembourg", "de Luxemburgo"),
    ("LV", "Latvia", "de Letonia"),
    ("MT", "Malta", "de Malta"),
    ("NL", "the Netherlands", "de los Países Bajos"),
    ("PL", "Poland", "de Polonia"),
    ("PT", "Portugal", "de Portugal"),
    ("RO", "Romania", "de Rumania"),
    ("SE", "Sweden", "de Suecia"),
    ("SI", "Slovenia", "de Eslovenia"),
    ("SK", "Slovakia", "de Eslovaquia"),
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::classify::{classify, Options};

    /// A real finding from a Google device page, made to name `processes`.
    fn finding_naming(processes: &[&str]) -> Finding {
        let html = std::fs::read_to_string("tests/fixtures/pages/google/devices-en.html").unwrap();
        let snapshot = crate::html::snapshot_from_html(&html, None);
        let report = classify(snapshot, &Options::default()).unwrap();
        let mut finding = report.findings.into_iter().next().unwrap();
        finding.processes = processes.iter().map(|p| p.to_string()).collect();
        finding.law_processes.clear();
        finding
    }

    fn reader<'a>(
        platform: &'a str,
        jurisdiction: &'a str,
        member_state: Option<&'a str>,
    ) -> Reader<'a> {
        Reader {
            platform,
            platform_name: platform,
            lang: "en",
            jurisdiction,
            member_state,
            today: None,
        }
    }

    #[test]
    fn preservation_is_never_worded_as_a_disclosure() {
        let finding = finding_naming(&["eu_preservation_order"]);
        for platform in ["tiktok", "google"] {
            let note = note_for(&reader(platform, "EU", Some("DE")), &finding).unwrap();
            assert_eq!(note.kind, FigureKind::ByProcess, "{platform}: {note:?}");
            assert!(
                note.text.contains("it is not a disclosure"),
                "{}",
                note.text
            );
            assert!(!note.text.contains("produced some data"), "{}", note.text);
        }
    }

    #[test]
    fn a_disclosing_process_is_shown_before_preservation() {
        let finding = finding_naming(&["eu_preservation_order", "subpoena"]);
        let note = note_for(&reader("google", "US", None), &finding).unwrap();
        assert!(note.text.contains("“Subpoenas”"), "{}", note.text);
    }

    #[test]
    fn numbers_and_shares_are_written_as_published() {
        assert_eq!(number(28_622), "28,622");
        assert_eq!(number(7_649), "7,649");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_000_000), "1,000,000");
        assert_eq!(percent(89.0), "89%");
        assert_eq!(percent(58.11), "58.11%");
        assert_eq!(percent(62.4203822), "62.42%");
        assert_eq!(percent(40.5), "40.5%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(100.0), "100%");
        assert_eq!(percent(0.07), "0.07%");
    }

    /// `percent` writes shares with integers; the text must be what formatting the float to two
    /// decimals wrote, for every share the findings can show.
    #[test]
    fn every_share_of_the_data_file_is_written_as_two_decimals_wrote_it() {
        let figures = crate::figures::for_findings().unwrap();
        let shares: Vec<f64> = figures
            .platforms
            .iter()
            .flat_map(|platform| &platform.figures)
            .filter_map(|figure| figure.percent)
            .collect();
        assert!(shares.len() >= 50, "{} shares", shares.len());
        for p in shares {
            let two_decimals = format!("{p:.2}");
            let before = format!(
                "{}%",
                two_decimals.trim_end_matches('0').trim_end_matches('.')
            );
            assert_eq!(percent(p), before, "{p}");
        }
    }
}
