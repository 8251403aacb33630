//! The WebAssembly face of the core: the only module that knows about JavaScript. Two modules are
//! built from it: the background's (feature `background`, [`background`]) and the archive page's
//! (feature `archive-page`, `crate::archive::wasm`); each carries only its own exports, and both
//! `loadData`.
//!
//! Each export takes and returns plain JS values and never throws: failures come back as
//! `{ ok: false, error: { code, message } }`, because an exception thrown in a Firefox background
//! script reaches the content script only as "An unexpected error occurred".
//!
//! What crosses, and why this way (each measured for the module's bytes and the call's time,
//! docs/performance.md, "The branch wasm-boundary"):
//! - the snapshot comes as one JSON string, read by the core's own reader: see
//!   `background::classify_js`;
//! - every answer is written as one JSON text by serde_json, which the module carries anyway, and
//!   made a JS value by the caller's own `JSON.parse` in one call ([`answer`]), instead of building
//!   it property by property across the boundary;
//! - the options and the gate's page, a few fields each, are read property by property with
//!   `Reflect.get` ([`FromJs`]): a string there converts as every string into the module does (a lone
//!   UTF-16 surrogate becomes U+FFFD), which a JSON text could not promise.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::{CoreError, ErrorCode};
use crate::Options;

#[cfg(feature = "background")]
mod background;

#[wasm_bindgen]
extern "C" {
    /// The caller's global `JSON.parse`: the background's, the archive worker's (never a page's).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub(crate) fn property(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
}

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

/// The options `{ language, ui_language, jurisdiction, member_state, now, utc_offset_minutes }`,
/// every one optional; `undefined` or `null` for them all.
pub(crate) fn read_options(options: &JsValue) -> Result<Options, CoreError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let options = FromJs::object(options, "options", ErrorCode::BadOptions)?;
    Ok(Options {
        language: options.string("language")?,
        ui_language: options.string("ui_language")?,
        jurisdiction: options.string("jurisdiction")?,
        member_state: options.string("member_state")?,
        now: options.integer("now")?,
        utc_offset_minutes: options
            .integer("utc_offset_minutes")?
            .map(i32::try_from)
            .transpose()
            .map_err(|_| options.malformed("utc_offset_minutes", "is out of range"))?,
    })
}

/// A JS object read field by field (`Reflect.get`), as the extension passes options and the gate's
/// page. A field that is `undefined` or `null` is absent; one of another type than asked is an error
/// with `code`, naming the field; fields not asked for are not read.
struct FromJs<'a> {
    object: &'a JsValue,
    what: &'static str,
    code: ErrorCode,
}

impl<'a> FromJs<'a> {
    fn object(object: &'a JsValue, what: &'static str, code: ErrorCode) -> Result<Self, CoreError> {
        let reader = Self { object, what, code };
        if object.is_object() {
            Ok(reader)
        } else {
            Err(reader.error("it is not an object".into()))
        }
    }

    fn error(&self, why: String) -> CoreError {
        CoreError {
            code: self.code,
            message: format!("the {} is malformed: {why}", self.what),
        }
    }

    fn malformed(&self, field: &str, why: &str) -> CoreError {
        self.error(format!("`{field}` {why}"))
    }

    /// The field's value; `None` when it is `undefined` or `null`.
    fn field(&self, field: &str) -> Result<Option<JsValue>, CoreError> {
        let value =
            property(self.object, field).map_err(|_| self.malformed(field, "cannot be read"))?;
        Ok((!value.is_undefined() && !value.is_null()).then_some(value))
    }

    /// The field converted by `convert`; an error saying `why` when it gives nothing.
    fn typed<T>(
        &self,
        field: &str,
        convert: impl FnOnce(&JsValue) -> Option<T>,
        why: &str,
    ) -> Result<Option<T>, CoreError> {
        self.field(field)?
            .map(|value| convert(&value).ok_or_else(|| self.malformed(field, why)))
            .transpose()
    }

    fn string(&self, field: &str) -> Result<Option<String>, CoreError> {
        self.typed(field, JsValue::as_string, "is not a string")
    }

    /// A whole number within JavaScript's safe integers (`Number.isSafeInteger`).
    fn integer(&self, field: &str) -> Result<Option<i64>, CoreError> {
        const SAFE: f64 = 9_007_199_254_740_991.0;
        let whole = |value: &JsValue| {
            value
                .as_f64()
                .filter(|n| n.trunc() == *n && n.abs() <= SAFE)
                .map(|n| n as i64)
        };
        self.typed(field, whole, "is not a whole number")
    }
}

/// `{ ok: true, value }` or `{ ok: false, error }` as a JS value: written as one JSON text, then
/// parsed by the caller's `JSON.parse`. `null` only if even that fails (the background answers it
/// as an internal error).
pub(crate) fn answer<T: Serialize>(result: Result<T, CoreError>) -> JsValue {
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
    // Only a map with keys that are not strings could fail to be written; the answers have none.
    let text = serde_json::to_string(&outcome).or_else(|e| {
        serde_json::to_string(&Outcome::<()> {
            ok: false,
            value: None,
            error: Some(CoreError {
                code: ErrorCode::Internal,
                message: format!("the answer could not be converted for JavaScript: {e}"),
            }),
        })
    });
    text.ok()
        .and_then(|text| parse_json(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// The data file in the WebAssembly tests, and JSON values to and from JS values.
#[cfg(test)]
pub(crate) mod test_data {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
        fn stringify(value: &JsValue) -> JsValue;
    }

    /// The data file this build wrote, as the extension hands it over.
    pub const DATA_FILE: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/disclosure_lens_data.bin"));

    /// Every test first loads the data file, as the extension does after loading the module; a
    /// second load of the same file changes nothing, so the order of the tests does not matter.
    pub fn data_loaded() {
        let outcome = from_js(super::load_data_js(DATA_FILE.to_vec()));
        assert_eq!(outcome["ok"], true, "{outcome}");
    }

    /// A JS value as JavaScript's `JSON.stringify` writes it, read back.
    pub fn from_js(value: JsValue) -> serde_json::Value {
        serde_json::from_str(&stringify(&value).as_string().unwrap()).unwrap()
    }

    /// A JS value made by JavaScript's `JSON.parse` of `json`, which may hold what Rust strings
    /// cannot (a lone surrogate, `"\ud800"`).
    pub fn js(json: &str) -> JsValue {
        super::parse_json(json).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::test_data::{data_loaded, from_js, DATA_FILE};
    use super::*;

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
}
