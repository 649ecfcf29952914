# ClearFrame desktop app: English messages.
# Fluent syntax (https://projectfluent.org): `{ $name }` is a value the app fills in; a
# `{ $n -> [one] … *[other] … }` block picks the form for the number. Every message here must
# also be in fr.ftl, with the same variables (`node check-l10n.mjs` checks).

## Toolbar

open-images = Open images…
open-folder = Open folder…
path-input =
    .placeholder = …or paste a file or folder path, e.g. /home/me/photos/visit.jpg
    .aria-label = File or folder path
path-open = Add
scan-progress =
    .aria-label = Scan progress
progress-of = { $done } of { $total }
cancel = Cancel
close = Close
language = Language
theme = Theme
theme-system = System theme
theme-light = Light
theme-dark = Dark
audit-open = Audit ledger
    .title = Every export and refused export, with the hash-chain check
dialog-open-images = Open images
dialog-open-folder = Open a folder of images
dialog-out-dir = Export into folder
filter-images = Images
filter-documents = Slide decks and PDFs

## Queue

queue-pane =
    .aria-label = Images
queue-title = Images
queue-empty = No images open.
queue-empty-help = Open photos with “Open images…”, paste a path above, or drop files on the window. Originals are only read, never changed.
queue-to-review = { $n } to review
all-reviewed = Every image has been reviewed.
status-scanning = Scanning
status-review = Needs review
status-reviewed = Reviewed
status-exported = Exported
status-error = Error

## Scanning

scan-loading-models = Loading detection models…
scan-none-found = No images found there
scan-started = Scanning { $n ->
        [one] { $n } image
       *[other] { $n } images
    }…
scan-file = Scanning { $name }…
scan-done = { $n ->
        [one] { $n } image scanned
       *[other] { $n } images scanned
    }
scan-failed = { $n } could not be read
scan-cancelled = { $n } not scanned (cancelled)
scan-stopping = Stopping after the current image…
scan-faces-so-far = { $n ->
        [one] { $n } face
       *[other] { $n } faces
    } found; still looking for text and barcodes…
scanning = Scanning…
# Joins the parts of a short list of facts ("3 images scanned, 1 could not be read").
list-separator = {", "}

## Kinds of findings, methods, categories

kind-face = Face
kind-text = Text
kind-barcode = Barcode
kind-manual = Region
kind-crowd = Crowd
count-face = { $n ->
        [one] { $n } face
       *[other] { $n } faces
    }
count-text = { $n ->
        [one] { $n } text
       *[other] { $n } texts
    }
count-barcode = { $n ->
        [one] { $n } barcode
       *[other] { $n } barcodes
    }
count-manual = { $n ->
        [one] { $n } region
       *[other] { $n } regions
    }
count-crowd = { $n ->
        [one] { $n } crowd
       *[other] { $n } crowds
    }
# A finding in the lists: its kind and its number ("Face 2").
finding-name = { $kind } { $n }
method-blur = Blur
method-fill = Fill black
method-pixelate = Pixelate
category-name = person name
category-date = date / date of birth
category-id-number = record or ID number
category-phone = phone number
category-email = email address
category-address = address
category-institution = institution name
category-other = other text

## Review canvas

review-pane =
    .aria-label = Review
nothing-selected = Nothing selected
stage-empty = Select an image to review what will be covered.
history-group =
    .aria-label = Edit history
undo =
    .aria-label = Undo
redo =
    .aria-label = Redo
undo-title = { $n ->
        [0] Undo (Ctrl+Z)
        [one] Undo (Ctrl+Z) — { $n } edit
       *[other] Undo (Ctrl+Z) — { $n } edits
    }
redo-title = { $n ->
        [0] Redo (Ctrl+Shift+Z)
        [one] Redo (Ctrl+Shift+Z) — { $n } edit
       *[other] Redo (Ctrl+Shift+Z) — { $n } edits
    }
zoom-group =
    .aria-label = Zoom
zoom-out =
    .aria-label = Zoom out (−)
    .title = Zoom out (−)
zoom-fit =
    .title = Fit to window (0)
# The zoom button's name for screen readers: the zoom it shows, then what it does.
zoom-fit-label = { $zoom }: fit to window (0)
zoom-in =
    .aria-label = Zoom in (+)
    .title = Zoom in (+)
preview-group =
    .aria-label = Preview
view-original = Original
    .title = The picture as it is (R)
view-redacted = Redacted
    .title = Exactly what will be exported (R)
