//! The WebAssembly face of the core: the only module that knows about JavaScript.
//!
//! Each export takes and returns plain JS values (converted with serde-wasm-bindgen) and never throws:
//! failures come back as `{ ok: false, error: { code, message } }`, because an exception thrown in a
//! Firefox background script reaches the content script only as "An unexpected error occurred".
//! The one exception to plain values is the snapshot, which comes as one JSON string: see
//! [`classify_js`].

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::classify::GateInput;
use crate::report::{CoreError, ErrorCode};
use crate::{classify, Options, PageSnapshot, Report};

#[derive(Serialize)]
struct Outcome<T: Serialize> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<CoreError>,
}

/// `loadData(bytes)` → `{ ok: true }`: hands the module its data file, `pkg/disclosure_lens_data.bin`
/// (the knowledge base, rules and figures: `crate::data_file`), before any other call; until then
/// the others answer a `knowledge_base` error. Only the file this module was built with is taken.
#[wasm_bindgen(js_name = loadData)]
pub fn load_data_js(file: Vec<u8>) -> JsValue {
    answer(crate::embedded::load(file).map_err(|message| CoreError {
        code: ErrorCode::KnowledgeBase,
        message,
    }))
}

/// `classify(snapshotJson, options)` → `{ ok: true, value: report }` or `{ ok: false, error }`.
///
/// The snapshot is one JSON string, `DisclosureLens.snapshotJson(snapshot)` (extension/protocol.js):
/// serde_json reads it in a fraction of the time serde-wasm-bindgen took to walk the same object
/// property by property across the boundary, which was most of the call (docs/performance.md).
#[wasm_bindgen(js_name = classify)]
pub fn classify_js(snapshot_json: JsValue, options: JsValue) -> JsValue {
    answer(classify_json(&snapshot_json, options))
}

fn classify_json(snapshot_json: &JsValue, options: JsValue) -> Result<Report, CoreError> {
    let malformed = |why: String| CoreError {
        code: ErrorCode::BadSnapshot,
        message: format!("the snapshot is malformed: {why}"),
    };
    let text = snapshot_json
        .as_string()
        .ok_or_else(|| malformed("it is not a JSON string".into()))?;
    // The snapshot's strings borrow from `text` (src/snapshot.rs).
    let snapshot = PageSnapshot::from_json(&text).map_err(|e| malformed(e.to_string()))?;
    let options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        read(options, "options", ErrorCode::BadOptions)?
    };
    classify(snapshot, &options)
}

/// `warmUp()` → `{ ok: true }`: one classify, through the same path as [`classify_js`], of a page made
/// from the compiled-in data (the first platform's first host, the first page kind's first phrase),
/// so that the first real call finds the knowledge base read, the rules' automaton built and the code
/// run once. A cold first call cost about nine times a warm one (issue 10).
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up_js() -> JsValue {
    let host = crate::kb::knowledge_base()
        .ok()
        .and_then(|kb| kb.platforms.first())
        .and_then(|platform| platform.hosts.first())
        .map_or("example.com", String::as_str);
    let phrase = crate::Classifier::builtin()
        .ok()
        .and_then(|classifier| classifier.rules().kinds.first())
        .and_then(|kind| kind.phrases.first())
        .and_then(|group| group.languages.values().next())
        .and_then(|phrases| phrases.first())
        .map_or("", String::as_str);
    let text = serde_json::to_string(phrase).unwrap_or_default();
    let url = serde_json::to_string(&format!("https://{host}/")).unwrap_or_default();
    let snapshot = format!(
        r#"{{"url":{url},"title":{text},"nodes":[{{"tag":"body"}},{{"tag":"h1","parent":0,"text":{text}}}]}}"#
    );
    match classify_json(&JsValue::from_str(&snapshot), JsValue::UNDEFINED) {
        Ok(report) => {
            // Converted for JavaScript as a real answer is, and dropped: that code is warmed too.
            answer(Ok(&report));
            answer(Ok(()))
        }
        Err(error) => answer::<()>(Err(error)),
    }
}

/// `gate({ url, title, headings, password_field })` → `{ ok: true, value: { open, known } }`: whether the content
/// script should read and watch the page at all (see `classify::gate`).
#[wasm_bindgen(js_name = gate)]
pub fn gate_js(page: JsValue) -> JsValue {
    answer(
        read::<GateInput>(page, "page", ErrorCode::BadSnapshot)
            .and_then(|page| crate::classify::gate(&page)),
    )
}

