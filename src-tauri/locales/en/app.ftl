# The app shell's own error messages (the UI's words are in ui/locales, the core's in
# crates/core/locales). Every message must be in fr/app.ftl with the same variables (a test
# checks).
app-no-image = no open image with id { $id }
app-changed = { $path } changed since it was scanned: scan it again
app-scanning = image { $id } is still being scanned (text and barcodes): wait for the scan to finish
app-not-folder-path = { $path } is not a full path to a folder
app-nothing-given = no { $what } given
app-not-full-path = { $what } must be a full path (starting with /): { $path }
app-what-document = document
app-what-output-folder = output folder
app-what-file-to-write = file to write
app-no-paths = no file or folder given
app-document-picture = This picture ({ $key }) is part of { $document }: export the document's redacted copy from its view (it uses this review).
app-keep-reason = Give a reason to keep “{ $text }” visible.
app-unknown-format = unknown format `{ $format }` (expected csv or json)
app-settings-unreadable = cannot read the settings { $path }: { $detail }
app-settings-invalid = the settings { $path } are not valid: { $detail }
app-cannot-create-folder = cannot create the folder { $path }: { $detail }
