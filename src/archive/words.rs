//! Why a file of an export was skipped or could not be read, kept as a [`Why`] while the export is
//! read and worded in the report's language (English or Spanish, "tú") only when the report is
//! made: the reader does not know the language until then. A parser's own detail (a JSON error's
//! line and column, a zip library's message) is technical and stays as it came, in English.

use super::size;

/// One reason, with what it needs to be worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    // Skipped: not files of the login record.
    NotALog,
    NestedZip,
    /// A login page of a Meta export in HTML, which is not read.
    MetaHtml,
    /// A login file of another platform's export than the one being read (knowledge-base names).
    OtherExport {
        found: &'static str,
        reading: &'static str,
    },
    AbsolutePath,
    ClimbsOut,
    NulByte,
    SymbolicLink,
    NestedTooDeep,
    UnreadableEntry(String),
    // Failed: login files that could not be (fully) read.
    StatesTooLarge {
        declared: u64,
        cap: u64,
    },
    PossibleBomb {
        ratio: u64,
        max: u64,
    },
    NotDecompressed(String),
    NotOpened(String),
    LargerThanCap {
        cap: u64,
        detail: String,
    },
    Malformed(String),
    UnreadableRecords(usize),
    TooManyEvents {
        dropped: usize,
        max: usize,
    },
}

impl Why {
    /// The reason in `lang` (`es`, else English).
    pub fn words(&self, lang: &str) -> String {
        let es = lang == "es";
        let pick = |en: &str, es_text: &str| if es { es_text } else { en }.to_owned();
        match self {
            Why::NotALog => pick(
                "not a login, session or access log",
                "no es un registro de inicios de sesión, de sesiones ni de accesos",
            ),
            Why::NestedZip => pick(
                "a zip inside the export: give it on its own",
                "un zip dentro de la exportación: elígelo por separado",
            ),
            Why::MetaHtml => pick(
                "a login page of Meta's HTML export: only its JSON export is read",
                "una página de inicios de sesión de la exportación de Meta en HTML: solo se lee su exportación en JSON",
            ),
            Why::OtherExport { found, reading } => {
                if es {
                    format!("pertenece a una exportación de {found}, no de {reading}")
                } else {
                    format!("belongs to a {found} export, not {reading}")
                }
            }
            Why::AbsolutePath => pick("an absolute path: refused", "una ruta absoluta: rechazado"),
            Why::ClimbsOut => pick(
                "a path that climbs out of the export (..): refused",
                "una ruta que sale de la exportación (..): rechazado",
            ),
            Why::NulByte => pick(
                "a name with a NUL byte: refused",
                "un nombre con un byte NUL: rechazado",
            ),
            Why::SymbolicLink => pick(
                "a symbolic link: not followed",
                "un enlace simbólico: no se sigue",
            ),
            Why::NestedTooDeep => pick("nested too deep", "demasiadas carpetas anidadas"),
            Why::UnreadableEntry(detail) => {
                if es {
                    format!("entrada ilegible ({detail})")
                } else {
                    format!("unreadable entry: {detail}")
                }
            }
            Why::StatesTooLarge { declared, cap } => {
                if es {
                    format!(
                        "dice ocupar {} descomprimido, más de los {} que se leen de un archivo",
                        size(*declared),
                        size(*cap)
                    )
                } else {
                    format!(
                        "states {} once decompressed, more than the {} this reader reads of one file",
                        size(*declared),
                        size(*cap)
                    )
                }
            }
            Why::PossibleBomb { ratio, max } => {
                if es {
                    format!(
                        "comprimido {ratio}:1, más de {max}:1: rechazado como posible bomba zip"
                    )
                } else {
                    format!(
                        "compressed {ratio}:1, more than {max}:1: refused as a possible zip bomb"
                    )
                }
            }
            Why::NotDecompressed(detail) => {
                if es {
                    format!("no se pudo descomprimir ({detail})")
                } else {
                    format!("cannot be decompressed: {detail}")
                }
            }
            Why::NotOpened(detail) => {
                if es {
                    format!("no se pudo abrir ({detail})")
                } else {
                    format!("cannot be opened: {detail}")
                }
            }
            Why::LargerThanCap { cap, detail } => {
                if es {
                    format!(
                        "ocupa más de los {} que se leen de un archivo ({detail})",
                        size(*cap)
                    )
                } else {
                    format!(
                        "larger than the {} this reader reads of one file ({detail})",
                        size(*cap)
                    )
                }
            }
            Why::Malformed(detail) => {
                if es {
                    format!("no se pudo leer ({detail})")
                } else {
                    detail.clone()
                }
            }
            Why::UnreadableRecords(count) => {
                if es {
                    format!(
                        "{count} registros tenían una hora o una dirección IP ilegible; no se cuentan"
                    )
                } else {
                    format!(
                        "{count} records had a time or IP address that could not be read; they are not counted"
                    )
                }
            }
            Why::TooManyEvents { dropped, max } => {
                if es {
                    format!("{dropped} inicios de sesión más allá de los {max} que se guardan no se contaron")
                } else {
                    format!("{dropped} login events beyond the {max} this reader keeps were not counted")
                }
            }
        }
    }
}

/// Why no login record was found in an export of `looked_at` files; `meta_html` when some of them
/// are the pages of a Meta export in HTML, which this reader does not read: the steps to ask for JSON.
pub fn unrecognised(looked_at: usize, meta_html: bool, lang: &str) -> String {
    let es = lang == "es";
    let mut text = if es {
        format!(
            "No se encontró ningún registro de inicios de sesión, de sesiones ni de accesos de un formato \
             de exportación conocido ({looked_at} archivos revisados). Formatos conocidos: archivo de X, \
             Facebook e Instagram (JSON), Google Takeout, TikTok, Snapchat, Discord."
        )
    } else {
        format!(
            "No login, session or access log of a known export format was found ({looked_at} files \
             looked at). Known: X archive, Facebook and Instagram (JSON), Google Takeout, TikTok, \
             Snapchat, Discord."
        )
    };
    if meta_html {
        text.push(' ');
        text.push_str(if es {
            "Esta exportación de Meta está en HTML, que este lector no lee. Pide otra en JSON: en \
             Centro de cuentas, Tu información y permisos, Descargar tu información, elige \
             \"Formato: JSON\" antes de crear el archivo."
        } else {
            "This Meta export is in HTML, which this reader does not read. Ask for another in JSON: \
             in Accounts Center, Your information and permissions, Download your information, choose \
             \"Format: JSON\" before you create the file."
        });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_reads_differently_in_spanish() {
        let all = [
            Why::NotALog,
            Why::NestedZip,
            Why::MetaHtml,
            Why::OtherExport {
                found: "X",
                reading: "Facebook",
            },
            Why::AbsolutePath,
            Why::ClimbsOut,
            Why::NulByte,
            Why::SymbolicLink,
            Why::NestedTooDeep,
            Why::UnreadableEntry("x".into()),
            Why::StatesTooLarge {
                declared: 100 << 20,
                cap: 64 << 20,
            },
            Why::PossibleBomb {
                ratio: 2000,
                max: 1000,
            },
            Why::NotDecompressed("x".into()),
            Why::NotOpened("x".into()),
            Why::LargerThanCap {
                cap: 1 << 30,
                detail: "x".into(),
            },
            Why::Malformed("x".into()),
            Why::UnreadableRecords(2),
            Why::TooManyEvents {
                dropped: 3,
                max: 1_000_000,
            },
        ];
        for why in all {
            assert_ne!(why.words("en"), why.words("es"), "{why:?}");
        }
    }
}
