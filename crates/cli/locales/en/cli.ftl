# The clearframe command's words (human output only: --json lines stay the same in every
# language). Fluent syntax: `{ $name }` is filled in by the code. Every message here must be in
# fr/cli.ftl with the same variables, and every message must be used (tests check both).
# Words the core writes (errors, a deck's concerns, the gate's conditions) are in
# crates/core/locales.

## Errors and interruptions
error-line = clearframe: { $message }
error-file = error: { $path }: { $message }
error-plain = error: { $message }
stopping = clearframe: stopping after the current file (Ctrl-C again to quit now)
needs-policy = clearframe: { $command } needs --policy and --destination (and what the policy asks for: see `clearframe policies ID`)
needs-policy-vet = a redacted copy (vet --out/--output)
not-a-time = `{ $value }` is not a time (use 2026-11-23 or 2026-11-23T10:00:00Z)
cannot-create = cannot create { $path }
cannot-write = cannot write { $path }

## scan and redact
count-faces = { $n ->
        [one] { $n } face
       *[other] { $n } faces
    }
count-text = { $n ->
        [one] { $n } text region
       *[other] { $n } text regions
    }
count-barcodes = { $n ->
        [one] { $n } barcode
       *[other] { $n } barcodes
    }
count-crowds = { $n ->
        [one] { $n } crowd region
       *[other] { $n } crowd regions
    }
scan-no-faces = ! no faces found: look at the image yourself before relying on this
scan-finding = { $kind } at { $x },{ $y } size { $w }x{ $h }  score { $score }  -> { $method } { $box }
barcode-not-read = not read
scan-metadata = metadata: { $list }
export-line = { $input } -> { $output }  ({ $counts }; { $redacted } redacted, { $dismissed } dismissed; removed metadata: { $metadata }; verified clean)
meta-icc = ICC profile
meta-thumbnail = thumbnail
meta-comment = comment
meta-trailing = { $n } trailing bytes
meta-none = none

## The gate's refusal
refused = clearframe: export refused by policy { $policy } ({ $name }); nothing was written.
refused-source = source: { $file } { $clause }: "{ $quote }"
hint-confirm-no-face = Checked every picture yourself and found no face? Add --confirm-no-face.

## inspect
inspect-none = no metadata found
inspect-gps = GPS position: { $lat }, { $lon } (this locates where the photo was taken)
inspect-removed = all of this is removed on export

## policies
policies-footer = `clearframe policies ID` explains one preset: every destination, its conditions and sources.

## audit
audit-no-ledger = no audit ledger at { $path } (nothing has been exported or refused yet)
audit-no-rows = no rows
audit-no-row = { $path }: no row { $id }
audit-ok = ok: { $rows } rows, hash chain intact
audit-head = head: { $rows } rows, last hash { $hash } (record it elsewhere to pin the ledger)
audit-failed = clearframe: ledger { $path } FAILED verification at row { $row }: { $problem }
audit-unknown-problem = unknown problem
audit-row = { $id }  { $time }  { $outcome }  { $policy }  { $subject } -> { $destination }  consent { $consent }  reviewer { $reviewer }  faces { $faces } text { $text } dismissed { $dismissed }  in { $input } out { $output }
audit-unmet = unmet { $id }: { $message }

## vet: usage
vet-policy-without-out = clearframe: --policy and --destination go with --out or --output (a redacted copy); the report alone needs neither
vet-out-conflicts = clearframe: --out/--output cannot be combined with --no-scan or --html (run vet without --out for the report)
vet-keep-notes-pdf = clearframe: --keep-notes is for decks (a PDF has no speaker notes)
vet-html-pdf = clearframe: --html is for decks; for a PDF use the text or --json report
plan-unreadable = cannot read the plan { $path }
plan-not-json = { $path }: not a JSON plan
plan-no-list = { $path }: no "flagged_text" list (make one with vet --plan-template)
plan-no-reason = { $path }: kept text "{ $text }" needs a reason ("reason": "…")

## vet: a deck's report
deck-head = { $path }: { $slides } slide(s), { $pictures } picture(s), { $paragraphs } paragraph(s) of text checked
deck-picture = picture { $line }
deck-picture-line = { $name } ({ $format }, { $bytes } bytes{ $size }, sha256 { $sha }…) { $slides }
on-no-slide = on no slide (layout, master or unused)
on-slides = on slide(s) { $slides }
deck-thumbnail = thumbnail { $name } ({ $format }, { $bytes } bytes{ $size }, sha256 { $sha }…), shows slide 1
picture-text = text ({ $category }): { $text }
not-scanned = not scanned: { $error }
left-out = left out of a redacted copy: { $name } ({ $reason })
left-out-slide = left out of a redacted copy: { $name } ({ $reason }, slide { $slide })
warning = warning: { $text }
pictures-not-scanned = (pictures were not scanned for faces or text: --no-scan)
properties = properties:
names-a-person = <- names a person
no-identifiers = no identifiers found
concerns-deck = { $n } concern(s) to review before sharing this deck
concerns-pdf = { $n } concern(s) to review before sharing this PDF
hit-line = { $location } { $slide }: { $category }: { $text }
comment-line = comment on slide { $slide } by { $author }: { $text }
findings-kind = { $n } { $kind }
nothing-found = nothing found

