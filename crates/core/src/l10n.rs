//! The languages ClearFrame speaks to people, and which one to use.
//!
//! English and French (fr-CA, for the Quebec residents whose policy is one of the presets). The
//! language is taken from the system locale, POSIX order: `LC_ALL`, then `LC_MESSAGES`, then
//! `LANG` (the first one set and not empty decides; `C` and `POSIX` mean English). Only what
//! people read is translated: JSON output, ledger rows and ids stay language-neutral.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French (Canada).
    Fr,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The language's id (`en`, `fr`).
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The locale used for its formats (`en-CA`, `fr-CA`).
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en-CA",
            Lang::Fr => "fr-CA",
        }
    }

    /// Our language for a locale tag: POSIX (`fr_CA.UTF-8`, `fr_FR@euro`) or BCP 47 (`fr-CA`).
    /// `None` when it is not one we speak (including `C` and `POSIX`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let code = tag
            .trim()
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match code.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The system's language from `LC_ALL`, `LC_MESSAGES` and `LANG` (English when none of
    /// them names a language we speak).
    pub fn from_env() -> Lang {
        system_locale()
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A message catalogue in every [`Lang`]: Fluent (`.ftl`) text a translator edits without
/// touching code. A message missing in one language falls back to English, then to its id.
pub struct Catalogue {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// A message's arguments: `(name, value)` pairs.
pub type Args<'a> = [(&'a str, Arg<'a>)];

/// One argument of a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Str(&'a str),
    /// A number (selects plural forms).
    Num(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(n as f64)
    }
}

impl Catalogue {
    /// A catalogue from each language's Fluent source. Panics on a source that does not parse
    /// (catalogues are compiled in, and a test parses each one).
    pub fn new(sources: &[(Lang, &str)]) -> Catalogue {
        let bundles = sources
            .iter()
            .map(|&(lang, text)| {
                let resource = FluentResource::try_new(text.to_string())
                    .unwrap_or_else(|(_, e)| panic!("{lang} catalogue does not parse: {e:?}"));
                let id: unic_langid::LanguageIdentifier =
                    lang.locale().parse().expect("valid locale");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // No Unicode isolation marks: messages go to terminals, logs and plain text.
                bundle.set_use_isolating(false);
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|e| panic!("{lang} catalogue defines a message twice: {e:?}"));
                (lang, bundle)
            })
            .collect();
        Catalogue { bundles }
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// Message `id` in `lang` with `args` (English when `lang` lacks it, then the id itself).
    pub fn get(&self, lang: Lang, id: &str, args: &Args<'_>) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        for l in [lang, Lang::En] {
            let Some(bundle) = self.bundle(l) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            return text.into_owned();
        }
        id.to_string()
    }
}

/// The core's own messages (the policy gate's conditions, ClearFrame's defaults).
pub fn core_messages() -> &'static Catalogue {
    static CORE: OnceLock<Catalogue> = OnceLock::new();
    CORE.get_or_init(|| {
        Catalogue::new(&[
            (Lang::En, include_str!("../locales/en/core.ftl")),
            (Lang::Fr, include_str!("../locales/fr/core.ftl")),
        ])
    })
}

/// Message `id` of the core's catalogue in `lang`.
pub fn tr(lang: Lang, id: &str, args: &Args<'_>) -> String {
    core_messages().get(lang, id, args)
}

/// Message `<family>-<id>` in `lang`, `_` in `id` written `-` (`category-id-number`): the label
/// of an enum value by its JSON id.
pub fn label(lang: Lang, family: &str, id: &str) -> String {
    tr(lang, &format!("{family}-{}", id.replace('_', "-")), &[])
}

/// [`label`] of an enum value whose JSON id is its `serde` name (`RemovalReason::ActiveX` →
/// `removed-active-x`).
pub fn enum_label<T: serde::Serialize>(lang: Lang, family: &str, value: &T) -> String {
    let id = serde_json::to_value(value).expect("an enum value serialises");
    label(lang, family, id.as_str().unwrap_or_default())
}

/// The noun for a kind of finding by its id (`face`), as it is when the catalogue has none.
pub fn kind_noun(lang: Lang, kind: &str) -> String {
    let id = format!("kind-{kind}");
    let noun = tr(lang, &id, &[]);
    if noun == id {
        kind.to_string()
    } else {
        noun
    }
}

/// `x` with `places` decimals in `lang`'s style (`12.3` in English, `12,3` in French).
pub fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    match lang {
        Lang::En => s,
        Lang::Fr => s.replace('.', ","),
    }
}

