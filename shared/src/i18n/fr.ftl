# Sealdrop: every string the reporter reads, in French. Each other catalogue has the same
# messages and attributes (tests/it/i18n.rs). Placeholders are { $name }; a number that decides a
# plural is selected on with [one] / *[other] (French "one" covers 0 and 1).

## Dates, times and sizes

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
# $day is a number, $month a month name, $year a number.
date = { $day } { $month } { $year }
# $weekday a weekday name, $date a date as above, $time 23:59, $offset +01:00.
date-time = { $weekday } { $date } à { $time } (UTC{ $offset })
size-bytes = { $n ->
    [one] { $n } octet
   *[other] { $n } octets
}
size-kib = { $n } Kio
size-mib = { $n } Mio

## The frame and the language switch

frame-title = Signaler une vulnérabilité de sécurité
loading-policy = Chargement de la politique de signalement…
fatal-title = Le formulaire ne peut pas être utilisé
language-switch = Langue
modes = Que souhaitez-vous faire ?
mode-report = Signaler une vulnérabilité
mode-follow-up = Suivre un signalement
a-staff-member = Un membre de l’équipe de sécurité

## The policy

policy-title = Signaler une vulnérabilité à { $organisation }
policy-promises = Nos engagements
# $days business days, counted in $zone (a time zone name such as Europe/Amsterdam).
policy-response = { $days ->
    [one] Nous vous répondons sous { $days } jour ouvré ({ $zone }).
   *[other] Nous vous répondons sous { $days } jours ouvrés ({ $zone }).
}
# As policy-response, with what the answer contains ($details, the policy's own words).
policy-response-details = { $days ->
    [one] Nous vous répondons sous { $days } jour ouvré ({ $zone }), avec { $details }.
   *[other] Nous vous répondons sous { $days } jours ouvrés ({ $zone }), avec { $details }.
}
policy-reward-minimum = { $reward } (au minimum { $minimum })
policy-retention = { $days ->
    [one] Nous supprimons votre signalement, ses pièces jointes et nos échanges avec vous { $days } jour après la clôture du dossier, sauf si la loi nous impose de les conserver.
   *[other] Nous supprimons votre signalement, ses pièces jointes et nos échanges avec vous { $days } jours après la clôture du dossier, sauf si la loi nous impose de les conserver.
}
policy-scope = Périmètre
policy-in-scope = Dans le périmètre :
policy-all-in-scope = L’ensemble de nos systèmes et services.
policy-out-of-scope = Ne sont pas considérés comme des vulnérabilités
policy-rules = Règles que vous acceptez
policy-languages = Langues dans lesquelles vous pouvez écrire : { $languages }.

## Who can read the report

trust-title = Qui peut lire votre signalement
trust-encrypted = Chiffré dans votre navigateur.
trust-encrypted-detail = Votre signalement et vos fichiers sont chiffrés ici avant tout envoi ; le serveur de signalement ne stocke que des données chiffrées. Seules les clés suivantes permettent de les déchiffrer :
trust-checking = Vérification des clés…
trust-organisation-key = { $name } (clé de l’organisation) :
trust-staff-key = { $name } (équipe de sécurité) :
trust-pinned-code = Cette page épingle le code du formulaire et ces clés par leurs condensats : votre navigateur a vérifié chaque fichier avant de l’exécuter, de sorte que même l’exploitant du serveur de signalement ne pourrait pas les modifier sans que cela se remarque.
trust-pinned-keys = Cette page épingle ces clés, mais pas le code du formulaire : l’exploitant du serveur de signalement pourrait modifier ce code. L’organisation peut intégrer à la place le formulaire épinglé.
trust-pinned-nothing = Rien sur cette page n’épingle le code du formulaire ni ses clés : vous faites confiance à l’exploitant du serveur de signalement. Comparez les empreintes avec celles que l’organisation publie par ailleurs.

## The report form

