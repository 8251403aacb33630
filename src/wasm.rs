//! The WebAssembly face of the core: the only module that knows about JavaScript.
//!
//! Each export takes and returns plain JS values (converted with serde-wasm-bindgen) and never throws:
//! failures come back as `{ ok: false, error: { code, message } }`, because an exception thrown in a
//! Firefox background script reaches the content script only as "An unexpected error occurred".

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::CoreError;
use crate::{classify, Options, PageSnapshot};

#[derive(Serialize)]
struct Outcome<T: Serialize> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<CoreError>,
}

/// `classify(snapshot, options)` → `{ ok: true, value: report }` or `{ ok: false, error }`.
#[wasm_bindgen(js_name = classify)]
pub fn classify_js(snapshot: JsValue, options: JsValue) -> JsValue {
    let result = read::<PageSnapshot>(snapshot, "snapshot").and_then(|snapshot| {
        let options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            read(options, "options")?
        };
        classify(snapshot, &options)
    });
    answer(result)
}

/// The whole knowledge base, for the popup's checklist and the report page.
#[wasm_bindgen(js_name = knowledgeBase)]
pub fn knowledge_base_js() -> JsValue {
    answer(
        crate::kb::knowledge_base()
            .cloned()
            .map_err(|message| CoreError {
                code: "knowledge_base".into(),
                message,
            }),
    )
}

fn read<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, CoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| CoreError {
        code: "bad_snapshot".into(),
        message: format!("the {what} is malformed: {e}"),
    })
}

fn answer<T: Serialize>(result: Result<T, CoreError>) -> JsValue {
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
                code: "internal".into(),
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