/// What the system said in an I/O error, in `lang` for the common cases (file not found,
/// permission denied, disk full…); other errors, and errors worded by whoever made them, as
/// they word themselves.
pub fn io_detail(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if e.get_ref().is_some() {
        return e.to_string();
    }
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::StorageFull => "io-storage-full",
        K::ReadOnlyFilesystem => "io-read-only",
        K::FileTooLarge => "io-too-large",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        _ => return e.to_string(),
    };
    tr(lang, id, &[])
}

/// What a translation lacks compared with English: messages or attributes missing or extra,
/// messages that use other variables, sources that do not parse. Empty when they agree (the
/// tests run it on every catalogue pair).
pub fn compare_catalogues(english: &str, other: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let en = catalogue_entries("English", english, &mut problems);
    let tr = catalogue_entries("translation", other, &mut problems);
    for (id, (vars, attrs)) in &en {
        match tr.get(id) {
            None => problems.push(format!("missing {id}")),
            Some((v, a)) => {
                if v != vars {
                    problems.push(format!("{id} uses {v:?} where English uses {vars:?}"));
                }
                if a != attrs {
                    problems.push(format!(
                        "{id} has attributes {a:?} where English has {attrs:?}"
                    ));
                }
            }
        }
    }
    for id in tr.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("{id} is not in English"));
    }
    problems
}

/// A catalogue's messages: id → (the variables it uses, its attributes).
type Entries = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn catalogue_entries(name: &str, text: &str, problems: &mut Vec<String>) -> Entries {
    use fluent_syntax::ast;
    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expression_vars(expression, out);
            }
        }
    }
    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for n in &arguments.named {
                    inline(&n.value, out);
                }
            }
            _ => {}
        }
    }
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!(
                    "{name}: does not parse at {:?}: {:?}",
                    e.pos, e.kind
                ));
            }
            r
        }
    };
    let mut out = Entries::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(v) = &m.value {
                pattern(v, &mut vars);
            }
            for a in &m.attributes {
                pattern(&a.value, &mut vars);
            }
            let attrs = m.attributes.iter().map(|a| a.id.name.to_string()).collect();
            out.insert(m.id.name.to_string(), (vars, attrs));
        }
    }
    out
}

/// The system locale as a BCP 47 tag (`fr_CA.UTF-8` → `fr-CA`): the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set and not empty; `None` when none is, or it is `C` or
/// `POSIX`.
pub fn system_locale() -> Option<String> {
    locale_from(|name| std::env::var(name).ok())
}

