//! ClearFrame desktop app: a thin Tauri shell over `clearframe-core`.
//!
//! [`commands`] are the typed commands the front end (`ui/`) invokes, [`state`] what the app
//! holds between them, [`error`] the one `{code, message}` error they return. The pipeline,
//! the policy gate and the audit ledger are the core's: the app and the CLI cannot diverge.

pub mod commands;
pub mod error;
pub mod priority;
pub mod settings;
pub mod state;
mod ui_types;

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
            commands::policies::list_policies,
            commands::policies::policy_settings,
            commands::policies::set_policy_dirs,
            commands::audit::ledger_path,
            commands::images::open_images,
            commands::images::get_image,
            commands::preview::get_preview,
            commands::plan::edit_plan,
            commands::plan::undo_edit,
            commands::plan::redo_edit,
            commands::images::cancel_scans,
            commands::audit::audit_rows,
            commands::audit::audit_verify,
            commands::audit::audit_export,
            commands::export::check_gate,
            commands::export::export,
            commands::documents::vet_document,
            commands::documents::export_document,
            commands::documents::open_document_picture,
            commands::locale::system_locale,
            commands::locale::set_language,
        ])
}

/// Start the app (blocks until the window closes).
///
/// # Panics
/// When the window system cannot be initialised.
pub fn run() {
    let state = AppState::from_env();
    // Load and verify the models while the window opens, face model first, so the first scan
    // starts at once; a scan started meanwhile waits only for the model it needs next.
    let warm = state.clone();
    std::thread::spawn(move || {
        // At background priority, like scans: ONNX Runtime's threads, started while the
        // models load, inherit it.
        crate::priority::background_priority();
        // A failure here is reported by the first scan, which tries again.
        if let Ok(d) = warm.detector() {
            let _ = d.preload();
        }
    });
    app_builder(
        tauri::Builder::default()
            .plugin(tauri_plugin_dialog::init())
            // Window size, position and maximised state are kept between runs.
            .plugin(tauri_plugin_window_state::Builder::default().build()),
        state,
    )
    .run(tauri::generate_context!())
    .expect("error while running ClearFrame");
}

#[cfg(test)]
mod tests;
