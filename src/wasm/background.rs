//! The background's exports: classifying a page, the gate, the warm-up, the knowledge base for the
//! popup and the report page, and the language of the extension pages. Built with the `background`
//! feature (on by default); the archive page's module is built without it, so that it does not carry
//! the page classifier it never calls (docs/performance.md, size).

use wasm_bindgen::prelude::*;

use super::{answer, property, read_options, FromJs};
use crate::classify::GateInput;
use crate::report::{CoreError, ErrorCode};
use crate::{classify, PageSnapshot, Report};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn element(target: &JsValue, index: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;
}

/// `classify(snapshotJson, options)` → `{ ok: true, value: report }` or `{ ok: false, error }`.
///
/// The snapshot is one JSON string, `DisclosureLens.snapshotJson(snapshot)` (extension/protocol.js),
/// read by the core's own reader (`PageSnapshot::from_json`, src/snapshot/json.rs) in a fraction of
/// the time a walk of the same object across the boundary took, which was most of the call
/// (docs/performance.md).
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
    classify(snapshot, &read_options(&options)?)
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
    answer(read_gate_input(&page).and_then(|page| crate::classify::gate(&page)))
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
    answer(read_options(&options).and_then(|options| {
        crate::classify::report_language(&options, page_language.as_deref().unwrap_or_default())
    }))
}

/// The gate's page `{ url, title, headings, password_field }`; only `url` is required.
fn read_gate_input(page: &JsValue) -> Result<GateInput, CoreError> {
    let page = FromJs::object(page, "page", ErrorCode::BadSnapshot)?;
    Ok(GateInput {
        url: page
            .string("url")?
            .ok_or_else(|| page.malformed("url", "is missing"))?,
        title: page.string("title")?.unwrap_or_default(),
        headings: page.strings("headings")?.unwrap_or_default(),
        password_field: page.boolean("password_field")?.unwrap_or_default(),
    })
}

impl FromJs<'_> {
    fn boolean(&self, field: &str) -> Result<Option<bool>, CoreError> {
        self.typed(field, JsValue::as_bool, "is not true or false")
    }

    fn strings(&self, field: &str) -> Result<Option<Vec<String>>, CoreError> {
        let not_strings = || self.malformed(field, "is not a list of strings");
        let Some(list) = self.field(field)? else {
            return Ok(None);
        };
        if !is_array(&list) {
            return Err(not_strings());
        }
        let length = property(&list, "length")
            .ok()
            .and_then(|length| length.as_f64())
            .ok_or_else(not_strings)?;
        (0..length as u32)
            .map(|index| {
                element(&list, index)
                    .ok()
                    .and_then(|item| item.as_string())
                    .ok_or_else(not_strings)
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::wasm::test_data::{data_loaded, from_js, js};

    fn to_js(value: &Value) -> JsValue {
        js(&value.to_string())
    }

    /// A snapshot as the background passes it: one JSON string.
    fn json(value: &Value) -> JsValue {
        JsValue::from_str(&value.to_string())
    }

    /// Facebook's "Where you're logged in" page, reduced to its heading: what the options tests classify.
    fn sessions_page() -> Value {
        json!({"url": "https://www.facebook.com/settings?tab=security", "lang": "en",
            "nodes": [{"tag": "body"}, {"tag": "h1", "parent": 0, "text": "Where you're logged in"}]})
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
        let snapshot = sessions_page();
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
        let snapshot = sessions_page();
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
        let snapshot = sessions_page();
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

    #[wasm_bindgen_test]
    fn options_of_the_wrong_type_are_named_in_the_error() {
        data_loaded();
        let snapshot = json!({"url": "https://www.facebook.com/settings?tab=security",
            "nodes": [{"tag": "body"}]});
        for (options, field) in [
            (json!({"language": 5}), "`language` is not a string"),
            (json!({"now": 1.5}), "`now` is not a whole number"),
            (json!({"now": "today"}), "`now` is not a whole number"),
            (
                json!({"utc_offset_minutes": 1e12}),
                "`utc_offset_minutes` is out of range",
            ),
            (json!("es"), "it is not an object"),
        ] {
            let outcome = from_js(classify_js(json(&snapshot), to_js(&options)));
            assert_eq!(outcome["error"]["code"], "bad_options", "{options}");
            assert!(
                outcome["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(field)),
                "{outcome}"
            );
        }
        // Absent and null fields are left to their defaults; unknown fields are not read.
        let options = json!({"language": null, "jurisdiction": "US", "colour": "red"});
        let outcome = from_js(classify_js(json(&snapshot), to_js(&options)));
        assert_eq!(outcome["ok"], true, "{outcome}");
        let outcome = from_js(choose_language_js(
            to_js(&json!({"ui_language": "es"})),
            None,
        ));
        assert_eq!(outcome, json!({"ok": true, "value": "es"}));
    }

    #[wasm_bindgen_test]
    fn the_gate_reads_a_page_whose_strings_are_not_well_formed() {
        data_loaded();
        // A page can give its title and headings lone surrogates; they become U+FFFD, as every
        // string does on its way into the module, and the gate still answers.
        let page = js(
            r#"{"url": "https://www.facebook.com/settings?tab=security", "title": "\ud800Facebook", "headings": ["\udc00"]}"#,
        );
        let outcome = from_js(gate_js(page));
        assert_eq!(
            outcome["value"],
            json!({"open": true, "known": true}),
            "{outcome}"
        );
        for (page, field) in [
            (json!({"title": "Facebook"}), "`url` is missing"),
            (
                json!({"url": "https://x.example/", "headings": "Log in"}),
                "`headings` is not a list of strings",
            ),
            (
                json!({"url": "https://x.example/", "headings": ["Log in", 5]}),
                "`headings` is not a list of strings",
            ),
            (
                json!({"url": "https://x.example/", "password_field": "yes"}),
                "`password_field` is not true or false",
            ),
        ] {
            let outcome = from_js(gate_js(to_js(&page)));
            assert_eq!(outcome["error"]["code"], "bad_snapshot", "{page}");
            assert!(
                outcome["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(field)),
                "{outcome}"
            );
        }
    }
}
