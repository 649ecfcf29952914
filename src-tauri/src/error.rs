//! The one error type every command returns: `{code, message}`, serialised to the front end.
//!
//! `code` is the core's stable machine-readable code ([`clearframe_core::Error::code`]:
//! `decode`, `too_large`, `refused`, `model`, `runtime`…) or one of the app's own:
//! `not_found` (no image with that id, no finding at that index), `invalid` (a request the
//! app cannot act on, e.g. a dismissal without a reason), `changed` (an open image's file is
//! no longer the one scanned, so its pixels cannot be read again) and `internal` (a background
//! task failed).

use serde::Serialize;

use crate::commands::locale::text;

/// An error as the front end sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppError {
    /// Stable machine-readable code.
    pub code: String,
    /// Human-readable message (names the file when the error concerns one).
    pub message: String,
}

/// Result alias for commands.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An error with the given code and message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// No image with this id (it was never opened, or the app restarted).
    pub fn no_image(id: u64) -> Self {
        let id = id.to_string();
        AppError::new("not_found", text("app-no-image", &[("id", (&id).into())]))
    }

    /// A request the app cannot act on.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::new("invalid", message)
    }

    /// A background task failed (panicked or was cancelled by the runtime).
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new("internal", message)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AppError {}

impl From<clearframe_core::Error> for AppError {
    fn from(e: clearframe_core::Error) -> Self {
        AppError::new(e.code(), e.message_in(crate::commands::locale::ui_lang()))
    }
}

impl From<clearframe_core::policy::PolicyError> for AppError {
    fn from(e: clearframe_core::policy::PolicyError) -> Self {
        clearframe_core::Error::from(e).into()
    }
}

impl From<clearframe_core::audit::AuditError> for AppError {
    fn from(e: clearframe_core::audit::AuditError) -> Self {
        clearframe_core::Error::from(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_and_message() {
        let e: AppError = clearframe_core::Error::Cancelled.into();
        // In the app's language, which a test running beside this one may have set to French.
        assert!(
            e == AppError::new("cancelled", "cancelled")
                || e == AppError::new("cancelled", "annulé"),
            "{e:?}"
        );
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "cancelled", "message": e.message})
        );
    }
}