form-title = Votre signalement
form-summary = { $count ->
    [one] { $count } champ requiert votre attention avant que le signalement puisse être envoyé.
   *[other] { $count } champs requièrent votre attention avant que le signalement puisse être envoyé.
}
form-required = (obligatoire)
form-optional = (facultatif)
form-submit = Chiffrer et envoyer le signalement
form-cancel = Annuler
form-retry = Renvoyer le même signalement chiffré
choose-prompt = Choisissez…

## Fields: the label is the message, the hint its .hint, a select's empty entry its .prompt

field-title = Titre
    .hint = Une ligne qui résume le problème.
field-vulnerability-type = Type de vulnérabilité
    .hint = La catégorie la plus proche.
    .prompt = Choisissez un type…
field-weakness = Faiblesse (CWE)
    .hint = L’entrée CWE la plus adaptée : le Top 25 de 2025 apparaît en premier ; saisissez un numéro ou des mots-clés pour rechercher parmi les autres.
field-severity = Gravité (vecteur CVSS)
    .hint = Un vecteur de base CVSS 3.1 ou 4.0 : collez-en un ou construisez-le avec le calculateur ci-dessous ; son score s’affiche au fil de la saisie.
field-product = Produit
    .hint = Le produit concerné par la vulnérabilité.
    .prompt = Choisissez un produit…
field-affected-versions = Versions concernées
    .hint = Par exemple de 2.3.0 à 2.4.1, ou toutes les versions depuis la 2.0.
field-fixed-version = Corrigé dans la version
    .hint = Si vous connaissez une version qui corrige le problème.
field-affected = URL, hôte ou adresse IP concernés
    .hint = Par exemple https://app.example.com/login, api.example.com ou 192.0.2.10.
field-description = Description
    .hint = Ce qui ne va pas, et à quel endroit.
field-prerequisites = Prérequis pour la reproduction
    .hint = Comptes, rôles, paramètres ou outils nécessaires.
field-steps = Étapes de reproduction
    .hint = Des étapes numérotées qu’une autre personne peut suivre.
field-impact = Impact
    .hint = Ce qu’un attaquant pourrait obtenir, et comment il pourrait découvrir et exploiter la vulnérabilité.
field-exploited = Je pense que cette vulnérabilité est activement exploitée
    .hint = Ne cochez cette case que si vous avez constaté des signes d’attaques l’exploitant. Cette seule réponse est également transmise en clair, afin que le délai légal applicable aux vulnérabilités exploitées (règlement européen sur la cyberrésilience, CRA) commence à courir dès la réception du signalement.
field-proof-of-concept = Preuve de concept
    .hint = Du code, une requête ou des commandes qui mettent en évidence le problème (joignez les fichiers plus longs ci-dessous).
field-attachments = Pièces jointes
    .hint = Captures d’écran, journaux ou fichiers de preuve de concept. Chiffrés avec le signalement.
field-contact = Comment pouvons-nous vous contacter ?
    .hint = Adresse électronique ou autre moyen de contact. Laissez ce champ vide pour rester anonyme.
field-credit = Nom pour le tableau d’honneur
    .hint = Votre nom ou pseudonyme, si vous souhaitez une mention publique.
field-ai-assistance = Avez-vous utilisé des outils d’IA pour trouver ce problème ou pour rédiger le signalement ?
    .hint = Une réponse honnête nous aide à trier les signalements ; elle ne pénalise pas le vôtre.
    .prompt = Choisissez une réponse…
field-verified-by-hand = Qu’avez-vous vérifié manuellement ?
    .hint = Obligatoire si vous avez utilisé des outils d’IA : les étapes que vous avez exécutées vous-même et ce que vous avez constaté.
field-consent = J’ai lu les règles ci-dessus et je les accepte
    .hint = { "" }

