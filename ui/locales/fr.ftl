# ClearFrame, application de bureau : messages en français (Canada).
# Syntaxe Fluent (https://projectfluent.org) : `{ $nom }` est une valeur que l'application
# insère ; un bloc `{ $n -> [one] … *[other] … }` choisit la forme selon le nombre (en français,
# « one » vaut pour 0 et 1). Chaque message d'en.ftl doit être ici, avec les mêmes variables
# (`node check-l10n.mjs` le vérifie).

## Barre d'outils

open-images = Ouvrir des images…
open-folder = Ouvrir un dossier…
path-input =
    .placeholder = …ou collez le chemin d'un fichier ou d'un dossier, p. ex. /home/moi/photos/visite.jpg
    .aria-label = Chemin d'un fichier ou d'un dossier
path-open = Ajouter
scan-progress =
    .aria-label = Progression de l'analyse
progress-of = { $done } sur { $total }
cancel = Annuler
close = Fermer
language = Langue
theme = Thème
theme-system = Thème du système
theme-light = Clair
theme-dark = Sombre
audit-open = Registre d'audit
    .title = Chaque exportation et chaque exportation refusée, avec la vérification de la chaîne d'empreintes
dialog-open-images = Ouvrir des images
dialog-open-folder = Ouvrir un dossier d'images
dialog-out-dir = Exporter dans le dossier
filter-images = Images
filter-documents = Présentations et PDF

## File d'attente

queue-pane =
    .aria-label = Images
queue-title = Images
queue-empty = Aucune image ouverte.
queue-empty-help = Ouvrez des photos avec « Ouvrir des images… », collez un chemin ci-dessus ou déposez des fichiers sur la fenêtre. Les originaux sont seulement lus, jamais modifiés.
queue-to-review = { $n } à réviser
all-reviewed = Toutes les images ont été révisées.
status-scanning = Analyse
status-review = À réviser
status-reviewed = Révisée
status-exported = Exportée
status-error = Erreur

## Analyse

scan-loading-models = Chargement des modèles de détection…
scan-none-found = Aucune image trouvée à cet endroit
scan-started = Analyse { $n ->
        [one] d'{ $n } image
       *[other] de { $n } images
    }…
scan-file = Analyse de { $name }…
scan-done = { $n ->
        [one] { $n } image analysée
       *[other] { $n } images analysées
    }
scan-failed = { $n ->
        [one] { $n } illisible
       *[other] { $n } illisibles
    }
scan-cancelled = { $n ->
        [one] { $n } non analysée (annulé)
       *[other] { $n } non analysées (annulé)
    }
scan-stopping = Arrêt après l'image en cours…
scan-faces-so-far = { $n ->
        [one] { $n } visage trouvé
       *[other] { $n } visages trouvés
    }; recherche du texte et des codes-barres en cours…
scanning = Analyse…
# Sépare les éléments d'une courte liste de faits (« 3 images analysées, 1 illisible »).
list-separator = {", "}

## Types de détections, méthodes, catégories

kind-face = Visage
kind-text = Texte
kind-barcode = Code-barres
kind-manual = Zone
kind-crowd = Foule
count-face = { $n ->
        [one] { $n } visage
       *[other] { $n } visages
    }
count-text = { $n ->
        [one] { $n } texte
       *[other] { $n } textes
    }
count-barcode = { $n ->
        [one] { $n } code-barres
       *[other] { $n } codes-barres
    }
count-manual = { $n ->
        [one] { $n } zone
       *[other] { $n } zones
    }
count-crowd = { $n ->
        [one] { $n } foule
       *[other] { $n } foules
    }
# Une détection dans les listes : son type et son numéro (« Visage 2 »).
finding-name = { $kind } { $n }
method-blur = Flouter
method-fill = Remplir en noir
method-pixelate = Pixeliser
category-name = nom de personne
category-date = date / date de naissance
category-id-number = numéro de dossier ou d'identification
category-phone = numéro de téléphone
category-email = adresse courriel
category-address = adresse
category-institution = nom d'établissement
category-other = autre texte