/// The whole knowledge base, for the popup's checklist and the report page.
#[wasm_bindgen(js_name = knowledgeBase)]
pub fn knowledge_base_js() -> JsValue {
    answer(
        crate::kb::knowledge_base()
            .map(crate::kb::for_pages)
            .map_err(|message| CoreError {
                code: ErrorCode::KnowledgeBase,
                message,
            }),
    )
}

/// `chooseLanguage(options, pageLanguage)` → `{ ok: true, value: "es" }`: the language a report on a
/// page in `pageLanguage` (or `null`) is written in, for the extension pages' own strings.
#[wasm_bindgen(js_name = chooseLanguage)]
pub fn choose_language_js(options: JsValue, page_language: Option<String>) -> JsValue {
    answer(
        read::<Options>(options, "options", ErrorCode::BadOptions).and_then(|options| {
            crate::classify::report_language(&options, page_language.as_deref().unwrap_or_default())
        }),
    )
}

/// Reads `what` from JavaScript; when it is malformed, the error has `code`.
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    value: JsValue,
    what: &str,
    code: ErrorCode,
) -> Result<T, CoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| CoreError {
        code,
        message: format!("the {what} is malformed: {e}"),
    })
}

pub(crate) fn answer<T: Serialize>(result: Result<T, CoreError>) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let outcome = match result {
        Ok(value) => Outcome {
            ok: true,
            value: Some(value),
            error: None,
        },
        Err(error) => Outcome {
            ok: false,
            value: None,
            error: Some(error),
        },
    };
    outcome
        .serialize(&serializer)
        .or_else(|e| {
            let error = CoreError {
                code: ErrorCode::Internal,
                message: format!("the answer could not be converted for JavaScript: {e}"),
            };
            Outcome::<()> {
                ok: false,
                value: None,
                error: Some(error),
            }
            .serialize(&serializer)
        })
        .unwrap_or(JsValue::NULL)
}

/// The data file in the WebAssembly tests.
#[cfg(test)]
pub(crate) mod test_data {
    /// The data file this build wrote, as the extension hands it over.
    pub const DATA_FILE: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/disclosure_lens_data.bin"));