## vet: a deck's redacted copy
deck-copy = { $input } -> { $output } (redacted copy, ledger row { $row })
renamed = -> { $name } (re-encoded as { $format })
copy-placeholder = picture { $name }{ $renamed }: replaced by a { $w }x{ $h } grey placeholder ({ $note })
cannot-be-drawn = cannot be drawn
copy-picture = picture { $name }{ $renamed }: { $w }x{ $h } whole picture scanned, { $findings }, { $regions } region(s) redacted
copy-svg = picture { $name }{ $renamed }: SVG drawn at { $w }x{ $h } whole picture scanned, { $findings }, { $regions } region(s) redacted
metadata-removed = metadata removed: { $list }
property-blanked = property { $name } blanked (was "{ $value }")
thumbnail-removed = thumbnail { $name } removed
text-replaced = text replaced by "{ $replacement }": { $where } ({ $place }), { $category }
text-kept = text kept by the reviewer: { $where } ({ $place }), { $category } "{ $text }" — { $reason }
slide-part = slide { $slide }, { $part }
part-removed = removed { $name }: { $reason }
part-removed-slide = removed { $name } (slide { $slide }): { $reason }
deck-verified = verified: copy reopened, { $pictures } picture(s) decode with no metadata and none is an original; no identifier-like text, no removed part; properties blank; no thumbnail
still-in-copy = STILL IN THE COPY — read these before sharing:
copy-summary = { $replaced } piece(s) of identifier-like text replaced, { $removed } part(s) removed; nothing identifier-like found in the copy (read it before sharing: names without a known given name or label are not recognised)

## vet: a PDF's report and redacted copy
pdf-head = { $path }: { $pages } page(s), { $images } image(s)
pdf-image = image { $object } ({ $w }x{ $h }, { $filters }, { $bytes } bytes, sha256 { $sha }…) { $pages }
pdf-raw = raw
on-no-page = on no page
on-pages = on page(s) { $pages }
pdf-image-findings = ! { $n } { $kind } finding(s)
pdf-image-metadata = ! metadata: { $item }
pdf-page-text = page { $page }: { $category } "{ $text }"
pdf-form-field = form field { $name }: "{ $value }"
pdf-attachment = attached file "{ $name }"
pdf-xmp = XMP metadata: { $n } bytes
pdf-revisions = { $n } revisions: earlier versions are still in the file
images-not-scanned = (images were not scanned for faces or text: --no-scan)
pdf-lines = ({ $n } line(s) of page text read; `vet --out` writes a redacted copy)
pdf-copy = { $input } -> { $output } (redacted copy, image-only, ledger row { $row })
pdf-copy-page = page { $page }: { $wpt }x{ $hpt } pt drawn at { $dpi } dpi ({ $w }x{ $h }), { $lines } line(s) read, { $findings }, { $regions } region(s) redacted
pdf-covered = page { $page }: covered { $category }
pdf-unreadable-text = unreadable text (no Unicode)
pdf-kept = page { $page }: kept { $category } "{ $text }" ({ $reason })
pdf-left-out = left out: { $what }
pdf-checked = checked: { $pages } page(s) reopened, one picture each, no text, no metadata
pdf-checked-problems = checked: { $pages } page(s) reopened, one picture each, no text, no metadata -- PROBLEMS
pdf-problem = ! { $problem }

## vet --html: the deck's report as a page
html-title = ClearFrame vet: { $name }
html-heading = Identifier check: { $path }
html-summary = { $slides } slide(s), { $pictures } picture(s), { $paragraphs } paragraph(s) of text checked. sha256
html-concerns = Concerns ({ $n })
html-no-identifiers = No identifiers found.
html-properties = Document properties
html-property = property
html-value = value
html-pictures = Pictures
html-picture = picture
html-format-size = format, size
html-slides = slides
html-cropped-on = cropped on
html-findings = findings
html-text-read = text read
html-sha256 = sha256
html-metadata = metadata
html-thumbnail = thumbnail (slide 1)
html-bytes = { $n } bytes
html-identifiers = Identifiers in text
html-slide = slide
html-where = where
html-category = category
html-text = text
html-comments = Comments
html-author = author
html-unknown-author = unknown
html-warnings = Warnings
