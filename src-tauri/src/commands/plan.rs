//! Editing an image's redaction plan, with undo and redo.

use clearframe_core::redact::{EditError, EditHistory, PlanEdit, RedactionPlan};
use tauri::State;

use super::images::{summarize, ImageSummary};
use super::scanned;
use crate::error::{AppError, AppResult};
use crate::state::{lock, AppState, OpenImage};

impl From<EditError> for AppError {
    fn from(e: EditError) -> Self {
        let code = match e {
            EditError::NoSuchItem { .. } => "not_found",
            _ => "invalid",
        };
        AppError::new(code, e.to_string())
    }
}

/// Change the plan of an image: dismiss or cover a finding, choose its method, move or resize
/// its region, draw a region, remove a drawn one (see [`PlanEdit`]). Undoable. Returns the
/// updated summary; a refused edit (`invalid`, `not_found`) changes nothing.
#[tauri::command]
pub fn edit_plan(state: State<'_, AppState>, id: u64, edit: PlanEdit) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| Ok(history.apply(plan, &edit)?))
}

/// Undo the image's last edit (nothing happens when there is none). Returns the summary.
#[tauri::command]
pub fn undo_edit(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| {
        history.undo(plan);
        Ok(())
    })
}

/// Redo the image's last undone edit (nothing happens when there is none). Returns the summary.
#[tauri::command]
pub fn redo_edit(state: State<'_, AppState>, id: u64) -> AppResult<ImageSummary> {
    with_plan(&state, id, |plan, history| {
        history.redo(plan);
        Ok(())
    })
}

/// Change the plan of a fully scanned image with `change`, then summarise it.
fn with_plan(
    state: &AppState,
    id: u64,
    change: impl FnOnce(&mut RedactionPlan, &mut EditHistory) -> AppResult<()>,
) -> AppResult<ImageSummary> {
    let img = state.image(id)?;
    let mut guard = lock(&img);
    scanned(id, &guard)?;
    let OpenImage {
        report, history, ..
    } = &mut *guard;
    change(&mut report.plan, history)?;
    Ok(summarize(id, &guard))
}