    /// Every test first loads the data file, as the extension does after loading the module; a
    /// second load of the same file changes nothing, so the order of the tests does not matter.
    pub fn data_loaded() {
        let outcome: serde_json::Value =
            serde_wasm_bindgen::from_value(super::load_data_js(DATA_FILE.to_vec())).unwrap();
        assert_eq!(outcome["ok"], true, "{outcome}");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    use super::test_data::{data_loaded, DATA_FILE};

    #[wasm_bindgen_test]
    fn only_the_data_file_of_this_build_is_taken() {
        data_loaded();
        let mut other = DATA_FILE.to_vec();
        *other.last_mut().unwrap() ^= 1;
        for bad in [other, b"PK\x03\x04".to_vec(), Vec::new()] {
            let outcome = from_js(load_data_js(bad));
            assert_eq!(outcome["ok"], false);
            assert_eq!(outcome["error"]["code"], "knowledge_base");
            assert!(outcome["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("not the one this module was built with")));
        }
    }

    fn to_js(value: &Value) -> JsValue {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap()
    }

    /// A snapshot as the background passes it: one JSON string.
    fn json(value: &Value) -> JsValue {
        JsValue::from_str(&value.to_string())
    }

    fn from_js(value: JsValue) -> Value {
        serde_wasm_bindgen::from_value(value).unwrap()
    }

    #[wasm_bindgen_test]
    fn classifies_a_snapshot_given_as_a_json_string() {
        data_loaded();
        let snapshot = json!({
            "url": "https://www.facebook.com/settings?tab=security",
            "lang": "en",
            "title": "Security and login",
            "nodes": [{"tag": "body"}, {"tag": "h1", "parent": 0, "text": "Where you're logged in"}]
        });
        let outcome = from_js(classify_js(json(&snapshot), JsValue::UNDEFINED));
        assert_eq!(outcome["ok"], true, "{outcome}");
        assert_eq!(outcome["value"]["platform"], "facebook");
        assert_eq!(outcome["value"]["page_kind"], "sessions");
        assert!(outcome["value"]["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty()));
    }

    #[wasm_bindgen_test]
    fn malformed_input_is_an_error_value_not_an_exception() {
        data_loaded();
        let object = json!({"url": "https://www.facebook.com/settings?tab=security", "nodes": []});
        for bad in [
            JsValue::from_str("not a snapshot"),
            JsValue::NULL,
            json(&json!({"url": 5})),
            // The snapshot as an object, not its JSON: refused, not read.
            to_js(&object),
            // JSON.stringify writes a lone surrogate as an escape, which serde_json refuses:
            // DisclosureLens.snapshotJson makes every string well formed first.
            JsValue::from_str(r#"{"url": "https://x.example/", "title": "\ud800"}"#),
        ] {
            let outcome = from_js(classify_js(bad, JsValue::UNDEFINED));
            assert_eq!(outcome["ok"], false);
            assert_eq!(outcome["error"]["code"], "bad_snapshot");
        }
        let looped = json!({"url": "https://x.example/", "nodes": [{"tag": "body", "parent": 0}]});
        let outcome = from_js(classify_js(json(&looped), JsValue::UNDEFINED));
        assert_eq!(outcome["error"]["code"], "bad_snapshot");
        assert!(outcome["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an earlier node"));
    }

    #[wasm_bindgen_test]
    fn options_choose_the_language() {
        data_loaded();
        let snapshot = json!({"url": "https://www.facebook.com/settings?tab=security", "lang": "en",
            "nodes": [{"tag": "body"}, {"tag": "h1", "parent": 0, "text": "Where you're logged in"}]});
        let outcome = from_js(classify_js(
            json(&snapshot),
            to_js(&json!({"language": "es"})),
        ));
        assert_eq!(outcome["value"]["language"], "es");
        assert!(outcome["value"]["findings"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Facebook guarda"));
    }

    #[wasm_bindgen_test]
    fn options_choose_the_jurisdiction() {
        data_loaded();
        let snapshot = json!({"url": "https://www.facebook.com/settings?tab=security", "lang": "en",
            "nodes": [{"tag": "body"}, {"tag": "h1", "parent": 0, "text": "Where you're logged in"}]});
        let us = from_js(classify_js(json(&snapshot), JsValue::UNDEFINED));
        assert_eq!(us["value"]["jurisdiction"], "US");
        let uk = from_js(classify_js(
            json(&snapshot),
            to_js(&json!({"jurisdiction": "UK"})),
        ));
        assert_eq!(uk["ok"], true, "{uk}");
        assert_eq!(uk["value"]["jurisdiction"], "UK");
        // Findings under UK law, or the plain statement that there are none: never an empty list.
        let findings = uk["value"]["findings"].as_array().unwrap();
        assert!(
            findings.is_empty() != uk["value"]["no_facts"].is_null(),
            "{uk}"
        );
    }

    #[wasm_bindgen_test]
    fn options_give_the_scan_time_as_a_javascript_number() {
        data_loaded();
        let snapshot = json!({"url": "https://www.facebook.com/settings?tab=security", "lang": "en",
            "nodes": [{"tag": "body"}, {"tag": "h1", "parent": 0, "text": "Where you're logged in"}]});
        // Date.now() and -new Date().getTimezoneOffset() for 2026-11-30T16:00:00-06:00.
        let options = json!({"now": 1_796_076_000_000_i64, "utc_offset_minutes": -360});
        let outcome = from_js(classify_js(json(&snapshot), to_js(&options)));
        assert_eq!(
            outcome["value"]["subpoena_view"]["as_of"],
            "2026-11-30T16:00:00-06:00"
        );
        let outcome = from_js(classify_js(json(&snapshot), to_js(&json!({"now": -1}))));
        assert_eq!(outcome["error"]["code"], "bad_options");
    }

    #[wasm_bindgen_test]
    fn the_warm_up_classifies_a_page_of_the_compiled_in_data() {
        data_loaded();
        assert_eq!(from_js(warm_up_js()), json!({"ok": true, "value": null}));
    }

    #[wasm_bindgen_test]
    fn the_gate_is_exported() {
        data_loaded();
        let page =
            json!({"url": "https://www.facebook.com/settings?tab=security", "title": "Facebook"});
        let outcome = from_js(gate_js(to_js(&page)));
        assert_eq!(
            outcome["value"],
            json!({"open": true, "known": true}),
            "{outcome}"
        );
        let outcome = from_js(gate_js(JsValue::from_str("nonsense")));
        assert_eq!(outcome["ok"], false);
    }

    #[wasm_bindgen_test]
    fn the_knowledge_base_is_exported() {
        data_loaded();
        let outcome = from_js(knowledge_base_js());
        assert_eq!(outcome["ok"], true);
        assert!(outcome["value"]["platforms"]
            .as_array()
            .is_some_and(|p| p.len() >= 20));
    }
}