## Zone de révision

review-pane =
    .aria-label = Révision
nothing-selected = Aucune sélection
stage-empty = Sélectionnez une image pour réviser ce qui sera masqué.
history-group =
    .aria-label = Historique des modifications
undo =
    .aria-label = Annuler
redo =
    .aria-label = Rétablir
undo-title = { $n ->
        [0] Annuler (Ctrl+Z)
        [one] Annuler (Ctrl+Z) — { $n } modification
       *[other] Annuler (Ctrl+Z) — { $n } modifications
    }
redo-title = { $n ->
        [0] Rétablir (Ctrl+Maj+Z)
        [one] Rétablir (Ctrl+Maj+Z) — { $n } modification
       *[other] Rétablir (Ctrl+Maj+Z) — { $n } modifications
    }
zoom-group =
    .aria-label = Zoom
zoom-out =
    .aria-label = Zoom arrière (−)
    .title = Zoom arrière (−)
zoom-fit =
    .title = Ajuster à la fenêtre (0)
# Le nom du bouton de zoom pour les lecteurs d'écran : le zoom qu'il affiche, puis ce qu'il fait.
zoom-fit-label = { $zoom } : ajuster à la fenêtre (0)
zoom-in =
    .aria-label = Zoom avant (+)
    .title = Zoom avant (+)
preview-group =
    .aria-label = Aperçu
view-original = Original
    .title = L'image telle quelle (R)
view-redacted = Caviardée
    .title = Exactement ce qui sera exporté (R)
accept = Marquer comme révisée
accept-done = Révisée ✓
accept-title = Marquer comme révisée et passer à l'image suivante (A)
keys-button =
    .aria-label = Raccourcis clavier (?)
    .title = Raccourcis clavier (?)
preview-image =
    .alt = Image en révision
details-tabs =
    .aria-label = Détails
tabs-hint = Faites glisser sur l'image pour masquer ce que les détecteurs ont manqué (au clavier : Inser ajoute une zone).
box-title = { $label } : { $method }. Faites glisser pour déplacer, tirez un coin pour redimensionner.
box-title-polygon = { $label } : { $method }. Faites glisser pour déplacer, tirez un coin pour redimensionner. Tirez un point pour changer la forme; double-cliquez sur un côté pour ajouter un point, sur un point pour l'enlever.
box-title-dismissed = { $label } : laissé visible — { $reason }
left-visible = laissé visible
tag-visible = visible
picked = choisie pour une décision groupée
vertex-label = Point { $n } sur { $total } de { $label } : faites-le glisser ou utilisez les flèches pour le déplacer, Suppr pour l'enlever
doc-back = Retour au document
doc-picture-of = { $picture } de { $file }.
doc-picture-help = Modifiez ici ce qui est masqué; la copie caviardée du document masque exactement ceci (exportez-la depuis la vue du document).
no-face-title = Aucun visage trouvé — regardez de nouveau.
no-face-help = La détection manque les visages de profil, partiellement cachés, très petits ou flous, ainsi que les visages dans un miroir, sur un écran ou sur une photo.
no-face-ack = J'ai vérifié toute l'image moi-même.
uncovered-title = { $n ->
        [one] { $n } zone ne couvre plus ce qui a été détecté.
       *[other] { $n } zones ne couvrent plus ce qui a été détecté.
    }
uncovered-help = Une partie resterait visible, alors la politique la considère comme non caviardée : annulez, agrandissez la zone sur le cadre pointillé, ou laissez la détection visible avec un motif et tracez votre propre zone.
metadata-carried = Le fichier contient { $list } : rien de cela n'est copié dans l'exportation.
metadata-none = Aucune métadonnée trouvée dans le fichier; l'exportation est de toute façon écrite à neuf.
metadata-gps = Il indique où la photo a été prise ({ $position }).
metadata-orientation = L'orientation EXIF { $n } a été appliquée aux pixels.
meta-gps = position GPS
meta-icc = profil ICC
meta-thumbnail = vignette intégrée
meta-comments = commentaires
meta-trailing = { $n ->
        [one] { $n } octet en fin de fichier
       *[other] { $n } octets en fin de fichier
    }
