//! The system's locale, for the front end to choose its language and formats, and the
//! language the front end passes to the commands whose answers people read.

use clearframe_core::l10n::Lang;

/// The language a command was asked for (`en`, `fr`, a locale tag); English when absent or
/// not one we speak.
pub fn lang(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::from_tag).unwrap_or_default()
}

/// The system locale as a BCP 47 tag (`fr-CA`), from `LC_ALL`, `LC_MESSAGES` and `LANG`;
/// `None` when none names a language (`C`, `POSIX`, unset). The front end speaks French when
/// it starts with `fr`, English otherwise, until the reviewer picks a language in the app.
#[tauri::command]
pub fn system_locale() -> Option<String> {
    clearframe_core::l10n::system_locale()
}
