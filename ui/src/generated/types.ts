// Generated from the Rust types by src-tauri/src/ui_types.rs (ts-rs): do not edit.
// Regenerate: CLEARFRAME_REGENERATE=1 cargo test -p clearframe-app ui_types

export type Kind = "face" | "text" | "barcode" | "manual";

export type TextCategory = "name" | "date" | "id_number" | "phone" | "email" | "address" | "institution" | "other";

export type Method = "fill" | "blur" | "pixelate";

export type Source = { 
/**
 * The source policy file, e.g. `stanford-peds.txt`.
 */
file: string, 
/**
 * The clause within it, e.g. `rule 2`.
 */
clause: string, 
/**
 * Words quoted verbatim from the policy text.
 */
quote: string, };

export type Choice = { 
/**
 * Stable id, e.g. `clinical` or `teaching-site`.
 */
id: string, 
/**
 * Human label.
 */
label: string, };

export type Attestation = { 
/**
 * Stable id, e.g. `patient-consent`.
 */
id: string, 
/**
 * The exact checkbox text.
 */
text: string, 
/**
 * The clause the attestation comes from.
 */
source: Source, 
/**
 * ClearFrame's reading, when the attestation is an interpretation of the policy.
 */
note?: string | null, };

export type Decision = "allowed" | "forbidden";

export type ConsentRefRequirement = { 
/**
 * What to enter, as shown to the user.
 */
prompt: string, 
/**
 * The clause requiring it.
 */
source: Source, };

export type RedactRequirement = { 
/**
 * Kinds whose findings must be redacted (face, text, barcode).
 */
kinds: Array<Kind>, 
/**
 * Institution names and logo text must be removed: text findings must be redacted, or
 * dismissed with a reason (e.g. "not an institution name", or the written permission).
 */
institution_names: boolean, 
/**
 * Kinds (of `kinds`) that, when the scan found none of them, the reviewer must confirm
 * having looked for in the whole picture themselves (a detector misses faces in profile,
 * small, or in a mirror, a screen or a photo): `GateRequest::checked` must list them.
 */
confirm_if_none?: Array<Kind>, 
/**
 * The clause requiring it.
 */
source: Source, };

export type Rule = { 
/**
 * Subject id.
 */
subject: string, 
/**
 * Destination id.
 */
destination: string, 
/**
 * Allowed (with conditions) or forbidden.
 */
decision: Decision, 
/**
 * The clause the rule comes from.
 */
source: Source, 
/**
 * The policy does not address this pair directly: the rule is ClearFrame's conservative
 * reading of a more general clause, explained in `note`.
 */
interpreted: boolean, 
/**
 * Explanation shown to the user (always present when `interpreted`).
 */
note?: string | null, 
/**
 * Attestation ids that must all be ticked (allowed rules only).
 */
attestations: Array<string>, 
/**
 * A consent reference is required when present (allowed rules only).
 */
consent_ref: ConsentRefRequirement | null, 
/**
 * What must be redacted (allowed rules only).
 */
redact: Array<RedactRequirement>, };

export type PolicyView = { 
/**
 * Stable id, e.g. `stanford-peds`.
 */
id: string, 
/**
 * Human name.
 */
name: string, 
/**
 * The institution it belongs to.
 */
institution: string, 
/**
 * One-paragraph summary, when the preset has one.
 */
summary: string | null, 
/**
 * The source policy text it was built from.
 */
source_file: string, 
/**
 * What a picture can show.
 */
subjects: Array<Choice>, 
/**
 * Where a picture can go.
 */
destinations: Array<Choice>, 
/**
 * Every attestation, with its exact checkbox text and source clause.
 */
attestations: Array<Attestation>, 
/**
 * One rule per (subject, destination): forbidden or allowed, its conditions and source.
 */
rules: Array<Rule>, };

export type PolicySettings = { 
/**
 * The folders whose presets are offered beside the built-in ones.
 */
dirs: Array<string>, 
/**
 * Why they are not offered, when they could not be loaded.
 */
problem: string | null, 
/**
 * How many presets are offered in all.
 */
count: number, };

export type UnmetCondition = { 
/**
 * Stable id: `unknown-subject`, `unknown-destination`, `forbidden`, `attestation:<id>`,
 * `consent-ref`, `redact:<kind>`, `redact:institution-names` or `checked:<kind>` (none was
 * found: the reviewer must confirm having looked).
 */
id: string, 
/**
 * What is wrong, in the policy's wording (for an attestation: its checkbox text).
 */
message: string, 
/**
 * The clause behind the condition.
 */
source: Source | null, };

export type GateDecision = { 
/**
 * The export may go ahead (`unmet` is empty).
 */
allowed: boolean, 
/**
 * Every condition not met, in the policy's own words.
 */
unmet: Array<UnmetCondition>, };

export type ConsentForm = { 
/**
 * Policy preset id.
 */
policy: string, 
/**
 * Subject id (`clinical`, `staff`, `event`).
 */
subject: string, 
/**
 * Destination id.
 */
destination: string, 
/**
 * Ticked attestation ids.
 */
attestations: Array<string>, 
/**
 * Consent reference (blank counts as none).
 */
consentRef: string | null, 
/**
 * Who reviewed the de-identification (blank counts as none).
 */
reviewer: string | null, 
/**
 * Kinds the reviewer confirmed having looked for in the whole picture themselves (the
 * "no face was found" check the policies ask for).
 */
checked: Array<Kind>, };

export type FindingView = { 
/**
 * Position in the plan (what `edit_plan` takes).
 */
index: number, 
/**
 * `face`, `text`, `barcode` or `manual`.
 */
kind: Kind, 
/**
 * The detector's box `[x, y, w, h]` in displayed-image pixels.
 */
box: [number, number, number, number], 
/**
 * Detector confidence, 0–1.
 */
score: number, 
/**
 * The region redaction covers `[x, y, w, h]`.
 */
redact_box: [number, number, number, number], 
/**
 * How the region is made unreadable.
 */
method: Method, 
/**
 * `redact` or `dismiss`.
 */
decision: "redact" | "dismiss", 
/**
 * Why it was dismissed.
 */
reason: string | null, 
/**
 * Text read (or a barcode's content), when recognition ran and read it.
 */
text: string | null, 
/**
 * What the text probably is (`name`, `date`, `id_number`, …), when it was read.
 */
category: TextCategory | null, 
/**
 * That category for people ("person name", …).
 */
category_label: string | null, 
/**
 * A barcode's symbology (`qr`, `code128`, …).
 */
format: string | null, 
/**
 * The region covers the whole detected box (false once a detection's region is moved
 * or shrunk off it; the gate then counts it as not redacted).
 */
covers: boolean, };

/** Every kind of finding, in the ledger's order. */
export const KINDS: Kind[] = ["face", "text", "barcode", "manual"];
