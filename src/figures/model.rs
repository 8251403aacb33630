//! The figures as the core holds them: validated rows with their sources. `build.rs` compiles this
//! file too (by path, as `crate::figures`), to write the figures it has validated
//! (`validate.rs`) into the core's data file (`src/data_file.rs`); the core reads them back (`load.rs`)
//! without checking them again.

use crate::compact::{compact_enum, compact_struct, Compact, Reader};
use crate::figures::Period;
use serde::{Deserialize, Serialize};

/// The vocabulary's process a platform's request type corresponds to, where it corresponds to one.
/// A category that mixes several (TikTok's "Legal requests", Google's "Other Legal Requests" outside
/// the US) has none: it is shown under the platform's own label only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Process {
    Subpoena,
    CourtOrder,
    Warrant,
    PenRegister,
    Emergency,
    /// Only freezes a copy until legal process arrives: never shown as a disclosure.
    Preservation,
    /// A single named type outside the vocabulary (wiretap orders, CLOUD Act orders).
    Other,
}

impl Process {
    pub fn as_str(self) -> &'static str {
        match self {
            Process::Subpoena => "subpoena",
            Process::CourtOrder => "court_order",
            Process::Warrant => "warrant",
            Process::PenRegister => "pen_register",
            Process::Emergency => "emergency",
            Process::Preservation => "preservation",
            Process::Other => "other",
        }
    }
}

/// How directly we read the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The platform's own file, downloaded from the platform.
    OfficialFile,
    /// A byte-for-byte archived copy of the platform's file in a public repository.
    VerbatimCopy,
    /// Someone else's reading of the report (a press article, a dataset); used only where nothing
    /// better exists, and said so.
    Secondary,
}

/// A public repository holding a verbatim copy of the platform's file, pinned to a commit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbatimCopy {
    /// `owner/name` on GitHub.
    pub repository: String,
    /// The 40-hex commit at which the file was read.
    pub commit: String,
    /// The file's path in that commit.
    pub path: String,
}

/// Where figures were read: one published file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    pub id: String,
    pub title: String,
    /// The platform's own address for the file (https).
    pub url: String,
    pub certainty: Certainty,
    /// The copy that was read, for `verbatim_copy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<VerbatimCopy>,
    /// SHA-256 of the file that was read, 64 lowercase hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why there is no SHA-256, when there is none. Reported by `dlens figures --check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256_unavailable: Option<String>,
    /// The day we read it (YYYY-MM-DD).
    pub read: String,
    /// What the reader should know about this file (layout quirks, what it does not split).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How many requests: exact, or the band the platform is allowed to publish. A band is never
/// turned into a single number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Exact(u64),
    Band { low: u64, high: u64 },
}

/// A validated figure, with everything needed to show it and say where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub platform: String,
    pub country: String,
    pub period: Period,
    pub label: String,
    pub process: Option<Process>,
    pub requests: Count,
    /// Percent of requests where some data was produced — a share of requests, not of people, and
    /// "some data" can be a single subscriber record. `None` where the platform publishes none
    /// (preservation, national security).
    pub percent: Option<f64>,
    /// The percent was computed by us from the platform's counts (`produced / requests`).
    pub derived: bool,
    pub produced: Option<u64>,
    pub national_security: bool,
    pub source: FigureSource,
}

/// A platform's validated figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformFigures {
    pub platform: String,
    pub name: String,
    pub covers: Vec<String>,
    pub unverified: Option<String>,
    pub note: Option<String>,
    pub figures: Vec<Figure>,
}

/// Every platform's validated figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub platforms: Vec<PlatformFigures>,
}

// The compact form `build.rs` embeds (`crate::compact`): every field, in this order.
compact_enum!(Process {
    Subpoena,
    CourtOrder,
    Warrant,
    PenRegister,
    Emergency,
    Preservation,
    Other,
});
compact_enum!(Certainty {
    OfficialFile,
    VerbatimCopy,
    Secondary
});
compact_struct!(VerbatimCopy {
    repository,
    commit,
    path
});
compact_struct!(FigureSource {
    id,
    title,
    url,
    certainty,
    copy,
    sha256,
    sha256_unavailable,
    read,
    note,
});
compact_struct!(Figure {
    platform,
    country,
    period,
    label,
    process,
    requests,
    percent,
    derived,
    produced,
    national_security,
    source,
});
compact_struct!(PlatformFigures {
    platform,
    name,
    covers,
    unverified,
    note,
    figures,
});
compact_struct!(Figures { platforms });

/// Tag 0 and the count, or tag 1 and the band's two ends.
impl Compact for Count {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Count::Exact(count) => {
                out.push(0);
                count.write(out);
            }
            Count::Band { low, high } => {
                out.push(1);
                low.write(out);
                high.write(out);
            }
        }
    }
    fn read(input: &mut Reader<'_>) -> Self {
        match input.byte() {
            0 => Count::Exact(u64::read(input)),
            1 => Count::Band {
                low: u64::read(input),
                high: u64::read(input),
            },
            _ => {
                input.fail("an unknown Count");
                Count::Exact(0)
            }
        }
    }
}
