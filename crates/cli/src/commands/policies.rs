//! `clearframe policies [ID]`: the policy presets, listed or one explained.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clearframe_core::{policy, Error};

use crate::l10n::{lang, t};

/// `policies [ID]`: the presets listed, or one explained; with `--markdown` or `--json`, in
/// that form.
pub(crate) fn run(id: Option<&str>, dirs: &[PathBuf], markdown: bool, json: bool) -> Result<u8> {
    let all = match id {
        Some(id) => vec![policy::find_policy(id, dirs).map_err(Error::from)?],
        None => policy::all_policies(dirs).map_err(Error::from)?,
    };
    let mut out = std::io::stdout().lock();
    if markdown {
        write!(out, "{}", policy::markdown_table(&all))?;
    } else if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
    } else if id.is_some() {
        write!(out, "{}", all[0].explain_in(lang()))?;
    } else {
        for p in all.iter().map(|p| p.in_language(lang())) {
            writeln!(out, "{:<20} {}", p.id, p.name)?;
            if let Some(summary) = &p.summary {
                writeln!(out, "{:<20} {}", "", summary)?;
            }
        }
        writeln!(out, "\n{}", t!("policies-footer"))?;
    }
    Ok(0)
}