# The options of the vulnerability type, in the order of shared::field::VULNERABILITY_TYPES.
vulnerability-type-1 = Script intersite (XSS)
vulnerability-type-2 = Injection SQL ou autre injection
vulnerability-type-3 = Exécution de code à distance
vulnerability-type-4 = Faille d’authentification ou de gestion de session
vulnerability-type-5 = Contrôle d’accès défaillant / IDOR
vulnerability-type-6 = Falsification de requête intersite (CSRF)
vulnerability-type-7 = Falsification de requête côté serveur (SSRF)
vulnerability-type-8 = Divulgation d’informations
vulnerability-type-9 = Faiblesse cryptographique
vulnerability-type-10 = Mauvaise configuration
vulnerability-type-11 = Déni de service
vulnerability-type-12 = Autre
# The options of the AI question, in the order of shared::field::AI_ASSISTANCE.
ai-assistance-1 = Non
ai-assistance-2 = Oui, pour trouver le problème
ai-assistance-3 = Oui, pour rédiger le signalement
ai-assistance-4 = Oui, pour trouver le problème et pour rédiger le signalement

## Problems with a field

problem-required = Ce champ est obligatoire.
problem-too-long = { $max } caractères au maximum (ce texte en compte { $actual }).
problem-control-characters = Contient des caractères de contrôle non autorisés.
problem-unknown-choice = Choisissez l’un des types proposés.
problem-not-a-target = Saisissez une URL (https://…), un nom d’hôte ou une adresse IP.
problem-out-of-scope = { $target } ne fait pas partie du périmètre. Dans le périmètre : { $scope }.
problem-too-many-files = { $max ->
    [one] { $max } fichier au maximum (vous en avez joint { $actual }).
   *[other] { $max } fichiers au maximum (vous en avez joint { $actual }).
}
problem-too-large = L’ensemble des fichiers ne doit pas dépasser { $max } ; ceux-ci totalisent { $actual }.
problem-empty-file = Le fichier { $name } est vide.
problem-file-name = Le nom du fichier { $name } contient des caractères de contrôle ou de forçage bidirectionnel ; renommez-le.
problem-unknown-product = Choisissez l’un des produits proposés.
problem-cvss = Ce n’est pas un vecteur CVSS 3.1 ou 4.0. Collez-en un, par exemple CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.
problem-cwe = « { $text } » n’est pas une faiblesse de CWE { $version }. Choisissez-en une dans la liste ou saisissez son numéro, par exemple CWE-79.
problem-no-consent = Veuillez confirmer que vous acceptez les règles.

## Severity: the calculator

cvss-calculate = Calculer le vecteur
cvss-version = Version de CVSS
cvss-left = { $count ->
    [one] Choisissez la dernière métrique pour compléter le vecteur.
   *[other] Choisissez encore { $count } métriques pour compléter le vecteur.
}
# $score 9.3, $rating a rating below, $version 4.0.
cvss-summary = { $score } { $rating } (CVSS { $version })
cvss-rating-none = Aucune
cvss-rating-low = Faible
cvss-rating-medium = Moyenne
cvss-rating-high = Élevée
cvss-rating-critical = Critique
# Metric names (shared::severity): the message is the name, then (code).
cvss-metric-av = Vecteur d’attaque
cvss-metric-ac = Complexité de l’attaque
cvss-metric-at = Conditions préalables à l’attaque
cvss-metric-pr = Privilèges requis
cvss-metric-ui = Interaction utilisateur
cvss-metric-s = Portée
cvss-metric-c = Confidentialité
cvss-metric-i = Intégrité
cvss-metric-a = Disponibilité
cvss-metric-vc = Confidentialité du système vulnérable
cvss-metric-vi = Intégrité du système vulnérable
cvss-metric-va = Disponibilité du système vulnérable
cvss-metric-sc = Confidentialité des systèmes en aval
cvss-metric-si = Intégrité des systèmes en aval
cvss-metric-sa = Disponibilité des systèmes en aval
cvss-metric-label = { $name } ({ $code })
# Metric values, by their name in the specification.
cvss-value-network = Réseau
cvss-value-adjacent = Adjacent
cvss-value-local = Local
cvss-value-physical = Physique
cvss-value-low = Faible
cvss-value-high = Élevé
cvss-value-none = Aucun
cvss-value-required = Requise
cvss-value-unchanged = Inchangée
cvss-value-changed = Modifiée
cvss-value-present = Présentes
cvss-value-passive = Passive
cvss-value-active = Active

## Attachments

files-list = Fichiers joints
files-how = Choisissez des fichiers, déposez-les ici ou collez une capture d’écran.
files-used = { $max_files ->
    [one] Espace utilisé : { $used } sur { $max }, { $max_files } fichier au maximum.
   *[other] Espace utilisé : { $used } sur { $max }, jusqu’à { $max_files } fichiers.
}
file-remove = Retirer
file-remove-named = Retirer { $name }
file-badge-other = FICHIER

## Sending

progress-reading = Lecture des fichiers ({ $n } sur { $of })…
progress-encrypting = Chiffrement de votre signalement dans ce navigateur…
progress-sending = Envoi du signalement chiffré…
progress-parts = Chiffrement et envoi par parties : { $sent } sur { $total }…
progress-parts-left = Chiffrement et envoi par parties : { $sent } sur { $total }, { $left }…
progress-left-seconds = encore environ { $seconds } s
progress-left-minutes = encore environ { $minutes } min { $seconds } s

## The receipt

receipt-title = Merci — votre signalement chiffré a bien été reçu
receipt-case-id = Identifiant du dossier
receipt-received = Date de réception
receipt-respond-by = Date limite de réponse de { $organisation }
receipt-secret = Votre reçu
receipt-explain = Seul ce reçu donne accès aux réponses de l’équipe de sécurité. Il n’est conservé nulle part : si vous le perdez, personne ne pourra vous le redonner.
receipt-copy = Copier
receipt-save = Enregistrer dans un fichier texte
receipt-copied = Copié dans le presse-papiers.
receipt-copy-failed = La copie a échoué : sélectionnez le reçu et copiez-le.
receipt-saved-file = Enregistré dans un fichier texte.
receipt-save-failed = L’enregistrement a échoué : copiez plutôt le reçu.
receipt-confirm = J’ai enregistré mon reçu
receipt-close = Fermer
receipt-done = C’est terminé. Pour lire les réponses concernant le dossier { $case }, rouvrez ce formulaire, choisissez « Suivre un signalement » et saisissez votre reçu.
receipt-file-name = sealdrop-recu-{ $case }.txt
receipt-file =
    Reçu Sealdrop de votre signalement de vulnérabilité adressé à { $organisation }

    Identifiant du dossier : { $case }
    Reçu : { $receipt }

    Gardez ce reçu confidentiel. Grâce à lui, et uniquement grâce à lui, vous pouvez lire les réponses de l’équipe de sécurité :
    ouvrez le formulaire de signalement, choisissez « Suivre un signalement » et saisissez le reçu.

## Following up

followup-title = Suivre un signalement
followup-receipt = Votre reçu
followup-receipt-hint = Les 32 caractères qui vous ont été remis lors de l’envoi du signalement.
followup-remember = Mémoriser mon reçu sur cet appareil (seul le reçu est conservé, jamais aucun message)
followup-no-storage = Ce formulaire scellé ne conserve rien sur cet appareil : gardez le fichier de reçu que vous avez enregistré lors de l’envoi du signalement.
followup-open = Ouvrir mon signalement
followup-forget = Oublier mon reçu sur cet appareil
followup-looking = Recherche de votre signalement…
case-title = Dossier { $case }
case-respond-by = Date limite de réponse promise :
case-planned-disclosure = Divulgation prévue :
case-progress = Avancement
case-not-yet = pas encore
case-triaged-as = { $status } — { $at }
case-expected-resolution = { $text } ; résolution prévue le { $date }
case-messages = Messages
case-no-messages = Aucun message pour le moment.
stage-received = Reçu
stage-acknowledged = Pris en compte
stage-triaged = Qualifié
stage-fixing = En cours de correction
stage-resolved = Résolu
stage-disclosed = Divulgué
status-accepted = Qualifié : accepté
status-not-a-vulnerability = Qualifié : ne constitue pas une vulnérabilité
status-duplicate = Qualifié : doublon d’un signalement connu
status-out-of-scope = Qualifié : hors périmètre
message-from-staff = L’équipe de sécurité
message-from-you = Vous
message-files = Fichiers joints
message-undecryptable = Ce message ne peut pas être déchiffré avec votre reçu.
message-decrypting = Déchiffrement…
signature-unpinned = Signé avec la clé de { $name } telle que la présente le serveur de signalement (clé { $key }) ; cette page n’épingle aucune clé : comparez donc l’empreinte avec celle que l’organisation publie par ailleurs.
signature-valid = Signé par { $name } (clé { $key }).
signature-the-team = l’équipe de sécurité
signature-own = Signé avec votre clé de réponse.
signature-invalid = Attention : ce message est signé, mais pas avec les clés de l’équipe de sécurité. Ne donnez pas suite à ce qu’il vous demande.
signature-unsigned = Attention : ce message n’est pas signé par l’équipe de sécurité. Le serveur de signalement, ou toute autre personne en mesure de publier dans votre dossier, pourrait l’avoir rédigé.
signature-not-own = Attention : ce message n’est pas signé avec votre clé de réponse : il se peut que vous ne l’ayez pas rédigé.
answer-title = Répondre
answer-message = Votre message
answer-files = Fichiers (facultatif)
answer-empty = Rédigez un message.
answer-too-long = Le message est trop long ({ $max } caractères au maximum).
answer-sending = Chiffrement et envoi de votre message…
answer-submit = Chiffrer et envoyer le message
answer-too-many-files = Les fichiers dépassent la taille ou le nombre autorisés par la politique.

## What went wrong

pin-organisation = la clé de l’organisation ({ $actual }) n’est pas celle que cette page a épinglée ({ $pinned })
pin-staff-key = la politique ajoute la clé d’un membre de l’équipe { $fingerprint }, que cette page n’a pas épinglée
pin-subkey = la clé { $key } porte la sous-clé de chiffrement { $subkey }, absente de la version épinglée par cette page
pin-malformed = cette page a épinglé « { $pin } », qui n’est pas une empreinte de clé (40 ou 64 chiffres hexadécimaux)
pin-no-key = la politique ne fournit aucune clé
error-policy-unavailable = La politique de signalement n’a pas pu être chargée ({ $detail }). Veuillez réessayer plus tard.
error-pin-mismatch = Les clés ne correspondent pas à celles que cette page a épinglées : { $detail }. Pour votre sécurité, rien ne sera chiffré ni envoyé.
error-key = La clé de l’organisation est inutilisable : { $detail }
error-file-read = Le fichier { $name } n’a pas pu être lu.
error-encrypt = Le chiffrement a échoué : { $detail }
error-decrypt = Un message n’a pas pu être déchiffré : { $detail }
error-receipt-unknown = Aucun signalement ne correspond à ce reçu. Un reçu se présente sous la forme XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX ; vérifiez-le et réessayez.
error-rate-limited = { $minutes ->
    [one] Trop de tentatives depuis cette connexion. Veuillez patienter { $minutes } minute, puis réessayer.
   *[other] Trop de tentatives depuis cette connexion. Veuillez patienter { $minutes } minutes, puis réessayer.
}
error-network = Le signalement n’a pas pu être envoyé ({ $detail }). Vérifiez votre connexion et réessayez ; il ne sera pas enregistré deux fois.
error-unavailable = Le signalement n’a pas pu être enregistré pour le moment ({ $detail }). Rien n’est perdu : renvoyez-le dans un instant ; il ne sera pas enregistré deux fois.
error-cancelled = Annulé. Modifiez le signalement ou renvoyez-le quand vous le souhaitez ; s’il était déjà parvenu au serveur, le renvoyer ne l’enregistrera pas deux fois.
error-code-integrity = Le code de chiffrement du formulaire n’a pas passé le contrôle d’intégrité ({ $detail }) ; rien n’a donc été chiffré ni envoyé. Veuillez signaler ce problème à l’organisation par un autre moyen.
error-needs-worker = Les fichiers de cette taille sont chiffrés et envoyés par parties par le processus de chiffrement en arrière-plan du formulaire, qui ne peut pas démarrer sur cette page ({ $detail }). Joignez au maximum { $size }, ou envoyez le reste une fois que l’organisation vous aura répondu.
error-sealing = Le signalement n’a pas pu être chiffré : { $detail }
error-rejected = Le serveur a refusé le signalement : { $detail } ({ $code })

## The policy page and the hall of fame (served by the worker, in the language of ?lang= or
## the browser's Accept-Language, among the policy's languages)

page-languages = Langues de cette page
page-policy-title = { $organisation } — politique de divulgation des vulnérabilités
page-website = Site web de l’organisation : { $link }
page-report = Signaler une vulnérabilité
page-report-how = Utilisez le formulaire ci-dessous. Votre signalement et ses pièces jointes sont chiffrés dans votre navigateur avec notre clé avant d’être envoyés ; personne en chemin, pas même nos propres serveurs, ne peut les lire.
page-report-email = Vous pouvez aussi envoyer à { $link } un signalement par courriel, chiffré avec la clé ci-dessous.
page-promises = Nos engagements
page-response = { $days ->
    [one] Nous vous répondons sous { $days } jour ouvré (décompté dans le fuseau horaire { $zone }).
   *[other] Nous vous répondons sous { $days } jours ouvrés (décomptés dans le fuseau horaire { $zone }).
}
page-response-details = { $days ->
    [one] Nous vous répondons sous { $days } jour ouvré (décompté dans le fuseau horaire { $zone }), avec { $details }.
   *[other] Nous vous répondons sous { $days } jours ouvrés (décomptés dans le fuseau horaire { $zone }), avec { $details }.
}
page-reward-minimum = La plus petite récompense s’élève à { $minimum }.
page-see-hall-of-fame = Consultez notre { $link }.
page-hall-of-fame-link = tableau d’honneur
page-holidays = Outre les week-ends, les jours suivants ne sont pas des jours ouvrés : { $days }.
page-rules = Ce que nous vous demandons
page-scope = Périmètre
page-all-in-scope = L’ensemble de nos systèmes fait partie du périmètre.
page-in-scope = Dans le périmètre :
page-out-of-scope = Hors périmètre, ou non considéré comme une vulnérabilité :
page-fields = Contenu d’un signalement
page-field-required = { $label } (obligatoire) : { $hint }
page-field-optional = { $label } (facultatif) : { $hint }
page-attachments = { $files ->
    [one] Jusqu’à { $files } pièce jointe, { $size } au total. Les signalements peuvent être rédigés dans les langues suivantes : { $languages }.
   *[other] Jusqu’à { $files } pièces jointes, { $size } au total. Les signalements peuvent être rédigés dans les langues suivantes : { $languages }.
}
page-key = Notre clé OpenPGP
page-fingerprint = Empreinte : { $fingerprint }
page-download-key = { $link } (également publiée dans notre Web Key Directory).
page-download-key-link = Télécharger la clé
page-staff-keys = Chaque signalement est également chiffré avec les clés personnelles des membres de notre équipe de sécurité :
page-trust = Ce que cette page peut prouver
page-trust-form = Le formulaire ci-dessus chiffre votre signalement dans votre navigateur et vérifie les clés qui lui sont fournies au regard des empreintes indiquées sur cette page. Mais cette page, le code du formulaire et les clés proviennent tous du serveur de signalement : quiconque contrôle ce serveur pourrait les modifier tous ensemble, sans que rien ici ne permette de s’en apercevoir.
page-trust-check = Pour vous en assurer, comparez l’empreinte ci-dessus avec une empreinte publiée à un endroit que le serveur ne contrôle pas (le propre site web de l’organisation ou un fichier security.txt signé), ou effectuez votre signalement au moyen du formulaire du propre site de l’organisation, s’il intègre l’extrait { $pinned } : votre navigateur y vérifie chaque fichier du formulaire ainsi que les clés par rapport à des condensats fixés dans cette page, avant toute exécution.
page-trust-pinned = épinglé
page-hall-of-fame-title = { $organisation } — tableau d’honneur
page-hall-of-fame-intro = Les personnes qui nous ont signalé des vulnérabilités dans le cadre de notre { $link }. Merci à elles !
page-hall-of-fame-policy-link = politique de divulgation
page-hall-of-fame-empty = Aucune mention n’a encore été publiée.
page-hall-of-fame-feed = flux JSON
