# Les messages d'erreur propres à l'application (les mots de l'interface sont dans ui/locales,
# ceux du noyau dans crates/core/locales). Chaque message d'en/app.ftl doit être ici avec les
# mêmes variables (un test le vérifie).
app-no-image = aucune image ouverte n'a l'identifiant { $id }
app-changed = { $path } a changé depuis son analyse : analysez-le de nouveau
app-scanning = l'image { $id } est encore en cours d'analyse (texte et codes-barres) : attendez la fin de l'analyse
app-not-folder-path = { $path } n'est pas le chemin complet d'un dossier
app-nothing-given = aucun { $what } indiqué
app-not-full-path = le { $what } doit être un chemin complet (commençant par /) : { $path }
app-what-document = document
app-what-output-folder = dossier de sortie
app-what-file-to-write = fichier à écrire
app-no-paths = aucun fichier ni dossier indiqué
app-document-picture = Cette image ({ $key }) fait partie de { $document } : exportez la copie caviardée du document depuis sa vue (elle utilise cette révision).
app-keep-reason = Donnez un motif pour laisser « { $text } » visible.
app-unknown-format = format inconnu `{ $format }` (csv ou json attendu)
app-settings-unreadable = impossible de lire les réglages { $path } : { $detail }
app-settings-invalid = les réglages { $path } ne sont pas valides : { $detail }
app-cannot-create-folder = impossible de créer le dossier { $path } : { $detail }
