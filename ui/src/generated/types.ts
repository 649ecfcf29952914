// Generated from the Rust types by src-tauri/src/ui_types.rs (ts-rs): do not edit.
// Regenerate: CLEARFRAME_REGENERATE=1 cargo test -p clearframe-app ui_types

export type Kind = "face" | "text" | "barcode" | "manual" | "crowd";

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

export type Rect = { 
/**
 * Left edge.
 */
x: number, 
/**
 * Top edge.
 */
y: number, 
/**
 * Width (> 0 for a meaningful rectangle).
 */
w: number, 
/**
 * Height (> 0 for a meaningful rectangle).
 */
h: number, };

export type Polygon = Array<[number, number]>;

export type PlanEdit = { "op": "redact", 
/**
 * The item.
 */
index: number, } | { "op": "dismiss", 
/**
 * The item.
 */
index: number, 
/**
 * Why (must not be blank; it goes into the audit ledger).
 */
reason: string, } | { "op": "dismiss_many", 
/**
 * The items (each at most once; all must exist, or nothing changes).
 */
indices: Array<number>, 
/**
 * Why (must not be blank; it is recorded for each item in the audit ledger).
 */
reason: string, } | { "op": "redact_many", 
/**
 * The items (all must exist, or nothing changes).
 */
indices: Array<number>, } | { "op": "set_method", 
/**
 * The item.
 */
index: number, 
/**
 * The new method.
 */
method: Method, } | { "op": "set_region", 
/**
 * The item.
 */
index: number, 
/**
 * The new region, in displayed-image pixels.
 */
rect: Rect, } | { "op": "set_polygon", 
/**
 * The item (must already be a polygon).
 */
index: number, 
/**
 * The new vertices, in order (at least three).
 */
points: Array<[number, number]>, } | { "op": "add_region", 
/**
 * The region, in displayed-image pixels (clipped to the image).
 */
rect: Rect, 
/**
 * How to redact it.
 */
method: Method, } | { "op": "remove_region", 
/**
 * The item (must be [`Kind::Manual`]).
 */
index: number, };

