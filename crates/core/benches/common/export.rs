//! The export request the benches that write copies make: the throughput and redact_faces
//! benches, like the tests, export through the stanford-peds gate with what it asks for.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clearframe_core::pipeline::ExportRequest;
use clearframe_core::policy::Policy;

/// A clinical photo to the teaching site with both attestations and a consent reference, into
/// `out_dir`, recording `models`.
pub fn teaching_site_request(
    policy: &Policy,
    out_dir: PathBuf,
    models: BTreeMap<String, String>,
) -> ExportRequest<'_> {
    ExportRequest::new(policy, "teaching-site", out_dir)
        .attest(["patient-consent", "deidentification-reviewed"])
        .consent_ref(Some("BENCH-1"))
        .models(models)
}
