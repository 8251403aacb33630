//! The shape of the classifier's rules: the phrases that say what a page is, in every language, and
//! the URL paths that do.
//!
//! Rules are data (`rules/*.toml`), compiled in by `build.rs` like the knowledge base: adding a
//! language or a platform's page is adding phrases and paths, not code. This file is shared with
//! `build.rs` by path, so it depends only on `serde` and `crate::report`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::PageKind;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub kinds: Vec<KindRule>,
    pub urls: Vec<UrlRule>,
}

/// How to recognise one page kind from its text, and what such a page shows the platform keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    pub kind: PageKind,
    /// Phrases by language. Matched on whole words, ignoring case and accents.
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Record ids a page of this kind shows the platform keeps; one finding each.
    pub records: Vec<String>,
}

/// A platform's own address for a kind of page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlRule {
    /// A knowledge-base platform id, or `*` for every platform.
    pub platform: String,
    pub kind: PageKind,
    /// The URL path starts with this.
    pub path: String,
    /// The query string contains this, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}