export type FindingView = { 
/**
 * Position in the plan (what `edit_plan` takes).
 */
index: number, 
/**
 * `face`, `text`, `barcode`, `manual` or `crowd`.
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
 * The region redaction covers `[x, y, w, h]` (for a polygon, the box around it).
 */
redact_box: [number, number, number, number], 
/**
 * For a crowd: the polygon redaction covers, `[x, y]` vertices in displayed-image
 * pixels (only its pixels are redacted).
 */
polygon: Polygon | null, 
/**
 * For a crowd: the polygon the detector found (the region must keep covering it).
 */
detected_polygon: Polygon | null, 
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

export type ContainerFormat = "jpeg" | "png" | "webp" | "tiff" | "gif" | "heif" | "unknown";

export type MetadataReport = { 
/**
 * An EXIF block (JPEG APP1 `Exif`, PNG `eXIf`, WebP `EXIF`, TIFF/HEIF EXIF).
 */
exif: boolean, 
/**
 * GPS tags inside EXIF (a GPS IFD with at least one entry), or GPS in XMP.
 */
gps: boolean, 
/**
 * An XMP packet.
 */
xmp: boolean, 
/**
 * IPTC / Photoshop IRB data.
 */
iptc: boolean, 
/**
 * An embedded ICC colour profile.
 */
icc: boolean, 
/**
 * An embedded thumbnail or preview image (EXIF IFD1, MPF secondary image...).
 */
thumbnail: boolean, 
/**
 * Comments or free text (JPEG COM, PNG tEXt/zTXt/iTXt other than XMP, GIF comments).
 */
comment: boolean, 
/**
 * Bytes after the end of the image data.
 */
trailing_bytes: number, };

export type Block = "exif" | "gps" | "xmp" | "iptc" | "icc" | "thumbnail" | "comment" | "trailing_bytes" | "other";

export type MetadataItem = { 
/**
 * What kind of block this is.
 */
block: Block, 
/**
 * A one-line human-readable description, e.g. `"GPS: 43.4674° N, 11.8819° E"`.
 */
summary: string, };

export type DocumentOrigin = { 
/**
 * The document.
 */
path: string, 
/**
 * The picture: a deck's part name (`ppt/media/image1.jpeg`) or a PDF's `page N`.
 */
key: string, };

export type ImageSummary = { 
/**
 * Id for later commands.
 */
id: number, 
/**
 * The file.
 */
path: string, 
/**
 * Its name, for display.
 */
file_name: string, 
/**
 * Width as displayed (orientation applied).
 */
width: number, 
/**
 * Height as displayed.
 */
height: number, 
/**
 * EXIF orientation found (1–8).
 */
orientation: number, 
/**
 * The plan's findings.
 */
findings: Array<FindingView>, 
/**
 * Number of findings by kind.
 */
counts: { [key in Kind]?: number }, 
/**
 * Metadata in the file (an export removes all of it).
 */
metadata: MetadataReport, 
/**
 * The container format read.
 */
container: ContainerFormat, 
/**
 * Each metadata block in the file, described for people (GPS spelled out).
 */
metadata_items: Array<MetadataItem>, 
/**
 * Decimal latitude and longitude, when the file carries a GPS position.
 */
gps: [number, number] | null, 
/**
 * Files exported from this image in this session.
 */
exported: Array<string>, 
/**
 * Edits that can be undone.
 */
undo: number, 
/**
 * Edits that can be redone.
 */
redo: number, 
/**
 * The document this picture belongs to (opened from the document view), if any: its
 * plan goes into the document's copy.
 */
document: DocumentOrigin | null, };

export type AppError = { 
/**
 * Stable machine-readable code.
 */
code: string, 
/**
 * Human-readable message (names the file when the error concerns one).
 */
message: string, };

export type ScanEvent = { "event": "started", 
/**
 * Number of files.
 */
total: number, } | { "event": "file_started", 
/**
 * Position in the batch.
 */
index: number, 
/**
 * The file.
 */
path: string, 
/**
 * Its name, for display.
 */
file_name: string, } | { "event": "file_findings", 
/**
 * Position in the batch.
 */
index: number, 
/**
 * The file.
 */
path: string, 
/**
 * Its name, for display.
 */
file_name: string, 
/**
 * The image with its faces.
 */
image: ImageSummary, } | { "event": "file_done", 
/**
 * Position in the batch.
 */
index: number, 
/**
 * The file.
 */
path: string, 
/**
 * Its name, for display.
 */
file_name: string, 
/**
 * The scan.
 */
image: ImageSummary | null, 
/**
 * Why it could not be scanned.
 */
error: AppError | null, };

export type ScanSummary = { 
/**
 * Files in the batch.
 */
total: number, 
/**
 * Files scanned.
 */
ok: number, 
/**
 * Files that failed.
 */
failed: number, 
/**
 * The batch was cancelled before every file was scanned.
 */
cancelled: boolean, };

export type VerificationReport = { 
/**
 * Metadata found in the output (all false / 0 when clean).
 */
metadata: MetadataReport, 
/**
 * Redacted regions checked against the expected pixels.
 */
regions_checked: number, 
/**
 * Largest mean absolute difference (0–255) between a region in the decoded output and the
 * redacted pixels it should hold.
 */
max_region_error: number, 
/**
 * The output decoded at the expected size with orientation 1.
 */
decoded_ok: boolean, 
/**
 * Each problem found (empty when the output is clean and redacted).
 */
problems: Array<string>, };

export type ExportOutcome = { 
/**
 * The input file (never modified).
 */
input: string, 
/**
 * The file written.
 */
output: string, 
/**
 * sha256 of the input file's bytes.
 */
input_sha256: string, 
/**
 * sha256 of the output file's bytes.
 */
output_sha256: string, 
/**
 * Regions redacted.
 */
redacted: number, 
/**
 * Findings the reviewer dismissed.
 */
dismissed: number, 
/**
 * The verification of the written file.
 */
verification: VerificationReport, 
/**
 * The ledger row recording this export.
 */
ledger_row: number, };

export type Outcome = "exported" | "refused";

export type AttestationRecord = { 
/**
 * The attestation id, e.g. `patient-consent`.
 */
id: string, 
/**
 * The exact checkbox text shown (empty when the policy does not define the id).
 */
text: string, 
/**
 * The policy clause it comes from (`None` when the policy does not define the id).
 */
source: Source | null, };

export type KindCounts = { 
/**
 * Findings of this kind in the plan.
 */
found: number, 
/**
 * Of those, redacted.
 */
redacted: number, 
/**
 * Of those, dismissed by the reviewer (each listed in [`AuditEntry::dismissals`]).
 */
dismissed: number, };

export type FindingCounts = { [key in Kind]?: KindCounts };

export type Dismissal = { 
/**
 * What the finding was.
 */
kind: Kind, 
/**
 * The reviewer's reason (`None` if none was given).
 */
reason: string | null, };

export type UnmetRecord = { 
/**
 * The condition id, e.g. `consent-ref` or `attestation:patient-consent`.
 */
id: string, 
/**
 * The message shown, in the policy's words.
 */
message: string, };

export type DocumentCounts = { 
/**
 * Pieces of identifier-like text replaced by a neutral mark.
 */
text_replaced: number, 
/**
 * Parts left out (hidden slides, notes, comments, embedded objects, media…).
 */
parts_removed: number, 
/**
 * Shapes left out (hidden, or wholly off their slide).
 */
shapes_removed: number, 
/**
 * Pictures replaced by a placeholder because nothing here can draw them.
 */
placeholders: number, };

export type AuditEntry = { 
/**
 * UTC time in canonical RFC 3339 form (`2025-01-02T03:04:05.678Z`, see [`now_rfc3339`]).
 */
time: string, 
/**
 * Exported or refused.
 */
outcome: Outcome, 
/**
 * Who reviewed and exported (a user name or staff id; never a patient name).
 */
reviewer: string | null, 
/**
 * The policy preset id.
 */
policy_id: string, 
/**
 * Lowercase hex sha256 of the preset file ([`Policy::sha256`]).
 */
policy_sha256: string, 
/**
 * Subject id (`clinical`, `staff`, `event`).
 */
subject: string, 
/**
 * Destination id (e.g. `teaching-site`).
 */
destination: string, 
/**
 * Each ticked attestation with its exact text and source clause.
 */
attestations: Array<AttestationRecord>, 
/**
 * Consent reference (a form number; never a patient name).
 */
consent_ref: string | null, 
/**
 * Kinds the reviewer confirmed having looked for in the whole picture themselves, where
 * the scan found none (the policies' "no face was found" check). Absent when empty, so
 * rows written before the field existed read and re-serialise unchanged.
 */
checked?: Array<Kind>, 
/**
 * Lowercase hex sha256 of the input file; `None` only for a refusal decided before any
 * input was read.
 */
input_sha256: string | null, 
/**
 * Lowercase hex sha256 of the output file; required for an export, always `None` for a
 * refusal.
 */
output_sha256: string | null, 
/**
 * The output file's bare name, **only** when the user asked to keep names
 * (`--keep-names`); `None` by default because names often identify patients.
 */
output_name: string | null, 
/**
 * Finding counts by kind.
 */
findings: FindingCounts, 
/**
 * Each dismissed finding with the reviewer's reason.
 */
dismissals: Array<Dismissal>, 
/**
 * For a refusal, every unmet condition (empty for an export).
 */
unmet: Array<UnmetRecord>, 
/**
 * sha256 of each model used, by file name (`Detector::model_sha256`).
 */
models: { [key in string]: string }, 
/**
 * ClearFrame's version.
 */
app_version: string, 
/**
 * For a document (a slide deck), what the copy changed besides its pictures, as counts;
 * absent for a photo, and in rows written before it existed (which still verify: the
 * hash is over the stored JSON).
 */
document?: DocumentCounts | null, };

export type AuditRow = { 
/**
 * Row id: 1, 2, 3… in chain order.
 */
id: number, 
/**
 * The previous row's `row_hash` (64 zeros for row 1).
 */
prev_hash: string, 
/**
 * `sha256(prev_hash ‖ canonical JSON of entry)`.
 */
row_hash: string, 
/**
 * What the row records (parsed from the stored JSON).
 */
entry: AuditEntry, };

export type ChainHead = { 
/**
 * Number of rows.
 */
count: number, 
/**
 * `row_hash` of the last row ([`GENESIS_HASH`] when empty).
 */
last_hash: string, };

export type VerifyReport = { 
/**
 * Rows read and checked.
 */
rows_checked: number, 
/**
 * True when the chain, every column and the chain head agree.
 */
ok: boolean, 
/**
 * The first row found bad: an edited row; the row after a deleted one; the first row out of
 * place; or, when the last rows were deleted, the id the first missing row had.
 */
first_bad_row: number | null, 
/**
 * What is wrong with it, e.g. "row_hash does not match the row's content: the row was
 * edited" or "chain head says 5 rows, found 4: the last rows were deleted".
 */
problem: string | null, 
/**
 * The chain head as stored (`None` if it is missing).
 */
head: ChainHead | null, };

export type SourceFormat = "jpeg" | "png" | "webp" | "tiff" | "gif" | "heif" | "avif";

export type OutputFormat = { "jpeg": { 
/**
 * 1–100.
 */
quality: number, } } | "png";

export type DocumentKind = "pptx" | "pdf";

export type DocumentProperty = { 
/**
 * The property's XML name, e.g. `dc:creator`, `cp:lastModifiedBy`, `Company`.
 */
name: string, 
/**
 * Its value, whitespace-trimmed.
 */
value: string, };

export type TextLocation = "slide" | "notes" | "comment" | "alt_text";

export type TextHit = { 
/**
 * The slide number (1-based, presentation order), when known.
 */
slide: number | null, 
/**
 * Slide, notes or comment.
 */
location: TextLocation, 
/**
 * The text.
 */
text: string, 
/**
 * What it probably is.
 */
category: TextCategory, };

export type Comment = { 
/**
 * The slide number, when known.
 */
slide: number | null, 
/**
 * The author's name from the comment authors part, when found.
 */
author: string | null, 
/**
 * The comment's text.
 */
text: string, };

export type PictureText = { 
/**
 * What was read.
 */
text: string, 
/**
 * What it probably is.
 */
category: TextCategory, };

export type PictureReport = { 
/**
 * The entry name inside the document, e.g. `ppt/media/image1.png`.
 */
name: string, 
/**
 * Size of the entry in bytes.
 */
size_bytes: number, 
/**
 * The container format recognised from its bytes (`unknown` for EMF, video…).
 */
format: ContainerFormat, 
/**
 * sha256 of the picture's bytes, lowercase hex.
 */
sha256: string, 
/**
 * Slides (1-based, presentation order, ascending, no repeats) that show it.
 */
slides: Array<number>, 
/**
 * Slides where at least one use crops it (`a:srcRect`): the file still holds the whole
 * uncropped original, which anyone can restore.
 */
cropped_on_slides: Array<number>, 
/**
 * The alternative text of the shapes that show it (`descr`, else `title`), without
 * repeats: often the picture's original file name, which may name the patient.
 */
alt_text: Array<string>, 
/**
 * Decoded size (upright), when it decoded.
 */
width: number | null, 
/**
 * Decoded height, when it decoded.
 */
height: number | null, 
/**
 * Metadata blocks the picture carries.
 */
metadata: MetadataReport, 
/**
 * One line per metadata block, e.g. `GPS: 43.4674° N, 11.8819° E`.
 */
metadata_items: Array<string>, 
/**
 * Findings by kind (`face`, `text`…), when scanned.
 */
findings: { [key in string]: number }, 
/**
 * Text read in the picture with its category, when scanned.
 */
text: Array<PictureText>, 
/**
 * Why the picture was not scanned (not an image format ClearFrame decodes, too large…).
 */
scan_error: string | null, };

export type TextPlace = "paragraph" | "alt_text" | "chart_value" | "document_title";

export type FlaggedText = { 
/**
 * The part it is in, e.g. `ppt/charts/chart1.xml`.
 */
part: string, 
/**
 * The slide the part belongs to, when it belongs to one.
 */
slide: number | null, 
/**
 * Paragraph, alt text, chart value or document title.
 */
place: TextPlace, 
/**
 * What it probably is.
 */
category: TextCategory, 
/**
 * The text.
 */
text: string, };

export type ShapeIssue = "hidden" | "off_slide" | "partly_off_slide";

export type HiddenShape = { 
/**
 * The slide (1-based, presentation order).
 */
slide: number, 
/**
 * The shape's id on the slide (`cNvPr id`).
 */
id: string, 
/**
 * The kind of shape: `sp`, `pic`, `grpSp`, `graphicFrame`, `cxnSp`, `contentPart`…
 */
kind: string, 
/**
 * Hidden, off the slide, or partly off.
 */
issue: ShapeIssue, };

export type VetReport = { 
/**
 * The document.
 */
path: string, 
/**
 * sha256 of the document's bytes, lowercase hex.
 */
sha256: string, 
/**
 * The document's size in bytes.
 */
size_bytes: number, 
/**
 * Number of slides, in presentation order.
 */
slides: number, 
/**
 * Non-empty document properties (docProps/core.xml and docProps/app.xml).
 */
properties: Array<DocumentProperty>, 
/**
 * Embedded pictures (`ppt/media/*`), in name order.
 */
pictures: Array<PictureReport>, 
/**
 * The deck thumbnail (`docProps/thumbnail.*`, a picture of the first slide), when present.
 */
thumbnail: PictureReport | null, 
/**
 * Paragraphs of slide text, speaker notes and comments that look like identifiers.
 */
identifiers: Array<TextHit>, 
/**
 * Paragraphs of text read (slides, notes and comments together).
 */
paragraphs_checked: number, 
/**
 * Comments, with their authors.
 */
comments: Array<Comment>, 
/**
 * Parts a redacted copy leaves out (hidden slides, notes, comments, embedded objects,
 * video, macros…), with why; empty for a PDF.
 */
removed_on_export: Array<RemovedPart>, 
/**
 * Shapes hidden or (partly) off their slide: the slide show does not show them; a
 * redacted copy leaves out the hidden and wholly-off ones.
 */
hidden_shapes: Array<HiddenShape>, 
/**
 * Every piece of identifier-like text a redacted copy replaces (slides, tables, SmartArt,
 * charts, masters and layouts, alt text, titles), with its text: what a reviewed plan
 * (`vet --plan`) may keep, with a reason. Empty for a PDF.
 */
flagged_text: Array<FlaggedText>, 
/**
 * Whether embedded pictures were scanned for faces and text (false when no detector was
 * given; metadata is always read).
 */
pictures_scanned: boolean, 
/**
 * Things that could not be read (a malformed slide, a picture that does not decode…);
 * the rest of the report stands.
 */
warnings: Array<string>, };

export type PdfTextHit = { 
/**
 * The page (1-based).
 */
page: number, 
/**
 * The line.
 */
text: string, 
/**
 * What it probably is.
 */
category: TextCategory, };

export type PdfAnnotation = { 
/**
 * The page (1-based).
 */
page: number, 
/**
 * `/Subtype`: `Text`, `Highlight`, `FreeText`, `FileAttachment`…
 */
subtype: string, 
/**
 * `/T`: usually the author's name.
 */
author: string | null, 
/**
 * `/Contents`: the note's text.
 */
contents: string | null, };

export type PdfImage = { 
/**
 * The object, `12 0`.
 */
object: string, 
/**
 * Pages (1-based) whose resources use it, ascending.
 */
pages: Array<number>, 
/**
 * `/Width`.
 */
width: number, 
/**
 * `/Height`.
 */
height: number, 
/**
 * `/Filter` names, in decoding order (e.g. `DCTDecode`).
 */
filters: Array<string>, 
/**
 * `/ColorSpace` when it is a name (or the family of an array, e.g. `ICCBased`).
 */
color_space: string | null, 
/**
 * `/BitsPerComponent`.
 */
bits_per_component: number | null, 
/**
 * Size of the stream as stored.
 */
size_bytes: number, 
/**
 * sha256 of the stream as stored.
 */
sha256: string, 
/**
 * Metadata blocks inside the image (a JPEG's EXIF/XMP…); empty for raw samples.
 */
metadata: MetadataReport, 
/**
 * One line per metadata block.
 */
metadata_items: Array<string>, 
/**
 * Findings by kind, when scanned.
 */
findings: { [key in string]: number }, 
/**
 * Text read in the image with its category, when scanned.
 */
text: Array<PictureText>, 
/**
 * Why the image was not scanned (a filter or colour space ClearFrame does not decode…).
 */
scan_error: string | null, };

export type PdfReport = { 
/**
 * The file.
 */
path: string, 
/**
 * sha256 of its bytes.
 */
sha256: string, 
/**
 * Its size in bytes.
 */
size_bytes: number, 
/**
 * Number of pages.
 */
pages: number, 
/**
 * Non-empty entries of the document information dictionary (`Author`, `Creator`,
 * `Producer`, `Title`, `Subject`, `Keywords`).
 */
properties: Array<DocumentProperty>, 
/**
 * Embedded raster images, by object number.
 */
images: Array<PdfImage>, 
/**
 * Identifier-like lines of the pages' own text (their text layer), with page numbers.
 */
text: Array<PdfTextHit>, 
/**
 * Lines of page text read (all of them, identifier-like or not).
 */
lines_checked: number, 
/**
 * Annotations other than links and form widgets (comments, highlights, stamps, file
 * attachments…), with their authors.
 */
annotations: Array<PdfAnnotation>, 
/**
 * Interactive form fields that hold a value.
 */
form_fields: Array<DocumentProperty>, 
/**
 * Embedded files (the document's `EmbeddedFiles` and file-attachment annotations), by name.
 */
attachments: Array<string>, 
/**
 * Size of the document's XMP metadata stream (`/Metadata` in the catalog), when present.
 */
xmp_bytes: number | null, 
/**
 * How many times the file was saved: 1 + its incremental updates (each leaves the earlier
 * revision readable in the file).
 */
revisions: number, 
/**
 * Whether images were scanned for faces and text.
 */
images_scanned: boolean, 
/**
 * Things that could not be read.
 */
warnings: Array<string>, };

export type DocumentReport = { "kind": "pptx", "report": VetReport } | { "kind": "pdf", "report": PdfReport };

export type DocumentView = { 
/**
 * The document.
 */
path: string, 
/**
 * Its file name, for display.
 */
file_name: string, 
/**
 * One short line per concern (properties naming people, pictures with findings, crops
 * or metadata, identifier-like text, comments), in every language by its id (`en`, `fr`:
 * the view follows a change of language without vetting again); empty when nothing was
 * found.
 */
concerns: { [key in string]: Array<string> }, } & ({ "kind": "pptx", "report": VetReport } | { "kind": "pdf", "report": PdfReport });

export type KeepText = { 
/**
 * The flagged text, as `vet` lists it in `flagged_text`.
 */
text: string, 
/**
 * Why it may stay (required; recorded in the ledger row as a dismissal).
 */
reason: string, };

export type KeptText = { 
/**
 * The part it is in.
 */
part: string, 
/**
 * The slide the part belongs to, when it belongs to one.
 */
slide: number | null, 
/**
 * Paragraph, alt text, chart value or document title.
 */
place: TextPlace, 
/**
 * What it was flagged as.
 */
category: TextCategory, 
/**
 * The text (kept visible in the copy).
 */
text: string, 
/**
 * The reviewer's reason.
 */
reason: string, };

export type RemovalReason = "hidden_slide" | "notes" | "comments" | "comment_authors" | "custom_xml" | "tags" | "macros" | "ink" | "embedded_object" | "video" | "audio" | "other_media" | "active_x" | "revisions" | "printer_settings" | "custom_properties" | "customization";

export type RemovedPart = { 
/**
 * The part's name in the original deck.
 */
name: string, 
/**
 * Why it was left out.
 */
reason: RemovalReason, 
/**
 * The slide it belonged to (1-based, presentation order), when it belonged to one.
 */
slide: number | null, };

export type PictureTreatment = "redacted" | "rendered_svg" | "placeholder";

export type TextReplacement = { 
/**
 * The part it was in, e.g. `ppt/slides/slide2.xml`, `ppt/charts/chart1.xml`.
 */
part: string, 
/**
 * The slide the part belongs to, when it belongs to one.
 */
slide: number | null, 
/**
 * Paragraph, alt text, chart value or document title.
 */
place: TextPlace, 
/**
 * What it probably was.
 */
category: TextCategory, 
/**
 * What the copy says instead.
 */
replacement: string, };

export type RedactedPicture = { 
/**
 * The part in the original deck, e.g. `ppt/media/image1.png`.
 */
name: string, 
/**
 * The part in the copy: the same name, unless the format changed (a TIFF, GIF, WebP or
 * HEIC picture is written as PNG or JPEG under the matching extension, its relationships
 * and content type updated).
 */
output_name: string, 
/**
 * The original's container format.
 */
format: ContainerFormat, 
/**
 * The copy's format.
 */
output_format: OutputFormat, 
/**
 * Redacted, drawn from SVG, or replaced by a placeholder.
 */
treatment: PictureTreatment, 
/**
 * Why it was drawn or replaced, when it was not simply redacted.
 */
note: string | null, 
/**
 * Width of the whole stored picture (upright), all of which was scanned and redacted,
 * including what slides crop away.
 */
width: number, 
/**
 * Height of the whole stored picture.
 */
height: number, 
/**
 * sha256 of the original picture.
 */
sha256: string, 
/**
 * sha256 of the redacted picture.
 */
output_sha256: string, 
/**
 * Findings by kind (`face`, `text`, `barcode`).
 */
findings: { [key in string]: number }, 
/**
 * Regions redacted.
 */
regions_redacted: number, 
/**
 * Whether the reviewer's plan for it was used (made in the review canvas), rather than
 * the scan's.
 */
reviewed: boolean, 
/**
 * Metadata the original carried (none of it is in the copy).
 */
metadata_removed: Array<string>, };

export type DeckVerification = { 
/**
 * Pictures reopened, decoded and checked.
 */
pictures_checked: number, 
/**
 * Each problem (empty when the copy is clean).
 */
problems: Array<string>, };

export type RedactedDeck = { 
/**
 * The original deck (never modified).
 */
input: string, 
/**
 * sha256 of the original deck.
 */
input_sha256: string, 
/**
 * sha256 of the copy.
 */
output_sha256: string, 
/**
 * Every picture, in part-name order.
 */
pictures: Array<RedactedPicture>, 
/**
 * Document properties blanked, with the values they had.
 */
properties_cleared: Array<DocumentProperty>, 
/**
 * Thumbnail parts removed (with their relationships and content-type overrides).
 */
thumbnail_removed: Array<string>, 
/**
 * Every piece of identifier-like text replaced by [`REDACTED_MARK`], in part order.
 */
text_replaced: Array<TextReplacement>, 
/**
 * Flagged text the reviewer kept visible, with the reasons (`DeckRedactOptions::keep_text`).
 */
text_kept: Array<KeptText>, 
/**
 * Every part left out of the copy (hidden slides, notes, comments, embedded objects,
 * media…), in part-name order.
 */
parts_removed: Array<RemovedPart>, 
/**
 * Shapes hidden or wholly off their slide (left out of the copy) and partly off it (kept,
 * their pictures redacted whole and their text judged like the rest).
 */
hidden_shapes: Array<HiddenShape>, 
/**
 * Identifier-like text the copy still holds, found by vetting the copy as any deck is
 * vetted, less what the reviewer kept (`text_kept`): empty unless something was missed.
 */
text_left: Array<TextHit>, 
/**
 * Comments the copy still holds (none: comments are removed).
 */
comments_left: Array<Comment>, 
/**
 * The check of the copy, reopened from its bytes.
 */
verification: DeckVerification, };

export type DeckExportOutcome = { 
/**
 * The file written.
 */
output: string, 
/**
 * The ledger row recording this export.
 */
ledger_row: number, 
/**
 * The original deck (never modified).
 */
input: string, 
/**
 * sha256 of the original deck.
 */
input_sha256: string, 
/**
 * sha256 of the copy.
 */
output_sha256: string, 
/**
 * Every picture, in part-name order.
 */
pictures: Array<RedactedPicture>, 
/**
 * Document properties blanked, with the values they had.
 */
properties_cleared: Array<DocumentProperty>, 
/**
 * Thumbnail parts removed (with their relationships and content-type overrides).
 */
thumbnail_removed: Array<string>, 
/**
 * Every piece of identifier-like text replaced by [`REDACTED_MARK`], in part order.
 */
text_replaced: Array<TextReplacement>, 
/**
 * Flagged text the reviewer kept visible, with the reasons (`DeckRedactOptions::keep_text`).
 */
text_kept: Array<KeptText>, 
/**
 * Every part left out of the copy (hidden slides, notes, comments, embedded objects,
 * media…), in part-name order.
 */
parts_removed: Array<RemovedPart>, 
/**
 * Shapes hidden or wholly off their slide (left out of the copy) and partly off it (kept,
 * their pictures redacted whole and their text judged like the rest).
 */
hidden_shapes: Array<HiddenShape>, 
/**
 * Identifier-like text the copy still holds, found by vetting the copy as any deck is
 * vetted, less what the reviewer kept (`text_kept`): empty unless something was missed.
 */
text_left: Array<TextHit>, 
/**
 * Comments the copy still holds (none: comments are removed).
 */
comments_left: Array<Comment>, 
/**
 * The check of the copy, reopened from its bytes.
 */
verification: DeckVerification, };

export type PdfTextRedaction = { 
/**
 * The page (1-based).
 */
page: number, 
/**
 * What it probably was; `None` for text whose glyphs have no Unicode (unreadable, covered
 * because it cannot be judged).
 */
category: TextCategory | null, };

export type PdfKeptText = { 
/**
 * The page (1-based).
 */
page: number, 
/**
 * What it was flagged as.
 */
category: TextCategory, 
/**
 * The line (legible in the copy).
 */
text: string, 
/**
 * The reviewer's reason.
 */
reason: string, };

export type RedactedPage = { 
/**
 * The page (1-based).
 */
page: number, 
/**
 * Its size in points as displayed (crop box, rotation applied); the copy's page has it.
 */
width_pt: number, 
/**
 * Height in points.
 */
height_pt: number, 
/**
 * The resolution it was drawn at.
 */
dpi: number, 
/**
 * The page image's width in pixels.
 */
width: number, 
/**
 * The page image's height in pixels.
 */
height: number, 
/**
 * Lines of the page's own text read.
 */
lines_read: number, 
/**
 * Findings by kind (`face`, `text`, `barcode`), text-layer lines among the text.
 */
findings: { [key in string]: number }, 
/**
 * Regions redacted.
 */
regions_redacted: number, 
/**
 * Whether the reviewer's plan for it was used (made in the review canvas), rather than
 * the scan's.
 */
reviewed: boolean, 
/**
 * sha256 of the page image (JPEG) in the copy.
 */
output_sha256: string, };

export type PdfVerification = { 
/**
 * Pages reopened and checked.
 */
pages_checked: number, 
/**
 * Each problem (empty when the copy is clean).
 */
problems: Array<string>, };

export type RedactedPdf = { 
/**
 * The original (never modified).
 */
input: string, 
/**
 * sha256 of the original.
 */
input_sha256: string, 
/**
 * sha256 of the copy.
 */
output_sha256: string, 
/**
 * Every page, in order.
 */
pages: Array<RedactedPage>, 
/**
 * Lines of page text covered, in page order.
 */
text_redacted: Array<PdfTextRedaction>, 
/**
 * Flagged lines kept legible, with the reasons.
 */
text_kept: Array<PdfKeptText>, 
/**
 * What the original held that the copy leaves out (document information, XMP,
 * annotations, form fields, attachments, earlier revisions, the text layer…), one line each.
 */
removed: Array<string>, 
/**
 * The check of the copy, reopened from its bytes.
 */
verification: PdfVerification, };

export type PdfExportOutcome = { 
/**
 * The file written.
 */
output: string, 
/**
 * The ledger row recording this export.
 */
ledger_row: number, 
/**
 * The original (never modified).
 */
input: string, 
/**
 * sha256 of the original.
 */
input_sha256: string, 
/**
 * sha256 of the copy.
 */
output_sha256: string, 
/**
 * Every page, in order.
 */
pages: Array<RedactedPage>, 
/**
 * Lines of page text covered, in page order.
 */
text_redacted: Array<PdfTextRedaction>, 
/**
 * Flagged lines kept legible, with the reasons.
 */
text_kept: Array<PdfKeptText>, 
/**
 * What the original held that the copy leaves out (document information, XMP,
 * annotations, form fields, attachments, earlier revisions, the text layer…), one line each.
 */
removed: Array<string>, 
/**
 * The check of the copy, reopened from its bytes.
 */
verification: PdfVerification, };

export type DocumentExportOutcome = { "document": "pptx" } & DeckExportOutcome | { "document": "pdf" } & PdfExportOutcome;

/** Every kind of finding, in the ledger's order. */
export const KINDS: Kind[] = ["face", "text", "barcode", "manual", "crowd"];

/** The image files the app opens (by extension, lowercase). */
export const IMAGE_EXTENSIONS: string[] = ["jpg", "jpeg", "jpe", "png", "webp", "tif", "tiff", "gif", "heic", "heif", "hif", "avif"];

/** The documents the app vets and copies (by extension, lowercase). */
export const DOCUMENT_EXTENSIONS: string[] = ["pptx", "pdf"];
