# ClearFrame core: the messages people read that the core writes itself (the policy gate's
# conditions, defaults of the presets). Fluent syntax: `{ $name }` is filled in by the code.
# Every message must also be in fr/core.ftl with the same variables (a test checks).
# Policy quotes are never translated: they are the policy's own words.

## Citing a clause of a policy
cite = { $file } { $clause }: “{ $quote }”

## The export gate's unmet conditions
gate-unknown-subject = Unknown subject `{ $subject }`; policy { $policy } defines: { $valid }
gate-unknown-destination = Unknown destination `{ $destination }`; policy { $policy } defines: { $valid }
gate-no-rule = Policy { $policy } has no rule for { $subject } → { $destination }
gate-forbidden = { $subject } → { $destination } is forbidden by { $cite }
gate-scanning = The scan is not finished: text and barcodes are still being looked for.
gate-consent-ref = A consent reference is required: { $prompt } ({ $cite })
gate-redact = { $n ->
        [one] 1 { $kind } finding is
       *[other] { $n } { $kind } findings are
    } neither redacted nor dismissed with a reason; required by { $cite }
gate-institution-names = { $n ->
        [one] 1 text finding is
       *[other] { $n } text findings are
    } neither redacted nor dismissed with a reason: institution names and logos must not appear ({ $cite }); redact the text, or dismiss it with the reason (not an institution name, or the written permission's reference)
# Where the reviewer must look when the scan found none of a kind.
none-found-place = { $pictures ->
        [one] the whole picture
       *[other] all { $pictures } pictures
    }
gate-none-found-face = No face was found: confirm you checked { $place } yourself (detection misses faces in profile, partly covered, very small or out of focus, and faces in mirrors, screens or photos)
gate-none-found-text = No text was found: confirm you checked { $place } yourself (detection misses small, faint, curved or handwritten text)
gate-none-found-barcode = No barcode was found: confirm you checked { $place } yourself (detection misses small, bent or partly hidden codes)
gate-none-found-manual = No region was found: confirm you checked { $place } yourself (regions are drawn by the reviewer)
gate-none-found-crowd = No crowd was found: confirm you checked { $place } yourself (a crowd region is only drawn where many small faces were seen together)

## Kinds of findings, as nouns in a sentence
kind-face = face
kind-text = text
kind-barcode = barcode
kind-manual = manual
kind-crowd = crowd

## Defaults of the presets
consent-prompt-default = the consent form number, scan id or chart note where the consent is recorded (never the patient's name)

## Errors. Each names the file it is about ({ $path }); { $detail } is what went wrong below
## ClearFrame (a decoder's, the system's or SQLite's own words, or one of the io- messages).
error-io = { $path }: { $detail }
error-unsupported-format = { $path }: not a supported image format (JPEG, PNG, WebP, TIFF, GIF, HEIC/HEIF, AVIF)
error-decode = { $path }: cannot decode image: { $detail }
error-too-large = { $path }: image is { $width }x{ $height } ({ $megapixels } MP), over the { $limit } MP limit
error-encode = { $path }: cannot encode output: { $detail }
error-model = model { $path }: { $detail }
error-runtime = ONNX Runtime: { $detail }
error-detection = detection failed: { $detail }
error-plan-mismatch = { $path }: the redaction plan does not fit the image: { $detail }
error-verify = { $path }: output failed verification: { $detail }
error-archive = { $path }: cannot read document: { $detail }
error-unsafe-archive = { $path }: refused as unsafe: { $detail }
error-unredactable = { $path }: cannot write a redacted copy: { $detail }
error-refused = export refused: { $detail }
error-cancelled = cancelled
error-policy-invalid = { $origin }: { $detail }
error-policy-invalid-line = { $origin } line { $line }: { $detail }
error-policy-not-found = no policy preset with id `{ $id }`; available: { $available }
error-policy-duplicate = policy id `{ $id }` is defined twice: in { $first } and in { $second }; give one a different id
error-ledger = ledger { $path }: { $detail }
error-ledger-not-ledger = ledger { $path }: not a ClearFrame ledger ({ $detail })
error-ledger-newer = ledger { $path }: schema version { $found } is newer than this ClearFrame supports ({ $supported }); update ClearFrame
error-ledger-corrupt = ledger { $path }: row { $row }: { $detail }; run the ledger verification
error-ledger-entry = invalid audit entry: { $detail }
# What the system said, for the common cases (others are shown as the system words them).
io-not-found = No such file or directory
io-permission-denied = Permission denied
io-already-exists = File exists
io-storage-full = No space left on device
io-read-only = Read-only file system
io-too-large = File too large
io-is-a-directory = Is a directory
io-not-a-directory = Not a directory
io-busy = database is locked

## Kinds of text, by category (id in JSON with - for _)
category-name = person name
category-date = date / date of birth
category-id-number = record or ID number
category-phone = phone number
category-email = email address
category-address = address
category-institution = institution name
category-other = other text

## Where a deck's text was found
location-slide = slide
location-notes = notes of slide
location-comment = comment on slide
location-alt-text = picture alt text on slide

## The parts a redacted copy of a deck leaves out
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

## Metadata found in a picture
meta-exif = EXIF
meta-gps = GPS position
meta-xmp = XMP
meta-iptc = IPTC/Photoshop data
meta-icc = ICC profile
meta-thumbnail = embedded thumbnail/preview
meta-comment = comment/text
meta-trailing = { $n } trailing bytes after end of image

## A document's concerns: what could identify someone, one line each
concern-property = document property { $name } names "{ $value }"
concern-in = { $where }: { $concern }
concern-identifier = { $location } { $slide }: { $category } "{ $text }"
concern-comment = comment by "{ $author }" on slide { $slide }
unknown-author = unknown author
concern-removed = { $reason } { $name }: left out of a redacted copy
concern-removed-slide = { $reason } { $name } (slide { $slide }): left out of a redacted copy
concern-findings = { $n } { $kind } finding(s)
concern-reads = reads { $category } "{ $text }"
concern-alt-text = alt text "{ $text }"
concern-metadata = metadata: { $list }
concern-cropped = cropped on slide(s) { $slides } — the full original is in the file
concern-page-text = page { $page }: { $category } "{ $text }"
concern-form-field = form field { $name } holds "{ $value }"
concern-attachment = attached file "{ $name }"
concern-xmp = XMP metadata ({ $n } bytes)
concern-revisions = { $n } revisions: earlier versions of the file are still readable in it
concern-image = image { $object }
concern-shape = shape { $id } ({ $kind }) on slide { $slide }: { $issue }
shape-hidden = hidden, left out of a redacted copy
shape-off-slide = wholly off the slide, left out of a redacted copy
shape-partly-off-slide = partly off the slide (kept; redacted whole)
concern-annotation = page { $page }: { $subtype } annotation by "{ $author }"
concern-annotation-text = page { $page }: { $subtype } annotation by "{ $author }": "{ $text }"

## Where in a deck's part a piece of text was
place-paragraph = text
place-alt-text = alt text
place-chart-value = chart value
place-document-title = document title

## A preset explained (clearframe policies ID)
explain-title = { $name } ({ $id }, version { $version })
explain-institution = Institution: { $institution }
explain-source = Source text: { $file }
explain-preset-file = Preset file: { $file } (sha256 { $sha })
explain-summary = Summary: { $summary }
explain-subjects = Subjects:
explain-destinations = Destinations:
explain-attestations = Attestations:
explain-from = from { $source }
explain-note = note: { $note }
explain-rules = Rules:
explain-forbidden = FORBIDDEN
explain-allowed = allowed
explain-allowed-when = allowed when
explain-reading = [ClearFrame's reading]
explain-ticked = ticked { $id }: { $text }
explain-consent = consent reference recorded ({ $clause }: “{ $quote }”)
explain-redact = redacted (or dismissed with a reason): { $what } ({ $clause }: “{ $quote }”)
explain-institution-names = institution names/logos
explain-confirm = when no { $kinds } was found: the reviewer confirms they checked the picture themselves
explain-why = why: { $source }
