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
