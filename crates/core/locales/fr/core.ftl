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
