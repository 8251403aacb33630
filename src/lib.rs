//! Disclosure Lens core: recognises the pages where a platform shows what it records about you (login
//! sessions, devices, location history, privacy settings), and says which of those records the
//! platform keeps and which legal process reaches them, with the platform's own source.
//!
//! All judgement lives here. Browsers, the command line and the tests are thin hands that build a
//! [`PageSnapshot`] and show the [`Report`] that [`classify`](fn@classify) returns. Plain data in,
//! plain data out: no DOM, no I/O, no panics for any input — errors are values ([`CoreError`]).
//!
//! - [`snapshot`]: what a front end extracts from a page, and its limits.
//! - [`kb`]: the knowledge base of legal facts, compiled in from `kb/*.toml`.
//! - [`classify`](mod@classify): platform, page kind, sessions, settings and findings; a
//!   [`Classifier`] holds compiled rules (the free function uses the compiled-in ones).
//! - [`report`]: the answer.
//! - [`archive`]: a platform's data export, read locally: the login record a subpoena would return.
//! - [`figures`]: the platforms' own transparency-report figures on requests for user data.
//! - [`compact`]: the binary form in which `build.rs` embeds the knowledge base, rules and figures.

pub mod archive;
pub mod classify;
pub mod compact;
pub mod data_file;
mod embedded;
pub mod figures;
pub mod kb;
pub mod report;
pub mod snapshot;
pub mod url;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use classify::{classify, Classifier, Options};
#[cfg(not(target_arch = "wasm32"))]
pub use embedded::DATA_FILE;
pub use report::{CoreError, PageKind, Report};
pub use snapshot::PageSnapshot;
