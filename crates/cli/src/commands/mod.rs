//! One module per command, each with its `run`: what `main` dispatches to.

pub(crate) mod audit;
pub(crate) mod eval;
pub(crate) mod inspect;
pub(crate) mod policies;
pub(crate) mod redact;
pub(crate) mod scan;
pub(crate) mod vet;
