//! The app's settings, kept between sessions: the folders of institution policy presets
//! (what the CLI takes as `--policy-dir`). A small JSON file, replaced whole on each change.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use clearframe_core::l10n::io_detail;

use crate::commands::locale::{text, ui_lang};
use crate::error::{AppError, AppResult};

/// The environment variable that overrides the settings file (tests, portable installs).
pub const SETTINGS_ENV: &str = "CLEARFRAME_SETTINGS";

/// What the app remembers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Folders whose `*.toml` presets are offered beside the built-in ones, in order.
    #[serde(default)]
    pub policy_dirs: Vec<PathBuf>,
}

/// The settings file: `$CLEARFRAME_SETTINGS` when set, else
/// `$XDG_CONFIG_HOME/clearframe/settings.json`, `$HOME/.config/clearframe/settings.json` or
/// `%APPDATA%\clearframe\settings.json`.
pub fn default_settings_path() -> PathBuf {
    settings_path_from(
        std::env::var_os(SETTINGS_ENV),
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
        std::env::var_os("APPDATA"),
    )
}

fn settings_path_from(
    explicit: Option<OsString>,
    xdg_config_home: Option<OsString>,
    home: Option<OsString>,
    appdata: Option<OsString>,
) -> PathBuf {
    let set = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| !p.as_os_str().is_empty());
    if let Some(p) = set(explicit) {
        return p;
    }
    let absolute = |v: Option<OsString>| set(v).filter(|p| p.is_absolute());
    let config = absolute(xdg_config_home)
        .or_else(|| absolute(home).map(|h| h.join(".config")))
        .or_else(|| absolute(appdata))
        .unwrap_or_default();
    config.join("clearframe").join("settings.json")
}

impl Settings {
    /// Read the settings at `path`; a missing file is the defaults. An unreadable or
    /// malformed file is an error naming it (code `settings`).
    pub fn load(path: &Path) -> AppResult<Settings> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => {
                return Err(settings_error(
                    "app-settings-unreadable",
                    path,
                    &e.to_string(),
                ))
            }
        };
        serde_json::from_slice(&bytes)
            .map_err(|e| settings_error("app-settings-invalid", path, &e.to_string()))
    }

    /// Write the settings to `path` whole (its folder created if missing).
    pub fn save(&self, path: &Path) -> AppResult<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                let (path, detail) = (dir.display().to_string(), io_detail(ui_lang(), &e));
                let args = [("path", (&path).into()), ("detail", (&detail).into())];
                AppError::new("io", text("app-cannot-create-folder", &args))
            })?;
        }
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| AppError::internal(format!("settings: {e}")))?;
        clearframe_core::fs::replace_file(path, |w| std::io::Write::write_all(w, &json))?;
        Ok(())
    }
}

/// A `settings` error: message `id` naming the settings file `path`, with what went wrong.
fn settings_error(id: &str, path: &Path, detail: &str) -> AppError {
    let path = path.display().to_string();
    let args = [("path", (&path).into()), ("detail", detail.into())];
    AppError::new("settings", text(id, &args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_file_is_found_like_other_desktop_apps_do() {
        let s = |v: &str| Some(OsString::from(v));
        assert_eq!(
            settings_path_from(s("/tmp/s.json"), s("/x"), s("/home/a"), None),
            PathBuf::from("/tmp/s.json")
        );
        assert_eq!(
            settings_path_from(None, s("/x"), s("/home/a"), None),
            PathBuf::from("/x/clearframe/settings.json")
        );
        assert_eq!(
            settings_path_from(None, s("relative"), s("/home/a"), None),
            PathBuf::from("/home/a/.config/clearframe/settings.json")
        );
        assert_eq!(
            settings_path_from(None, None, None, s("/appdata")),
            PathBuf::from("/appdata/clearframe/settings.json")
        );
    }

    #[test]
    fn settings_round_trip_and_a_bad_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf").join("settings.json");
        assert_eq!(Settings::load(&path).unwrap(), Settings::default());
        let settings = Settings {
            policy_dirs: vec![PathBuf::from("/srv/presets")],
        };
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), settings);
        std::fs::write(&path, b"{\"policy_dirs\": 3}").unwrap();
        let err = Settings::load(&path).unwrap_err();
        assert_eq!(err.code, "settings");
        assert!(err.message.contains("settings.json"), "{}", err.message);
    }
}