accept = Mark reviewed
accept-done = Reviewed ✓
accept-title = Mark reviewed and go to the next image (A)
keys-button =
    .aria-label = Keyboard shortcuts (?)
    .title = Keyboard shortcuts (?)
preview-image =
    .alt = Image under review
details-tabs =
    .aria-label = Details
tabs-hint = Drag on the picture to cover something the detectors missed (keyboard: Insert adds a region).
box-title = { $label }: { $method }. Drag to move, drag a corner to resize.
box-title-polygon = { $label }: { $method }. Drag to move, drag a corner to resize. Drag a point to reshape; double-click an edge to add a point, a point to remove it.
box-title-dismissed = { $label }: left visible — { $reason }
left-visible = left visible
tag-visible = visible
picked = picked for a decision together
vertex-label = Point { $n } of { $total } of { $label }: drag or use the arrow keys to move it, Delete to remove it
doc-back = Back to the document
doc-picture-of = { $picture } of { $file }.
doc-picture-help = Edit what is covered here; the document's redacted copy covers exactly this (export it from the document view).
no-face-title = No faces found — look again.
no-face-help = Detection misses faces in profile, partly covered, very small or out of focus, and faces in mirrors, screens or photos.
no-face-ack = I have checked the whole picture myself.
uncovered-title = { $n ->
        [one] { $n } region no longer covers what was detected.
       *[other] { $n } regions no longer cover what was detected.
    }
uncovered-help = Part of it would stay visible, so the policy counts it as not redacted: undo, enlarge the region over the dashed box, or leave the detection visible with a reason and draw your own region.
metadata-carried = The file carries { $list }: none of it is copied to the export.
metadata-none = No metadata found in the file; the export is written fresh either way.
metadata-gps = It records where it was taken ({ $position }).
metadata-orientation = EXIF orientation { $n } has been applied to the pixels.
meta-gps = GPS position
meta-icc = ICC profile
meta-thumbnail = embedded thumbnail
meta-comments = comments
meta-trailing = { $n ->
        [one] { $n } trailing byte
       *[other] { $n } trailing bytes
    }
gps-position = { $lat }, { $lon }
compass-n = N
compass-s = S
compass-e = E
compass-w = W

## Findings and metadata tabs

tab-findings = Findings
tab-findings-count = Findings ({ $n })
tab-metadata = File & metadata
tab-metadata-count = File & metadata ({ $n })
col-finding = Finding
col-confidence = Confidence
col-region = Region
col-method = Method
col-actions = Actions
col-pick = Picked
pick-label = Pick { $label } to decide with others
bulk-bar =
    .aria-label = Several regions at once
bulk-select = Select
bulk-choose = choose…
bulk-all = every region ({ $n })
bulk-kind = every { $kind } region ({ $n })
bulk-category = all text: { $category } ({ $n })
bulk-none = none
bulk-count = { $n ->
        [0] none picked (Ctrl+click or X picks a region)
        [one] { $n } picked
       *[other] { $n } picked
    }
bulk-dismiss = Leave visible…
bulk-redact = Cover again
findings-none = Nothing detected. Detection is an aid, not a guarantee: check the picture yourself, and drag on it to cover anything identifying.
method-for = Method for { $label }
cover-again = Cover again
cover-again-label = { cover-again } ({ $label })
leave-visible-ellipsis = Leave visible…
leave-visible-label = { leave-visible-ellipsis } ({ $label })
remove = Remove
remove-region-title = Remove this region (Delete)
remove-region-label = { remove } ({ $label })
not-read = not read
not-read-title = Covered whether or not it could be read
drawn = drawn
off-detection = off the detection
left-visible-cap = Left visible
meta-file = File
meta-format = Format
meta-format-value = { $container }, { $size } as displayed
meta-orientation-applied = (EXIF orientation { $n } applied)
meta-location = Location
meta-location-value = { $position } — where the photo was taken. Removed on export.
meta-no-blocks = No metadata blocks in the file. The export is written from the pixels alone either way.
meta-col-block = In the file
meta-col-says = What it says
meta-col-export = In the export
meta-removed = Removed

## Leave visible (dismiss) dialog

dismiss-title-default = Leave this region visible?
dismiss-title = Leave { $label } visible?
dismiss-title-many = { $n ->
        [one] Leave { $n } region visible?
       *[other] Leave these { $n } regions visible?
    }
dismiss-help = The finding will not be covered. Your reason is recorded in the audit ledger with the export.
reason-artwork-short = Poster, screen or artwork
reason-artwork = Not a real face: poster, screen or artwork
reason-no-patient-short = No patient information
reason-no-patient = Not identifying: no patient information
reason-false-short = False detection
reason-false = False detection: nothing there
field-reason = Reason
leave-visible = Leave visible