/// [`system_locale`] over any source of variables (tests pass their own).
pub fn locale_from(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let raw = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|v| !v.trim().is_empty())?;
    let base = raw.trim().split(['.', '@']).next().unwrap_or("");
    if base.is_empty() || base == "C" || base == "POSIX" {
        return None;
    }
    Some(base.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn posix_order_decides_and_tags_become_bcp47() {
        assert_eq!(
            locale_from(env(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "fr_CA.UTF-8")])),
            Some("fr-CA".into())
        );
        assert_eq!(
            locale_from(env(&[("LANG", "fr_FR@euro"), ("LC_MESSAGES", "")])),
            Some("fr-FR".into())
        );
        assert_eq!(
            locale_from(env(&[("LC_MESSAGES", "en_GB"), ("LANG", "fr_CA.UTF-8")])),
            Some("en-GB".into())
        );
        assert_eq!(locale_from(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(locale_from(env(&[("LC_ALL", "POSIX")])), None);
        assert_eq!(locale_from(env(&[])), None);
    }

    #[test]
    fn the_core_catalogues_agree_and_the_check_catches_a_gap() {
        let en = include_str!("../locales/en/core.ftl");
        let fr = include_str!("../locales/fr/core.ftl");
        assert_eq!(compare_catalogues(en, fr), Vec::<String>::new());
        let broken =
            "cite = { $file }\nextra = x\ngate-forbidden = { $subject ->\n   *[other] x\n}\n";
        let problems = compare_catalogues(en, broken);
        assert!(
            problems.iter().any(|p| p == "missing gate-consent-ref"),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p == "extra is not in English"),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("cite uses")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("gate-forbidden uses")),
            "{problems:?}"
        );
        assert!(!compare_catalogues(en, "cite = {").is_empty());
    }

    #[test]
    fn messages_pick_plural_forms_and_fall_back_to_english() {
        let c = Catalogue::new(&[
            (
                Lang::En,
                "n = { $n ->\n  [one] one file\n *[other] { $n } files\n}\nonly-en = English\n",
            ),
            (
                Lang::Fr,
                "n = { $n ->\n  [one] { $n } fichier\n *[other] { $n } fichiers\n}\n",
            ),
        ]);
        assert_eq!(c.get(Lang::En, "n", &[("n", 1usize.into())]), "one file");
        assert_eq!(c.get(Lang::En, "n", &[("n", 0usize.into())]), "0 files");
        // French counts 0 and 1 as singular.
        assert_eq!(c.get(Lang::Fr, "n", &[("n", 0usize.into())]), "0 fichier");
        assert_eq!(c.get(Lang::Fr, "n", &[("n", 2usize.into())]), "2 fichiers");
        assert_eq!(c.get(Lang::Fr, "only-en", &[]), "English");
        assert_eq!(c.get(Lang::Fr, "nowhere", &[]), "nowhere");
        assert!(tr(
            Lang::Fr,
            "gate-none-found-face",
            &[("place", "toute l'image".into())]
        )
        .starts_with("Aucun visage trouvé"));
    }

    #[test]
    fn enum_labels_are_the_catalogue_s_in_every_language() {
        use crate::document::{RemovalReason, TextLocation};
        use crate::finding::TextCategory;
        // The English of every label, word for word what the reports said before the
        // catalogue held them.
        use TextCategory as C;
        for (c, en) in [
            (C::Name, "person name"),
            (C::Date, "date / date of birth"),
            (C::IdNumber, "record or ID number"),
            (C::Phone, "phone number"),
            (C::Email, "email address"),
            (C::Address, "address"),
            (C::Institution, "institution name"),
            (C::Other, "other text"),
        ] {
            assert_eq!(c.label_in(Lang::En), en);
            assert_ne!(c.label_in(Lang::Fr), c.label_in(Lang::En), "{c:?}");
        }
        assert_eq!(TextCategory::ALL.len(), 8, "every category is listed above");
        for (l, en) in [
            (TextLocation::Slide, "slide"),
            (TextLocation::Notes, "notes of slide"),
            (TextLocation::Comment, "comment on slide"),
            (TextLocation::AltText, "picture alt text on slide"),
        ] {
            assert_eq!(l.label_in(Lang::En), en);
            assert!(!l.label_in(Lang::Fr).starts_with("location-"));
        }
        use RemovalReason as R;
        for (r, en) in [
            (R::HiddenSlide, "hidden slide"),
            (R::Notes, "speaker notes"),
            (R::Comments, "comments"),
            (R::CommentAuthors, "comment authors"),
            (R::CustomXml, "custom XML data"),
            (R::Tags, "add-in tags"),
            (R::Macros, "macros"),
            (R::Ink, "ink"),
            (R::EmbeddedObject, "embedded object"),
            (R::Video, "video"),
            (R::Audio, "audio"),
            (R::OtherMedia, "media ClearFrame cannot check"),
            (R::ActiveX, "ActiveX control"),
            (R::Revisions, "revision records"),
            (R::PrinterSettings, "printer settings"),
            (R::CustomProperties, "custom properties"),
            (R::Customization, "ribbon customisation"),
        ] {
            assert_eq!(r.label_in(Lang::En), en);
            assert!(!r.label_in(Lang::Fr).starts_with("removed-"), "{r:?}");
        }
        // A new variant fails to compile here until it is listed above (and in the catalogues).
        fn _listed(l: TextLocation, r: RemovalReason) {
            use TextLocation as L;
            match l {
                L::Slide | L::Notes | L::Comment | L::AltText => {}
            }
            match r {
                R::HiddenSlide
                | R::Notes
                | R::Comments
                | R::CommentAuthors
                | R::CustomXml
                | R::Tags
                | R::Macros
                | R::Ink
                | R::EmbeddedObject
                | R::Video
                | R::Audio
                | R::OtherMedia
                | R::ActiveX
                | R::Revisions
                | R::PrinterSettings
                | R::CustomProperties
                | R::Customization => {}
            }
        }
        assert_eq!(kind_noun(Lang::Fr, "face"), "visage");
        assert_eq!(kind_noun(Lang::Fr, "hologram"), "hologram");
        assert_eq!(decimal(Lang::Fr, 12.34, 1), "12,3");
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(Lang::from_tag("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("en_US"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de_DE.UTF-8"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
