//! ClearFrame desktop app: a thin Tauri shell over `clearframe-core`.
//!
//! [`commands`] are the typed commands the front end (`ui/`) invokes, [`state`] what the app
//! holds between them, [`error`] the one `{code, message}` error they return. The pipeline,
//! the policy gate and the audit ledger are the core's: the app and the CLI cannot diverge.

pub mod commands;
pub mod error;
pub mod state;

pub use error::{AppError, AppResult};
pub use state::AppState;

/// Register the state and every command on a builder (the real runtime, or the mock runtime
/// in tests).
pub fn app_builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_policies,
            commands::ledger_path,
            commands::open_images,
            commands::get_image,
            commands::get_preview,
            commands::set_decision,
            commands::check_gate,
            commands::export,
        ])
}

/// Start the app (blocks until the window closes).
///
/// # Panics
/// When the window system cannot be initialised.
pub fn run() {
    app_builder(
        tauri::Builder::default().plugin(tauri_plugin_dialog::init()),
        AppState::from_env(),
    )
    .run(tauri::generate_context!())
    .expect("error while running ClearFrame");
}

#[cfg(test)]
mod tests;
