# ClearFrame, noyau : les messages que le noyau écrit lui-même (conditions du contrôle
# d'exportation, valeurs par défaut des politiques). Syntaxe Fluent : `{ $nom }` est rempli par
# le code. Chaque message d'en/core.ftl doit être ici avec les mêmes variables (un test le
# vérifie). Les citations des politiques ne sont jamais traduites : ce sont leurs propres mots.

## Citer une clause d'une politique
cite = { $file } { $clause } : « { $quote } »

## Les conditions non remplies du contrôle d'exportation
gate-unknown-subject = Sujet inconnu `{ $subject }`; la politique { $policy } définit : { $valid }
gate-unknown-destination = Destination inconnue `{ $destination }`; la politique { $policy } définit : { $valid }
gate-no-rule = La politique { $policy } n'a aucune règle pour { $subject } → { $destination }
gate-forbidden = { $subject } → { $destination } est interdit par { $cite }
gate-scanning = L'analyse n'est pas terminée : le texte et les codes-barres sont encore recherchés.
gate-consent-ref = Une référence du consentement est exigée : { $prompt } ({ $cite })
gate-redact = { $n ->
        [one] { $n } détection de type { $kind } n'est ni caviardée ni laissée visible avec un motif
       *[other] { $n } détections de type { $kind } ne sont ni caviardées ni laissées visibles avec un motif
    }; exigé par { $cite }
gate-institution-names = { $n ->
        [one] { $n } détection de texte n'est ni caviardée ni laissée visible avec un motif
       *[other] { $n } détections de texte ne sont ni caviardées ni laissées visibles avec un motif
    } : les noms et logos d'établissement ne doivent pas apparaître ({ $cite }); caviardez le texte, ou laissez-le visible avec le motif (pas un nom d'établissement, ou la référence de l'autorisation écrite)
# Où la personne qui révise doit regarder quand l'analyse n'a rien trouvé d'un type.
none-found-place = { $pictures ->
        [one] toute l'image
       *[other] les { $pictures } images
    }