## Consent panel and gate

consent-pane =
    .aria-label = Consent and export
consent-title = Consent & export
field-policy = Policy
presets-title = Institution presets
presets-help = Your institution's own policy presets (*.toml, as the CLI's --policy-dir reads them) are offered beside the built-in ones.
preset-add = Add a folder of presets…
preset-add-title = Add a folder of policy presets
preset-remove-label = { remove } ({ $dir })
    .title = Stop offering the presets in { $dir }
field-subject = What the picture shows
field-destination = Where it is going
field-attestations = Attestations
field-consent-ref = Consent reference
consent-ref-input =
    .placeholder = Form number or record id
field-reviewer = Reviewer
field-reviewer-note = (recorded in the audit ledger)
reviewer-input =
    .placeholder = Your name or staff id
field-out-dir = Output folder
out-dir-input =
    .placeholder = /home/me/deidentified
choose-folder = Choose…
rule-forbidden = Not allowed by this policy.
rule-allowed = Allowed once the conditions below are met.
rule-interpreted = ClearFrame's conservative reading of a more general clause.
gate-wait-scan = Wait for the scan to finish.
gate-select-image = Open and select an image.
gate-document-picture = This picture is part of a document: export the document's copy from its view.
gate-choose-folder = Choose an output folder.
gate-met = The policy's conditions are met.
gate-ready = Ready to export: the policy's conditions are met.
gate-blocked = { $n ->
        [one] Export blocked — { $n } condition of the policy not met:
       *[other] Export blocked — { $n } conditions of the policy not met:
    }
exporting = Exporting…
export = Export de-identified copy (E)
export-again = Export another copy (E)
export-all = { $n ->
        [one] Export { $n } reviewed image… (Shift+E)
       *[other] Export all { $n } reviewed images… (Shift+E)
    }
ledger-path = Audit ledger: { $path }

## Exporting

exported-verified = Exported and verified.
export-removed = Removed { $list }.
export-regions = { $n ->
        [one] { $n } region redacted
       *[other] { $n } regions redacted
    }{ $dismissed ->
        [0] {""}
       *[other] , { $dismissed } left visible
    };
export-checked = { $n ->
        [one] the written file was decoded again: no metadata, { $n } region checked.
       *[other] the written file was decoded again: no metadata, { $n } regions checked.
    }
export-ledger-row = Recorded as ledger row { $row }.
refused = Refused.
export-failed = Export failed.
batch-not-scanned = not scanned
batch-ready = ready
batch-title = { $n ->
        [one] Export { $n } reviewed image with this consent?
       *[other] Export { $n } reviewed images with this consent?
    }
batch-help = The policy, destination, attestations and consent reference you entered are recorded for each image below, each in its own ledger row. Use this only for images that the same consent covers (one patient). Each image is checked against the policy again.
batch-export-all = { $n ->
        [one] Export { $n } image
       *[other] Export { $n } images
    }
batch-export-ready = Export the { $n } ready
batch-exporting = Exporting { $name } ({ $n } of { $total })…
batch-done = { $n ->
        [one] { $n } image exported
       *[other] { $n } images exported
    }{ $failed ->
        [0] {""}
       *[other] , { $failed } failed
    }
batch-result = { $n ->
        [one] { $n } image exported and verified.
       *[other] { $n } images exported and verified.
    }
batch-result-rows = { $n ->
        [one] Each written file was decoded again and is clean; ledger row { $first }.
       *[other] Each written file was decoded again and is clean; ledger rows { $first }–{ $last }.
    }

## Documents (slide decks and PDFs)

doc-close = Close
    .aria-label = Close the document
doc-checking = Checking the document: properties, text, notes, comments, and every picture scanned…
doc-unreadable = Could not read { $name }: { $message }
doc-title-deck = Slide deck: { $name }
doc-title-pdf = PDF: { $name }
doc-pages = { $n ->
        [one] { $n } page
       *[other] { $n } pages
    }
doc-slides = { $n ->
        [one] { $n } slide
       *[other] { $n } slides
    }
doc-summary = { $count }, { $pictures ->
        [one] { $pictures } picture
       *[other] { $pictures } pictures
    }; { $concerns ->
        [0] nothing identifying found.
        [one] { $concerns } thing to look at.
       *[other] { $concerns } things to look at.
    }
doc-on-slides = { $n ->
        [one] slide { $list }
       *[other] slides { $list }
    }