gps-position = { $lat }, { $lon }
compass-n = N
compass-s = S
compass-e = E
compass-w = O

## Onglets Détections et métadonnées

tab-findings = Détections
tab-findings-count = Détections ({ $n })
tab-metadata = Fichier et métadonnées
tab-metadata-count = Fichier et métadonnées ({ $n })
col-finding = Détection
col-confidence = Confiance
col-region = Zone
col-method = Méthode
col-actions = Actions
col-pick = Choisie
pick-label = Choisir { $label } pour décider avec d'autres
bulk-bar =
    .aria-label = Plusieurs zones à la fois
bulk-select = Sélectionner
bulk-choose = choisir…
bulk-all = toutes les zones ({ $n })
bulk-kind = toutes les zones de type { $kind } ({ $n })
bulk-category = tout le texte : { $category } ({ $n })
bulk-none = aucune
bulk-count = { $n ->
        [0] aucune choisie (Ctrl+clic ou X choisit une zone)
        [one] { $n } choisie
       *[other] { $n } choisies
    }
bulk-dismiss = Laisser visible…
bulk-redact = Masquer de nouveau
findings-none = Rien n'a été détecté. La détection est une aide, pas une garantie : vérifiez l'image vous-même et faites glisser dessus pour masquer tout ce qui pourrait identifier quelqu'un.
method-for = Méthode pour { $label }
cover-again = Masquer de nouveau
cover-again-label = { cover-again } ({ $label })
leave-visible-ellipsis = Laisser visible…
leave-visible-label = { leave-visible-ellipsis } ({ $label })
remove = Enlever
remove-region-title = Enlever cette zone (Suppr)
remove-region-label = { remove } ({ $label })
not-read = non lu
not-read-title = Masqué qu'il ait pu être lu ou non
drawn = tracée
off-detection = hors de la détection
left-visible-cap = Laissé visible
meta-file = Fichier
meta-format = Format
meta-format-value = { $container }, { $size } à l'affichage
meta-orientation-applied = (orientation EXIF { $n } appliquée)
meta-location = Lieu
meta-location-value = { $position } — où la photo a été prise. Retiré à l'exportation.
meta-no-blocks = Aucun bloc de métadonnées dans le fichier. L'exportation est de toute façon écrite à partir des pixels seulement.
meta-col-block = Dans le fichier
meta-col-says = Ce qu'il indique
meta-col-export = Dans l'exportation
meta-removed = Retiré

## Dialogue « Laisser visible »

dismiss-title-default = Laisser cette zone visible?
dismiss-title = Laisser { $label } visible?
dismiss-title-many = { $n ->
        [one] Laisser { $n } zone visible?
       *[other] Laisser ces { $n } zones visibles?
    }
dismiss-help = La détection ne sera pas masquée. Votre motif est inscrit au registre d'audit avec l'exportation.
reason-artwork-short = Affiche, écran ou œuvre
reason-artwork = Pas un vrai visage : affiche, écran ou œuvre
reason-no-patient-short = Aucune information sur un patient
reason-no-patient = Non identifiant : aucune information sur un patient
reason-false-short = Fausse détection
reason-false = Fausse détection : il n'y a rien
field-reason = Motif
leave-visible = Laisser visible

## Panneau du consentement et contrôle

consent-pane =
    .aria-label = Consentement et exportation
