# Les mots de la commande clearframe (sortie lisible seulement : les lignes --json sont les
# mêmes dans toutes les langues). Syntaxe Fluent : `{ $nom }` est rempli par le code. Chaque
# message d'en/cli.ftl doit être ici avec les mêmes variables (un test le vérifie).
# Les mots du noyau (erreurs, points à vérifier d'une présentation, conditions du contrôle)
# sont dans crates/core/locales.

## Erreurs et interruptions
error-line = clearframe : { $message }
error-file = erreur : { $path } : { $message }
error-plain = erreur : { $message }
stopping = clearframe : arrêt après le fichier en cours (Ctrl-C de nouveau pour quitter tout de suite)
needs-policy = clearframe : { $command } demande --policy et --destination (et ce que la politique exige : voir `clearframe policies ID`)
needs-policy-vet = une copie caviardée (vet --out/--output)
not-a-time = `{ $value }` n'est pas une date (utilisez 2026-11-23 ou 2026-11-23T10:00:00Z)
cannot-create = impossible de créer { $path }
cannot-write = impossible d'écrire { $path }

## scan et redact
count-faces = { $n ->
        [one] { $n } visage
       *[other] { $n } visages
    }
count-text = { $n ->
        [one] { $n } zone de texte
       *[other] { $n } zones de texte
    }
count-barcodes = { $n ->
        [one] { $n } code-barres
       *[other] { $n } codes-barres
    }
count-crowds = { $n ->
        [one] { $n } zone de foule
       *[other] { $n } zones de foule
    }
scan-no-faces = ! aucun visage trouvé : regardez l'image vous-même avant de vous y fier
scan-finding = { $kind } à { $x },{ $y } taille { $w }x{ $h }  score { $score }  -> { $method } { $box }
barcode-not-read = non lu
scan-metadata = métadonnées : { $list }
export-line = { $input } -> { $output }  ({ $counts }; { $redacted } caviardé(s), { $dismissed } laissé(s) visible(s); métadonnées retirées : { $metadata }; vérifié propre)
meta-icc = profil ICC
meta-thumbnail = vignette
meta-comment = commentaire
meta-trailing = { $n } octets en trop
meta-none = aucune

## Le refus du contrôle
refused = clearframe : exportation refusée par la politique { $policy } ({ $name }); rien n'a été écrit.
refused-source = source : { $file } { $clause } : « { $quote } »
hint-confirm-no-face = Vous avez vérifié chaque image et n'y avez trouvé aucun visage? Ajoutez --confirm-no-face.

## inspect
inspect-none = aucune métadonnée trouvée
inspect-gps = position GPS : { $lat }, { $lon } (elle situe l'endroit où la photo a été prise)
inspect-removed = tout ceci est retiré à l'exportation

## policies
policies-footer = `clearframe policies ID` explique une politique : chaque destination, ses conditions et ses sources.

## audit
audit-no-ledger = aucun registre d'audit à { $path } (rien n'a encore été exporté ni refusé)
audit-no-rows = aucune ligne
audit-no-row = { $path } : aucune ligne { $id }
audit-ok = ok : { $rows } lignes, chaîne de hachage intacte
audit-head = tête : { $rows } lignes, dernier hachage { $hash } (notez-le ailleurs pour fixer le registre)
audit-failed = clearframe : le registre { $path } a ÉCHOUÉ à la vérification à la ligne { $row } : { $problem }
audit-unknown-problem = problème inconnu
audit-row = { $id }  { $time }  { $outcome }  { $policy }  { $subject } -> { $destination }  consentement { $consent }  réviseur { $reviewer }  visages { $faces } texte { $text } laissés visibles { $dismissed }  entrée { $input } sortie { $output }
audit-unmet = non remplie { $id } : { $message }