doc-on-pages = { $n ->
        [one] page { $list }
       *[other] pages { $list }
    }
doc-not-shown = not shown
doc-not-decoded = not decoded
doc-not-scanned = not scanned: { $error }
doc-nothing-found = nothing found
doc-cropped = cropped: the whole original is in the file
doc-metadata = metadata: { $list }
doc-keep-label = Keep “{ $text }” visible
doc-keep-reason = reason to keep it
doc-keep-reason-label = Reason to keep “{ $text }”
doc-section-concerns = What could identify someone
doc-section-lines = Lines the copy covers in black (tick to keep one legible, with a reason)
doc-section-text = Text the copy replaces with “[redacted]” (tick to keep it, with a reason)
doc-section-pages = Pages (open one to review what its copy covers)
doc-section-pictures = Pictures (open one to review what its copy covers)
doc-section-page-pictures = Pictures on the pages
doc-section-properties = Properties
doc-section-unreadable = Could not be read
doc-about-pdf = The redacted copy: every page drawn as a picture, scanned like a photo (faces, text, barcodes) and redacted, identifier-like lines of its text covered, written as a new PDF of pictures only: no text layer, document information, XMP, annotations, form fields, attachments or earlier revisions. It goes through the consent panel's policy, attestations and output folder, with a ledger row.
doc-about-deck = The redacted copy: every picture redacted whole (including what slides crop away) and re-encoded without metadata, identifier-like text replaced by “[redacted]”, notes, comments, hidden slides, embedded objects and media removed, author and company properties blanked, the thumbnail removed. It goes through the consent panel's policy, attestations and output folder, with a ledger row.
doc-no-face-ack = Where no face was found, I have checked every picture myself (detection misses faces in profile, partly covered, very small, and faces in mirrors, screens or photos).
doc-page = Page { $n }
doc-picture = Picture { $name }
doc-review = Review
doc-review-label = Review { $label }
doc-reviewed = { $n ->
        [one] reviewed: { $n } region covered
       *[other] reviewed: { $n } regions covered
    }{ $left ->
        [0] {""}
       *[other] , { $left } left visible
    }
doc-drawing = Drawing { $label } of { $name } and scanning it…
doc-export-pdf = Export redacted copy of the PDF
doc-export-deck = Export redacted copy of the deck
doc-where-page = page { $n } ({ $category })
doc-where-slide = { $n ->
        [0] { $place } ({ $category })
       *[other] slide { $n }, { $place } ({ $category })
    }
doc-choose-folder = Choose an output folder in the consent panel.
doc-not-yet = Not yet:
doc-fill-consent = fill in the consent panel first.
doc-comment-left = { $slide ->
        [0] comment by { $author }
       *[other] comment on slide { $slide } by { $author }
    }
doc-unknown-author = unknown
doc-pictures-redacted = { $n ->
        [one] { $n } picture
       *[other] { $n } pictures
    } redacted whole ({ $regions ->
        [one] { $regions } region
       *[other] { $regions } regions
    }{ $placeholders ->
        [0] {""}
       *[other] ; { $placeholders } that cannot be drawn replaced by a grey placeholder
    }),
doc-text-replaced = { $n ->
        [one] { $n } piece of identifier-like text replaced by “[redacted]”,
       *[other] { $n } pieces of identifier-like text replaced by “[redacted]”,
    }
doc-parts-removed = { $n ->
        [one] { $n } part removed ({ $reasons }),
       *[other] { $n } parts removed ({ $reasons }),
    }
doc-properties-cleared = { $n ->
        [one] { $n } property blanked
       *[other] { $n } properties blanked
    }{ $thumbnail ->
        [yes] , thumbnail removed;
       *[no] ,
    }
doc-deck-checked = { $n ->
        [one] the copy was reopened: { $n } picture checked, none of the originals left.
       *[other] the copy was reopened: { $n } pictures checked, none of the originals left.
    }
doc-still-in-copy = Still in the copy — read these before sharing:
doc-pages-redacted = { $n ->
        [one] { $n } page
       *[other] { $n } pages
    } drawn at { $dpi } dpi and redacted ({ $regions ->
        [one] { $regions } region
       *[other] { $regions } regions
    }),
doc-lines-covered = { $n ->
        [one] { $n } line of identifier-like text covered
       *[other] { $n } lines of identifier-like text covered
    }{ $kept ->
        [0] {""}
        [one] , { $kept } line kept legible with a reason
       *[other] , { $kept } lines kept legible with a reason
    }.