consent-title = Consentement et exportation
field-policy = Politique
presets-title = Politiques de l'établissement
presets-help = Les politiques propres à votre établissement (*.toml, comme les lit l'option --policy-dir de l'interface en ligne de commande) sont offertes à côté de celles intégrées.
preset-add = Ajouter un dossier de politiques…
preset-add-title = Ajouter un dossier de politiques
preset-remove-label = { remove } ({ $dir })
    .title = Ne plus offrir les politiques de { $dir }
field-subject = Ce que montre l'image
field-destination = Où elle s'en va
field-attestations = Attestations
field-consent-ref = Référence du consentement
consent-ref-input =
    .placeholder = Numéro du formulaire ou du dossier
field-reviewer = Vérifié par
field-reviewer-note = (inscrit au registre d'audit)
reviewer-input =
    .placeholder = Votre nom ou matricule
field-out-dir = Dossier de destination
out-dir-input =
    .placeholder = /home/moi/depersonnalise
choose-folder = Choisir…
rule-forbidden = Non permis par cette politique.
rule-allowed = Permis une fois les conditions ci-dessous remplies.
rule-interpreted = Lecture prudente par ClearFrame d'une clause plus générale.
gate-wait-scan = Attendez la fin de l'analyse.
gate-select-image = Ouvrez et sélectionnez une image.
gate-document-picture = Cette image fait partie d'un document : exportez la copie du document depuis sa vue.
gate-choose-folder = Choisissez un dossier de destination.
gate-met = Les conditions de la politique sont remplies.
gate-ready = Prêt à exporter : les conditions de la politique sont remplies.
gate-blocked = { $n ->
        [one] Exportation bloquée — { $n } condition de la politique n'est pas remplie :
       *[other] Exportation bloquée — { $n } conditions de la politique ne sont pas remplies :
    }
exporting = Exportation…
export = Exporter une copie dépersonnalisée (E)
export-again = Exporter une autre copie (E)
export-all = { $n ->
        [one] Exporter { $n } image révisée… (Maj+E)
       *[other] Exporter les { $n } images révisées… (Maj+E)
    }
ledger-path = Registre d'audit : { $path }

## Exportation

exported-verified = Exportée et vérifiée.
export-removed = Retiré : { $list }.
export-regions = { $n ->
        [one] { $n } zone caviardée
       *[other] { $n } zones caviardées
    }{ $dismissed ->
        [0] {""}
        [one] , { $dismissed } laissée visible
       *[other] , { $dismissed } laissées visibles
    };
export-checked = { $n ->
        [one] le fichier écrit a été décodé de nouveau : aucune métadonnée, { $n } zone vérifiée.
       *[other] le fichier écrit a été décodé de nouveau : aucune métadonnée, { $n } zones vérifiées.
    }
export-ledger-row = Inscrite à la ligne { $row } du registre.
refused = Refusée.
export-failed = Échec de l'exportation.
batch-not-scanned = non analysée
batch-ready = prête
batch-title = { $n ->
        [one] Exporter { $n } image révisée avec ce consentement?
       *[other] Exporter { $n } images révisées avec ce consentement?
    }
batch-help = La politique, la destination, les attestations et la référence du consentement que vous avez saisies sont inscrites pour chaque image ci-dessous, chacune sur sa propre ligne du registre. N'utilisez ceci que pour des images couvertes par le même consentement (un seul patient). Chaque image est vérifiée de nouveau selon la politique.
batch-export-all = { $n ->
        [one] Exporter { $n } image
       *[other] Exporter { $n } images
    }
batch-export-ready = { $n ->
        [one] Exporter la { $n } prête
       *[other] Exporter les { $n } prêtes
    }
batch-exporting = Exportation de { $name } ({ $n } sur { $total })…
batch-done = { $n ->
        [one] { $n } image exportée
       *[other] { $n } images exportées
    }{ $failed ->
        [0] {""}
        [one] , { $failed } échec
       *[other] , { $failed } échecs
    }
batch-result = { $n ->
        [one] { $n } image exportée et vérifiée.
       *[other] { $n } images exportées et vérifiées.
    }
batch-result-rows = { $n ->
        [one] Chaque fichier écrit a été décodé de nouveau et est propre; ligne { $first } du registre.
       *[other] Chaque fichier écrit a été décodé de nouveau et est propre; lignes { $first } à { $last } du registre.
    }

## Documents (présentations et PDF)

doc-close = Fermer
    .aria-label = Fermer le document
doc-checking = Vérification du document : propriétés, texte, notes, commentaires, et analyse de chaque image…
doc-unreadable = Impossible de lire { $name } : { $message }
doc-title-deck = Présentation : { $name }
doc-title-pdf = PDF : { $name }
doc-pages = { $n ->
        [one] { $n } page
       *[other] { $n } pages
    }
doc-slides = { $n ->
        [one] { $n } diapositive
       *[other] { $n } diapositives
    }
doc-summary = { $count }, { $pictures ->
        [one] { $pictures } image
       *[other] { $pictures } images
    }; { $concerns ->
        [0] rien d'identifiant trouvé.
        [one] { $concerns } élément à examiner.
       *[other] { $concerns } éléments à examiner.
    }
doc-on-slides = { $n ->
        [one] diapositive { $list }
       *[other] diapositives { $list }
    }
doc-on-pages = { $n ->
        [one] page { $list }
       *[other] pages { $list }
    }
doc-not-shown = non affichée
doc-not-decoded = non décodée
doc-not-scanned = non analysée : { $error }
doc-nothing-found = rien trouvé
doc-cropped = rognée : l'original entier est dans le fichier
doc-metadata = métadonnées : { $list }
doc-keep-label = Garder « { $text } » visible
doc-keep-reason = motif pour le garder
doc-keep-reason-label = Motif pour garder « { $text } »
doc-section-concerns = Ce qui pourrait identifier quelqu'un
doc-section-lines = Lignes que la copie couvre de noir (cochez pour en garder une lisible, avec un motif)
doc-section-text = Texte que la copie remplace par « [redacted] » (cochez pour le garder, avec un motif)
doc-section-pages = Pages (ouvrez-en une pour réviser ce que sa copie masque)
doc-section-pictures = Images (ouvrez-en une pour réviser ce que sa copie masque)
doc-section-page-pictures = Images sur les pages
doc-section-properties = Propriétés
doc-section-unreadable = Illisible
doc-about-pdf = La copie caviardée : chaque page rendue comme une image, analysée comme une photo (visages, texte, codes-barres) et caviardée, les lignes de texte qui ressemblent à des identifiants couvertes, écrite comme un nouveau PDF fait seulement d'images : aucune couche de texte, information du document, XMP, annotation, champ de formulaire, pièce jointe ni révision antérieure. Elle passe par la politique, les attestations et le dossier de destination du panneau du consentement, avec une ligne au registre.
doc-about-deck = La copie caviardée : chaque image caviardée en entier (y compris ce que les diapositives rognent) et réencodée sans métadonnées, le texte qui ressemble à des identifiants remplacé par « [redacted] », les notes, commentaires, diapositives masquées, objets incorporés et médias retirés, les propriétés d'auteur et d'entreprise effacées, la vignette retirée. Elle passe par la politique, les attestations et le dossier de destination du panneau du consentement, avec une ligne au registre.
doc-no-face-ack = Là où aucun visage n'a été trouvé, j'ai vérifié chaque image moi-même (la détection manque les visages de profil, partiellement cachés, très petits, ainsi que les visages dans un miroir, sur un écran ou sur une photo).
doc-page = Page { $n }
doc-picture = Image { $name }
doc-review = Réviser
doc-review-label = Réviser { $label }
doc-reviewed = { $n ->
        [one] révisée : { $n } zone masquée
       *[other] révisée : { $n } zones masquées
    }{ $left ->
        [0] {""}
        [one] , { $left } laissée visible
       *[other] , { $left } laissées visibles
    }
doc-drawing = Rendu de { $label } de { $name } et analyse…
doc-export-pdf = Exporter une copie caviardée du PDF
doc-export-deck = Exporter une copie caviardée de la présentation
doc-where-page = page { $n } ({ $category })
doc-where-slide = { $n ->
        [0] { $place } ({ $category })
       *[other] diapositive { $n }, { $place } ({ $category })
    }
doc-choose-folder = Choisissez un dossier de destination dans le panneau du consentement.
doc-not-yet = Pas encore :
doc-fill-consent = remplissez d'abord le panneau du consentement.
doc-comment-left = { $slide ->
        [0] commentaire de { $author }
       *[other] commentaire sur la diapositive { $slide } de { $author }
    }
doc-unknown-author = auteur inconnu
doc-pictures-redacted = { $n ->
        [one] { $n } image caviardée
       *[other] { $n } images caviardées
    } en entier ({ $regions ->
        [one] { $regions } zone
       *[other] { $regions } zones
    }{ $placeholders ->
        [0] {""}
        [one]; { $placeholders } impossible à rendre remplacée par un espace réservé gris
       *[other]; { $placeholders } impossibles à rendre remplacées par un espace réservé gris
    }),
doc-text-replaced = { $n ->
        [one] { $n } passage de texte ressemblant à un identifiant remplacé par « [redacted] »,
       *[other] { $n } passages de texte ressemblant à des identifiants remplacés par « [redacted] »,
    }
doc-parts-removed = { $n ->
        [one] { $n } partie retirée ({ $reasons }),
       *[other] { $n } parties retirées ({ $reasons }),
    }
doc-properties-cleared = { $n ->
        [one] { $n } propriété effacée
       *[other] { $n } propriétés effacées
    }{ $thumbnail ->
        [yes] , vignette retirée;
       *[no] ,
    }
doc-deck-checked = { $n ->
        [one] la copie a été rouverte : { $n } image vérifiée, aucun des originaux n'y reste.
       *[other] la copie a été rouverte : { $n } images vérifiées, aucun des originaux n'y reste.
    }
doc-still-in-copy = Encore dans la copie — lisez ceci avant de partager :
doc-pages-redacted = { $n ->
        [one] { $n } page rendue
       *[other] { $n } pages rendues
    } à { $dpi } ppp et caviardées ({ $regions ->
        [one] { $regions } zone
       *[other] { $regions } zones
    }),
doc-lines-covered = { $n ->
        [one] { $n } ligne de texte ressemblant à un identifiant couverte
       *[other] { $n } lignes de texte ressemblant à des identifiants couvertes
    }{ $kept ->
        [0] {""}
        [one] , { $kept } ligne gardée lisible avec un motif
       *[other] , { $kept } lignes gardées lisibles avec un motif
    }.
doc-left-out = Laissé de côté : { $list }.
doc-pdf-checked = { $n ->
        [one] La copie a été rouverte : { $n } page vérifiée, chacune une seule image sans texte.
       *[other] La copie a été rouverte : { $n } pages vérifiées, chacune une seule image sans texte.
    }
place-slide = diapositive
place-notes = notes
place-comment = commentaire
place-alt-text = texte de remplacement
place-paragraph = paragraphe
place-chart-value = valeur de graphique
place-document-title = titre du document
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

## Exportation groupée, registre d'audit

audit-title = Registre d'audit
audit-filter =
    .placeholder = Filtrer : politique, référence du consentement, réviseur, motif…
    .aria-label = Filtrer les lignes
audit-outcome =
    .aria-label = Résultat
audit-all-outcomes = Tous les résultats
outcome-exported = Exportée
outcome-refused = Refusée
audit-refresh = Actualiser
col-row = Nº
col-time = Date et heure
col-outcome = Résultat
col-policy = Politique
col-consent-ref = Réf. du consentement
col-reviewer = Vérifié par
col-findings = Détections
audit-verify = Vérifier la chaîne
audit-export = Exporter en CSV…
audit-export-title = Exporter le registre d'audit
audit-found-dismissed = { $found } ({ $n ->
        [one] { $n } laissé visible
       *[other] { $n } laissés visibles
    })
audit-none = aucune
audit-unmet = { $n ->
        [one] { $n } condition non remplie
       *[other] { $n } conditions non remplies
    }
audit-empty = Rien d'inscrit pour l'instant : chaque exportation et chaque exportation refusée apparaît ici.
audit-no-match = Aucune ligne ne correspond au filtre.
audit-count = { $n ->
        [one] { $n } ligne
       *[other] { $n } lignes
    }
audit-count-filtered = { $shown } sur { $n ->
        [one] { $n } ligne
       *[other] { $n } lignes
    }
audit-checking = Vérification…
audit-intact = Intact : { $n ->
        [one] { $n } ligne vérifiée
       *[other] { $n } lignes vérifiées
    }, la chaîne d'empreintes et sa tête concordent.
audit-head = Tête { $hash }…
audit-altered = Modifié : ligne { $row } — { $problem }.
audit-no-verify = la chaîne ne se vérifie pas
audit-written = { $n ->
        [one] { $n } ligne écrite dans { $path }
       *[other] { $n } lignes écrites dans { $path }
    }

## Raccourcis clavier (la valeur dit ce que font les touches, .keys les nomme)

keys-title = Raccourcis clavier
shortcut-jk = Image suivante / précédente
    .keys = J / K
shortcut-n = Image suivante à réviser
    .keys = N
shortcut-a = Marquer cette image comme révisée et passer à la suivante
    .keys = A
shortcut-e = Exporter (quand les conditions de la politique sont remplies)
    .keys = E
shortcut-shift-e = Exporter toutes les images révisées avec ce consentement
    .keys = Maj+E
shortcut-tab = Passer d'une zone ou d'une commande à l'autre
    .keys = Tab / Maj+Tab
shortcut-draw = Tracer une zone à masquer (Inser en ajoute une au centre, à déplacer et redimensionner avec les flèches)
    .keys = Glisser sur l'image / Inser
shortcut-arrows = Déplacer la zone sélectionnée (Maj : plus vite, Alt : redimensionner)
    .keys = Flèches
shortcut-m = Changer la méthode de la zone sélectionnée
    .keys = M
shortcut-d = Laisser la détection sélectionnée visible (demande un motif) / la masquer de nouveau
    .keys = D
shortcut-x = Choisir la zone sélectionnée pour la décider avec d'autres (puis D les décide toutes avec un seul motif)
    .keys = X / Ctrl+clic
shortcut-delete = Enlever une zone que vous avez tracée
    .keys = Suppr
shortcut-undo = Annuler / rétablir
    .keys = Ctrl+Z / Ctrl+Maj+Z
shortcut-r = Afficher l'original / ce qui sera exporté
    .keys = R
shortcut-zoom = Zoom avant / arrière / ajusté (Ctrl+molette zoome; Espace+glisser déplace la vue)
    .keys = + / − / 0
shortcut-esc = Désélectionner
    .keys = Échap
shortcut-enter = Ouvrir l'image ou activer le bouton qui a le focus
    .keys = Entrée / Espace
shortcut-help = Cette liste
    .keys = ?

## Citer ce qui a été lu

quoted = « { $text } »
where-quoted = { $where } : « { $text } »

## Erreurs

error-scan = Impossible d'analyser
error-preview = Aperçu
error-load-policies = Impossible de charger les politiques
error-read-ledger = Impossible de lire le registre d'audit
error-export-ledger = Impossible d'exporter le registre
error-presets-not-added = Ces politiques n'ont pas été ajoutées
error-read-presets = Impossible de lire les politiques de l'établissement
error-open-picture = Impossible d'ouvrir { $label }