gate-none-found-face = Aucun visage trouvé : confirmez avoir vérifié vous-même { $place } (la détection manque les visages de profil, partiellement cachés, très petits ou flous, ainsi que les visages dans un miroir, sur un écran ou sur une photo)
gate-none-found-text = Aucun texte trouvé : confirmez avoir vérifié vous-même { $place } (la détection manque le texte petit, pâle, courbé ou manuscrit)
gate-none-found-barcode = Aucun code-barres trouvé : confirmez avoir vérifié vous-même { $place } (la détection manque les codes petits, pliés ou partiellement cachés)
gate-none-found-manual = Aucune zone trouvée : confirmez avoir vérifié vous-même { $place } (les zones sont tracées par la personne qui révise)
gate-none-found-crowd = Aucune foule trouvée : confirmez avoir vérifié vous-même { $place } (une zone de foule n'est tracée que là où de nombreux petits visages ont été vus ensemble)

## Types de détections, comme noms dans une phrase
kind-face = visage
kind-text = texte
kind-barcode = code-barres
kind-manual = zone tracée
kind-crowd = foule

## Valeurs par défaut des politiques
consent-prompt-default = le numéro du formulaire de consentement, l'identifiant du document numérisé ou la note au dossier où le consentement est consigné (jamais le nom du patient)

## Erreurs. Chacune nomme le fichier qu'elle concerne ({ $path }); { $detail } est ce qui a échoué
## sous ClearFrame (les mots d'un décodeur, du système ou de SQLite, ou un des messages io-).
error-io = { $path } : { $detail }
error-unsupported-format = { $path } : format d'image non pris en charge (JPEG, PNG, WebP, TIFF, GIF, HEIC/HEIF, AVIF)
error-decode = { $path } : impossible de décoder l'image : { $detail }
error-too-large = { $path } : l'image fait { $width }x{ $height } ({ $megapixels } Mpx), au-delà de la limite de { $limit } Mpx
error-encode = { $path } : impossible d'encoder la sortie : { $detail }
error-model = modèle { $path } : { $detail }
error-runtime = ONNX Runtime : { $detail }
error-detection = la détection a échoué : { $detail }
error-plan-mismatch = { $path } : le plan de caviardage ne correspond pas à l'image : { $detail }
error-verify = { $path } : la sortie a échoué à la vérification : { $detail }
error-archive = { $path } : impossible de lire le document : { $detail }
error-unsafe-archive = { $path } : refusé car dangereux à ouvrir : { $detail }
error-unredactable = { $path } : impossible d'écrire une copie caviardée : { $detail }
error-refused = exportation refusée : { $detail }
error-cancelled = annulé
error-policy-invalid = { $origin } : { $detail }
error-policy-invalid-line = { $origin } ligne { $line } : { $detail }
error-policy-not-found = aucune politique n'a l'identifiant `{ $id }`; disponibles : { $available }
error-policy-duplicate = l'identifiant de politique `{ $id }` est défini deux fois : dans { $first } et dans { $second }; donnez-en un autre à l'une d'elles
error-ledger = registre { $path } : { $detail }
error-ledger-not-ledger = registre { $path } : pas un registre ClearFrame ({ $detail })
error-ledger-newer = registre { $path } : la version de schéma { $found } est plus récente que celle que cette version de ClearFrame prend en charge ({ $supported }); mettez ClearFrame à jour
error-ledger-corrupt = registre { $path } : ligne { $row } : { $detail }; lancez la vérification du registre
error-ledger-entry = entrée d'audit invalide : { $detail }
# Ce que le système a dit, pour les cas courants (les autres sont montrés dans les mots du système).
io-not-found = fichier ou dossier introuvable
io-permission-denied = permission refusée
io-already-exists = le fichier existe déjà
io-storage-full = plus d'espace sur le disque
io-read-only = système de fichiers en lecture seule
io-too-large = fichier trop volumineux
io-is-a-directory = c'est un dossier
io-not-a-directory = ce n'est pas un dossier
io-busy = la base de données est verrouillée

## Types de texte, par catégorie (identifiant JSON avec - pour _)
category-name = nom de personne
category-date = date / date de naissance
category-id-number = numéro de dossier ou d'identification
category-phone = numéro de téléphone
category-email = adresse courriel
category-address = adresse
category-institution = nom d'établissement
category-other = autre texte

## Où le texte d'une présentation a été trouvé
location-slide = diapositive
location-notes = notes de la diapositive
location-comment = commentaire sur la diapositive
location-alt-text = texte de remplacement d'une image, diapositive

## Les parties qu'une copie caviardée d'une présentation laisse de côté
removed-hidden-slide = diapositive masquée
removed-notes = notes du conférencier
removed-comments = commentaires
removed-comment-authors = auteurs des commentaires
removed-custom-xml = données XML personnalisées
removed-tags = balises de compléments
removed-macros = macros
removed-ink = encre
removed-embedded-object = objet incorporé
removed-video = vidéo
removed-audio = audio
removed-other-media = média que ClearFrame ne peut pas vérifier
removed-active-x = contrôle ActiveX
removed-revisions = historique des révisions
removed-printer-settings = paramètres d'impression
removed-custom-properties = propriétés personnalisées
removed-customization = personnalisation du ruban

## Métadonnées trouvées dans une image
meta-exif = EXIF
meta-gps = position GPS
meta-xmp = XMP
meta-iptc = données IPTC/Photoshop
meta-icc = profil ICC
meta-thumbnail = vignette ou aperçu intégré
meta-comment = commentaire ou texte
meta-trailing = { $n } octets après la fin de l'image

## Les points à vérifier d'un document : ce qui pourrait identifier quelqu'un, une ligne chacun
concern-property = la propriété du document { $name } nomme « { $value } »
concern-in = { $where } : { $concern }
concern-identifier = { $location } { $slide } : { $category } « { $text } »
concern-comment = commentaire de « { $author } » sur la diapositive { $slide }
unknown-author = auteur inconnu
concern-removed = { $reason } { $name } : laissé de côté dans une copie caviardée
concern-removed-slide = { $reason } { $name } (diapositive { $slide }) : laissé de côté dans une copie caviardée
concern-findings = { $n } détection(s) de type { $kind }
concern-reads = on y lit : { $category } « { $text } »
concern-alt-text = texte de remplacement « { $text } »
concern-metadata = métadonnées : { $list }
concern-cropped = rognée sur la ou les diapositives { $slides } — l'original entier est dans le fichier
concern-page-text = page { $page } : { $category } « { $text } »
concern-form-field = le champ de formulaire { $name } contient « { $value } »
concern-attachment = fichier joint « { $name } »
concern-xmp = métadonnées XMP ({ $n } octets)
concern-revisions = { $n } révisions : les versions antérieures du fichier y sont encore lisibles
concern-image = image { $object }
concern-shape = forme { $id } ({ $kind }) sur la diapositive { $slide } : { $issue }
shape-hidden = masquée, laissée de côté dans une copie caviardée
shape-off-slide = entièrement hors de la diapositive, laissée de côté dans une copie caviardée
shape-partly-off-slide = en partie hors de la diapositive (gardée; caviardée en entier)
concern-annotation = page { $page } : annotation { $subtype } de « { $author } »
concern-annotation-text = page { $page } : annotation { $subtype } de « { $author } » : « { $text } »

## Où, dans une partie d'une présentation, se trouvait un texte
place-paragraph = texte
place-alt-text = texte de remplacement
place-chart-value = valeur de graphique
place-document-title = titre du document

## Une politique expliquée (clearframe policies ID)
explain-title = { $name } ({ $id }, version { $version })
explain-institution = Établissement : { $institution }
explain-source = Texte source : { $file }
explain-preset-file = Fichier de la politique : { $file } (sha256 { $sha })
explain-summary = Résumé : { $summary }
explain-subjects = Sujets :
explain-destinations = Destinations :
explain-attestations = Attestations :
explain-from = tirée de { $source }
explain-note = note : { $note }
explain-rules = Règles :
explain-forbidden = INTERDIT
explain-allowed = permis
explain-allowed-when = permis si
explain-reading = [lecture de ClearFrame]
explain-ticked = cochée { $id } : { $text }
explain-consent = référence du consentement enregistrée ({ $clause } : « { $quote } »)
explain-redact = caviardé (ou laissé visible avec un motif) : { $what } ({ $clause } : « { $quote } »)
explain-institution-names = noms et logos d'établissement
explain-confirm = quand aucun { $kinds } n'a été trouvé : la personne qui révise confirme avoir vérifié l'image elle-même
explain-why = pourquoi : { $source }
