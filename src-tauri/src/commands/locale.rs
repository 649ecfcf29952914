//! The system's locale, for the front end to choose its language and formats, and the
//! language the front end passes to the commands whose answers people read.

use std::sync::atomic::{AtomicU8, Ordering};

use std::sync::OnceLock;

use clearframe_core::l10n::{Args, Catalogue, Lang};

/// The language the reviewer reads the app in (0 English, 1 French), for the words the shell
/// and the core write without being asked for a language: error messages, a refusal's
/// conditions, a document's concerns. One per process, like the window it serves.
static UI_LANG: AtomicU8 = AtomicU8::new(0);

/// The language the front end last set ([`set_language`]); English until it does.
pub fn ui_lang() -> Lang {
    match UI_LANG.load(Ordering::Relaxed) {
        1 => Lang::Fr,
        _ => Lang::En,
    }
}

/// The front end's language (`en`, `fr`, a locale tag; English when not one we speak): errors,
/// refusals and concerns are written in it from now on. Returns the language set.
#[tauri::command]
pub fn set_language(lang: String) -> String {
    let lang = self::lang(Some(&lang));
    UI_LANG.store(u8::from(lang == Lang::Fr), Ordering::Relaxed);
    lang.id().to_string()
}

/// The language a command was asked for (`en`, `fr`, a locale tag); English when absent or
/// not one we speak.
pub fn lang(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::from_tag).unwrap_or_default()
}

/// The shell's own messages (`src-tauri/locales/<lang>/app.ftl`).
fn catalogue() -> &'static Catalogue {
    static APP: OnceLock<Catalogue> = OnceLock::new();
    APP.get_or_init(|| {
        Catalogue::new(&[
            (Lang::En, include_str!("../../locales/en/app.ftl")),
            (Lang::Fr, include_str!("../../locales/fr/app.ftl")),
        ])
    })
}

/// The shell's message `id` in the app's language ([`ui_lang`]) with `args`.
pub fn text(id: &str, args: &Args<'_>) -> String {
    catalogue().get(ui_lang(), id, args)
}

/// The system locale as a BCP 47 tag (`fr-CA`), from `LC_ALL`, `LC_MESSAGES` and `LANG`;
/// `None` when none names a language (`C`, `POSIX`, unset). The front end speaks French when
/// it starts with `fr`, English otherwise, until the reviewer picks a language in the app.
#[tauri::command]
pub fn system_locale() -> Option<String> {
    clearframe_core::l10n::system_locale()
}