## vet : utilisation
vet-policy-without-out = clearframe : --policy et --destination vont avec --out ou --output (une copie caviardée); le rapport seul n'a besoin ni de l'un ni de l'autre
vet-out-conflicts = clearframe : --out/--output ne peut pas être combiné avec --no-scan ou --html (lancez vet sans --out pour le rapport)
vet-keep-notes-pdf = clearframe : --keep-notes est pour les présentations (un PDF n'a pas de notes du conférencier)
vet-html-pdf = clearframe : --html est pour les présentations; pour un PDF, utilisez le rapport texte ou --json
plan-unreadable = impossible de lire le plan { $path }
plan-not-json = { $path } : pas un plan JSON
plan-no-list = { $path } : aucune liste "flagged_text" (créez-en une avec vet --plan-template)
plan-no-reason = { $path } : le texte gardé « { $text } » demande un motif ("reason": "…")

## vet : le rapport d'une présentation
deck-head = { $path } : { $slides } diapositive(s), { $pictures } image(s), { $paragraphs } paragraphe(s) de texte vérifié(s)
deck-picture = image { $line }
deck-picture-line = { $name } ({ $format }, { $bytes } octets{ $size }, sha256 { $sha }…) { $slides }
on-no-slide = sur aucune diapositive (disposition, masque ou inutilisée)
on-slides = sur la ou les diapositives { $slides }
deck-thumbnail = vignette { $name } ({ $format }, { $bytes } octets{ $size }, sha256 { $sha }…), montre la diapositive 1
picture-text = texte ({ $category }) : { $text }
not-scanned = non analysée : { $error }
left-out = laissé de côté dans une copie caviardée : { $name } ({ $reason })
left-out-slide = laissé de côté dans une copie caviardée : { $name } ({ $reason }, diapositive { $slide })
warning = avertissement : { $text }
pictures-not-scanned = (les images n'ont pas été analysées pour les visages ni le texte : --no-scan)
properties = propriétés :
names-a-person = <- nomme une personne
no-identifiers = aucun identifiant trouvé
concerns-deck = { $n } point(s) à vérifier avant de partager cette présentation
concerns-pdf = { $n } point(s) à vérifier avant de partager ce PDF
hit-line = { $location } { $slide } : { $category } : { $text }
comment-line = commentaire sur la diapositive { $slide } de { $author } : { $text }
findings-kind = { $n } { $kind }
nothing-found = rien trouvé

## vet : la copie caviardée d'une présentation
deck-copy = { $input } -> { $output } (copie caviardée, ligne { $row } du registre)
renamed = -> { $name } (réencodée en { $format })
copy-placeholder = image { $name }{ $renamed } : remplacée par un gris uni de { $w }x{ $h } ({ $note })
cannot-be-drawn = ne peut pas être dessinée
copy-picture = image { $name }{ $renamed } : { $w }x{ $h }, toute l'image analysée, { $findings }, { $regions } zone(s) caviardée(s)
copy-svg = image { $name }{ $renamed } : SVG dessiné en { $w }x{ $h }, toute l'image analysée, { $findings }, { $regions } zone(s) caviardée(s)
metadata-removed = métadonnées retirées : { $list }
property-blanked = propriété { $name } vidée (était « { $value } »)
thumbnail-removed = vignette { $name } retirée
text-replaced = texte remplacé par « { $replacement } » : { $where } ({ $place }), { $category }
text-kept = texte gardé par la personne qui révise : { $where } ({ $place }), { $category } « { $text } » — { $reason }
slide-part = diapositive { $slide }, { $part }
part-removed = retiré { $name } : { $reason }
part-removed-slide = retiré { $name } (diapositive { $slide }) : { $reason }
deck-verified = vérifié : copie rouverte, { $pictures } image(s) se décodent sans métadonnées et aucune n'est un original; aucun texte qui ressemble à un identifiant, aucune partie retirée; propriétés vides; aucune vignette
still-in-copy = ENCORE DANS LA COPIE — lisez ceci avant de partager :
copy-summary = { $replaced } texte(s) ressemblant à un identifiant remplacé(s), { $removed } partie(s) retirée(s); rien qui ressemble à un identifiant dans la copie (lisez-la avant de la partager : les noms sans prénom connu ni étiquette ne sont pas reconnus)

## vet : le rapport et la copie caviardée d'un PDF
pdf-head = { $path } : { $pages } page(s), { $images } image(s)
pdf-image = image { $object } ({ $w }x{ $h }, { $filters }, { $bytes } octets, sha256 { $sha }…) { $pages }
pdf-raw = brute
on-no-page = sur aucune page
on-pages = sur la ou les pages { $pages }
pdf-image-findings = ! { $n } détection(s) de type { $kind }
pdf-image-metadata = ! métadonnées : { $item }
pdf-page-text = page { $page } : { $category } « { $text } »
pdf-form-field = champ de formulaire { $name } : « { $value } »
pdf-attachment = fichier joint « { $name } »
pdf-xmp = métadonnées XMP : { $n } octets
pdf-revisions = { $n } révisions : les versions antérieures sont encore dans le fichier
images-not-scanned = (les images n'ont pas été analysées pour les visages ni le texte : --no-scan)
pdf-lines = ({ $n } ligne(s) de texte des pages lue(s); `vet --out` écrit une copie caviardée)
pdf-copy = { $input } -> { $output } (copie caviardée, images seulement, ligne { $row } du registre)
pdf-copy-page = page { $page } : { $wpt }x{ $hpt } pt dessinée à { $dpi } ppp ({ $w }x{ $h }), { $lines } ligne(s) lue(s), { $findings }, { $regions } zone(s) caviardée(s)
pdf-covered = page { $page } : couvert { $category }
pdf-unreadable-text = texte illisible (sans Unicode)
pdf-kept = page { $page } : gardé { $category } « { $text } » ({ $reason })
pdf-left-out = laissé de côté : { $what }
pdf-checked = vérifié : { $pages } page(s) rouverte(s), une image chacune, aucun texte, aucune métadonnée
pdf-checked-problems = vérifié : { $pages } page(s) rouverte(s), une image chacune, aucun texte, aucune métadonnée -- PROBLÈMES
pdf-problem = ! { $problem }

## vet --html : le rapport d'une présentation en page web
html-title = ClearFrame vet : { $name }
html-heading = Vérification des identifiants : { $path }
html-summary = { $slides } diapositive(s), { $pictures } image(s), { $paragraphs } paragraphe(s) de texte vérifié(s). sha256
html-concerns = Points à vérifier ({ $n })
html-no-identifiers = Aucun identifiant trouvé.
html-properties = Propriétés du document
html-property = propriété
html-value = valeur
html-pictures = Images
html-picture = image
html-format-size = format, taille
html-slides = diapositives
html-cropped-on = rognée sur
html-findings = détections
html-text-read = texte lu
html-sha256 = sha256
html-metadata = métadonnées
html-thumbnail = vignette (diapositive 1)
html-bytes = { $n } octets
html-identifiers = Identifiants dans le texte
html-slide = diapositive
html-where = où
html-category = catégorie
html-text = texte
html-comments = Commentaires
html-author = auteur
html-unknown-author = inconnu
html-warnings = Avertissements
