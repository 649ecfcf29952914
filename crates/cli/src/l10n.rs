//! The CLI's words in the user's language: English or French, from the system locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`; [`Lang::from_env`]). Human output only: `--json` lines,
//! the ledger and exit codes are the same in every language.
//!
//! Messages live in `crates/cli/locales/<lang>/cli.ftl` (Fluent), which a translator edits
//! without touching code; a test fails when one language lacks a message or uses other
//! variables. Words the core writes (errors, a deck's concerns, the gate's conditions) come
//! from the core's catalogue in the same language.

use std::sync::OnceLock;

use clearframe_core::l10n::{Arg, Catalogue, Lang};

/// The language of this run: the system locale's, read once.
pub(crate) fn lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(Lang::from_env)
}

fn catalogue() -> &'static Catalogue {
    static CLI: OnceLock<Catalogue> = OnceLock::new();
    CLI.get_or_init(|| {
        Catalogue::new(&[
            (Lang::En, include_str!("../locales/en/cli.ftl")),
            (Lang::Fr, include_str!("../locales/fr/cli.ftl")),
        ])
    })
}

/// One argument of a message, owned (numbers select plural forms).
pub(crate) enum Value {
    /// Text.
    Str(String),
    /// A count.
    Num(f64),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Str(s.clone())
    }
}
impl From<std::path::Display<'_>> for Value {
    fn from(d: std::path::Display<'_>) -> Self {
        Value::Str(d.to_string())
    }
}
macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Num(n as f64)
            }
        }
    )*};
}
numbers!(usize, u32, u64, i64);

/// Message `id` of the CLI's catalogue in this run's language with `args`.
pub(crate) fn text(id: &str, args: &[(&str, Value)]) -> String {
    let args: Vec<(&str, Arg<'_>)> = (args.iter())
        .map(|(name, v)| {
            let arg = match v {
                Value::Str(s) => Arg::Str(s),
                Value::Num(n) => Arg::Num(*n),
            };
            (*name, arg)
        })
        .collect();
    catalogue().get(lang(), id, &args)
}

/// `t!("id")`, `t!("id", name = value, …)`: message `id` of the CLI's catalogue in this run's
/// language (values: text, paths' `display()`, counts).
macro_rules! t {
    ($id:expr) => {
        $crate::l10n::text($id, &[])
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::l10n::text($id, &[$((stringify!($name), $crate::l10n::Value::from($value))),+])
    };
}
pub(crate) use t;

#[cfg(test)]
mod tests {
    use clearframe_core::l10n::compare_catalogues;

    /// The CLI's sources without their comment lines, concatenated (but this file, which
    /// defines `t!` and quotes it).
    fn sources() -> String {
        fn walk(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("l10n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    // Code only: comments may quote ids that are not messages.
                    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
        }
        let mut out = String::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    #[test]
    fn every_message_asked_for_exists_and_every_message_is_used() {
        let en = include_str!("../locales/en/cli.ftl");
        let ids: Vec<&str> = (en.lines())
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .collect();
        assert!(ids.len() > 100, "{}", ids.len());
        let src = sources();
        for id in &ids {
            assert!(src.contains(&format!("\"{id}\"")), "{id} is never used");
        }
        let mut asked = 0;
        let calls = src.match_indices("t!(").filter(|(i, _)| {
            // `t!(`, not the end of `format!(` or `bail!(`.
            !src[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        });
        for (i, _) in calls {
            let Some(rest) = src[i + 3..].trim_start().strip_prefix('"') else {
                continue; // an id in a variable: its literal is checked above
            };
            let id = &rest[..rest.find('"').unwrap()];
            assert!(ids.contains(&id), "t!(\"{id}\") has no message");
            asked += 1;
        }
        assert!(asked > 100, "{asked}");
    }

    #[test]
    fn the_cli_catalogues_agree() {
        let en = include_str!("../locales/en/cli.ftl");
        let fr = include_str!("../locales/fr/cli.ftl");
        assert_eq!(compare_catalogues(en, fr), Vec::<String>::new());
    }
}