doc-left-out = Left out: { $list }.
doc-pdf-checked = { $n ->
        [one] The copy was reopened: { $n } page checked, each a single picture with no text.
       *[other] The copy was reopened: { $n } pages checked, each a single picture with no text.
    }
place-slide = slide
place-notes = notes
place-comment = comment
place-alt-text = alt text
place-paragraph = paragraph
place-chart-value = chart value
place-document-title = document title
removed-hidden-slide = hidden slide
removed-notes = speaker notes
removed-comments = comments
removed-comment-authors = comment authors
removed-custom-xml = custom XML data
removed-tags = add-in tags
removed-macros = macros
removed-ink = ink
removed-embedded-object = embedded object
removed-video = video
removed-audio = audio
removed-other-media = media ClearFrame cannot check
removed-active-x = ActiveX control
removed-revisions = revision records
removed-printer-settings = printer settings
removed-custom-properties = custom properties
removed-customization = ribbon customisation

## Batch export dialog, audit ledger

audit-title = Audit ledger
audit-filter =
    .placeholder = Filter: policy, consent reference, reviewer, reason…
    .aria-label = Filter rows
audit-outcome =
    .aria-label = Outcome
audit-all-outcomes = All outcomes
outcome-exported = Exported
outcome-refused = Refused
audit-refresh = Refresh
col-row = #
col-time = Time
col-outcome = Outcome
col-policy = Policy
col-consent-ref = Consent ref
col-reviewer = Reviewer
col-findings = Findings
audit-verify = Verify the chain
audit-export = Export CSV…
audit-export-title = Export the audit ledger
audit-found-dismissed = { $found } ({ $n } left visible)
audit-none = none
audit-unmet = { $n ->
        [one] { $n } condition unmet
       *[other] { $n } conditions unmet
    }
audit-empty = Nothing recorded yet: every export and every refused export appears here.
audit-no-match = No row matches the filter.
audit-count = { $n ->
        [one] { $n } row
       *[other] { $n } rows
    }
audit-count-filtered = { $shown } of { $n ->
        [one] { $n } row
       *[other] { $n } rows
    }
audit-checking = Checking…
audit-intact = Intact: { $n ->
        [one] { $n } row checked
       *[other] { $n } rows checked
    }, the hash chain and its head agree.
audit-head = Head { $hash }…
audit-altered = Altered: row { $row } — { $problem }.
audit-no-verify = the chain does not verify
audit-written = { $n ->
        [one] { $n } row written to { $path }
       *[other] { $n } rows written to { $path }
    }

## Keyboard shortcuts (the value says what the keys do, .keys names them)

keys-title = Keyboard shortcuts
shortcut-jk = Next / previous image
    .keys = J / K
shortcut-n = Next image that needs review
    .keys = N
shortcut-a = Mark this image reviewed and go to the next one
    .keys = A
shortcut-e = Export (when the policy's conditions are met)
    .keys = E
shortcut-shift-e = Export every reviewed image with this consent
    .keys = Shift+E
shortcut-tab = Move between regions and controls
    .keys = Tab / Shift+Tab
shortcut-draw = Draw a region to cover (Insert adds one in the middle, to move and resize with the arrows)
    .keys = Drag on the picture / Insert
shortcut-arrows = Move the selected region (Shift: faster, Alt: resize)
    .keys = Arrows
shortcut-m = Change the selected region's method
    .keys = M
shortcut-d = Leave the selected finding visible (asks for a reason) / cover it again
    .keys = D
shortcut-x = Pick the selected region to decide it with others (then D decides every picked one with one reason)
    .keys = X / Ctrl+click
shortcut-delete = Remove a region you drew
    .keys = Delete
shortcut-undo = Undo / redo
    .keys = Ctrl+Z / Ctrl+Shift+Z
shortcut-r = Show the original / what will be exported
    .keys = R
shortcut-zoom = Zoom in / out / fit (Ctrl+wheel zooms; Space+drag pans)
    .keys = + / − / 0
shortcut-esc = Deselect
    .keys = Esc
shortcut-enter = Open the image or button in focus
    .keys = Enter / Space
shortcut-help = This list
    .keys = ?

## Quoting what was read

quoted = “{ $text }”
where-quoted = { $where }: “{ $text }”

## Errors

error-scan = Could not scan
error-preview = Preview
error-load-policies = Could not load the policies
error-read-ledger = Could not read the audit ledger
error-export-ledger = Could not export the ledger
error-presets-not-added = Those presets were not added
error-read-presets = Could not read the institution presets
error-open-picture = Could not open { $label }
