# Sealdrop: every string the reporter reads, in Dutch. Each other catalogue has the same
# messages and attributes (tests/it/i18n.rs). Placeholders are { $name }; a number that decides a
# plural is selected on with [one] / *[other].

## Dates, times and sizes

month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december
weekday-1 = maandag
weekday-2 = dinsdag
weekday-3 = woensdag
weekday-4 = donderdag
weekday-5 = vrijdag
weekday-6 = zaterdag
weekday-7 = zondag
# $day is a number, $month a month name, $year a number.
date = { $day } { $month } { $year }
# $weekday a weekday name, $date a date as above, $time 23:59, $offset +01:00.
date-time = { $weekday } { $date }, { $time } (UTC{ $offset })
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kib = { $n } KiB
size-mib = { $n } MiB

## The frame and the language switch

frame-title = Een beveiligingsprobleem melden
loading-policy = Het meldbeleid wordt geladen…
fatal-title = Het formulier kan niet worden gebruikt
language-switch = Taal
modes = Wat wil je doen?
mode-report = Een kwetsbaarheid melden
mode-follow-up = Een melding opvolgen
a-staff-member = Een lid van het securityteam

## The policy

policy-title = Een kwetsbaarheid melden bij { $organisation }
policy-promises = Wat wij beloven
# $days business days, counted in $zone (a time zone name such as Europe/Amsterdam).
policy-response = { $days ->
    [one] We reageren binnen { $days } werkdag ({ $zone }).
   *[other] We reageren binnen { $days } werkdagen ({ $zone }).
}
# As policy-response, with what the answer contains ($details, the policy's own words).
policy-response-details = { $days ->
    [one] We reageren binnen { $days } werkdag ({ $zone }) met { $details }.
   *[other] We reageren binnen { $days } werkdagen ({ $zone }) met { $details }.
}
policy-reward-minimum = { $reward } (minimaal { $minimum })
policy-retention = { $days ->
    [one] We verwijderen je melding, de bijlagen en onze berichten met jou { $days } dag nadat de zaak is gesloten, tenzij de wet ons verplicht ze te bewaren.
   *[other] We verwijderen je melding, de bijlagen en onze berichten met jou { $days } dagen nadat de zaak is gesloten, tenzij de wet ons verplicht ze te bewaren.
}
policy-scope = Reikwijdte
policy-in-scope = Binnen scope:
policy-all-in-scope = Al onze systemen en diensten.
policy-out-of-scope = Wat we niet als kwetsbaarheid beschouwen
policy-rules = Regels waarmee je akkoord gaat
policy-languages = Talen waarin je mag schrijven: { $languages }.

## Who can read the report

trust-title = Wie je melding kan lezen
trust-encrypted = Versleuteld in je browser.
trust-encrypted-detail = Je melding en bestanden worden hier versleuteld voordat er iets wordt verzonden; de meldserver slaat alleen versleutelde gegevens op. Alleen deze sleutels kunnen ze ontsleutelen:
trust-checking = De sleutels worden gecontroleerd…
trust-organisation-key = { $name } (organisatiesleutel):
trust-staff-key = { $name } (securitymedewerkers):
trust-pinned-code = Deze pagina heeft de code van het formulier en deze sleutels vastgelegd via hun hashes: je browser heeft elk bestand gecontroleerd voordat het werd uitgevoerd, zodat zelfs de beheerder van de meldserver ze niet ongemerkt kan wijzigen.
trust-pinned-keys = Deze pagina heeft deze sleutels vastgelegd, maar niet de code van het formulier: de beheerder van de meldserver zou de code kunnen wijzigen. De organisatie kan in plaats daarvan het vastgelegde formulier insluiten.
trust-pinned-nothing = Niets op deze pagina legt de code of de sleutels van het formulier vast: je vertrouwt op de beheerder van de meldserver. Vergelijk de vingerafdrukken met de vingerafdrukken die de organisatie elders publiceert.

## The report form

form-title = Je melding
form-summary = { $count ->
    [one] { $count } veld vraagt nog je aandacht voordat de melding kan worden verzonden.
   *[other] { $count } velden vragen nog je aandacht voordat de melding kan worden verzonden.
}
form-required = (verplicht)
form-optional = (optioneel)
form-submit = Melding versleutelen en verzenden
form-cancel = Annuleren
form-retry = Dezelfde versleutelde melding opnieuw verzenden
choose-prompt = Kies…

## Fields: the label is the message, the hint its .hint, a select's empty entry its .prompt

field-title = Titel
    .hint = Eén regel die het probleem samenvat.
field-vulnerability-type = Soort kwetsbaarheid
    .hint = De best passende categorie.
    .prompt = Kies een soort…
field-weakness = Zwakheid (CWE)
    .hint = Het CWE-item dat het best past: de Top 25 van 2025 staat bovenaan; typ een nummer of zoekwoorden om de rest te doorzoeken.
field-severity = Ernst (CVSS-vector)
    .hint = Een CVSS 3.1- of 4.0-basisvector: plak er een of stel er een samen met de calculator hieronder; de score verschijnt terwijl je typt.
field-product = Product
    .hint = Het product waarin de kwetsbaarheid zit.
    .prompt = Kies een product…
field-affected-versions = Getroffen versies
    .hint = Bijvoorbeeld 2.3.0 tot en met 2.4.1, of elke versie vanaf 2.0.
field-fixed-version = Opgelost in versie
    .hint = Als je een versie kent waarin het probleem is opgelost.
field-affected = Getroffen URL, host of IP-adres
    .hint = Bijvoorbeeld https://app.example.com/login, api.example.com of 192.0.2.10.
field-description = Beschrijving
    .hint = Wat er mis is, en waar.
field-prerequisites = Vereisten om te reproduceren
    .hint = Benodigde accounts, rollen, instellingen of tools.
field-steps = Stappen om te reproduceren
    .hint = Genummerde stappen die iemand anders kan volgen.
field-impact = Impact
    .hint = Wat een aanvaller zou kunnen bereiken, en hoe die de kwetsbaarheid zou vinden en misbruiken.
field-exploited = Ik vermoed dat dit in de praktijk actief wordt misbruikt
    .hint = Vink dit alleen aan als je tekenen hebt gezien van aanvallen die hiervan gebruikmaken. Alleen dit antwoord wordt ook onversleuteld verzonden, zodat de wettelijke termijn voor actief misbruikte kwetsbaarheden (EU Cyber Resilience Act) ingaat zodra de melding binnenkomt.
field-proof-of-concept = Proof of concept
    .hint = Code, een request of commando's die het probleem aantonen (voeg langere bestanden hieronder toe).
field-attachments = Bijlagen
    .hint = Screenshots, logs of proof-of-concept-bestanden. Ze worden samen met de melding versleuteld.
field-contact = Hoe kunnen we je bereiken?
    .hint = E-mail of een ander kanaal. Laat dit leeg als je anoniem wilt blijven.
field-credit = Naam voor de hall of fame
    .hint = Je naam of handle, als je publiekelijk vermeld wilt worden.
field-ai-assistance = Heb je AI-tools gebruikt om dit te vinden of om de melding te schrijven?
    .hint = Een eerlijk antwoord helpt ons bij de triage; het telt niet in het nadeel van je melding.
    .prompt = Kies een antwoord…
field-verified-by-hand = Wat heb je zelf handmatig gecontroleerd?
    .hint = Verplicht als AI-tools hebben geholpen: welke stappen je zelf hebt uitgevoerd en wat je zag.
field-consent = Ik heb de bovenstaande regels gelezen en ga ermee akkoord
    .hint = { "" }

# The options of the vulnerability type, in the order of shared::field::VULNERABILITY_TYPES.
vulnerability-type-1 = Cross-site scripting (XSS)
vulnerability-type-2 = SQL- of andere injectie
vulnerability-type-3 = Uitvoeren van code op afstand (remote code execution)
vulnerability-type-4 = Fout in authenticatie of sessiebeheer
vulnerability-type-5 = Gebrekkige toegangscontrole / IDOR
vulnerability-type-6 = Cross-site request forgery (CSRF)
vulnerability-type-7 = Server-side request forgery (SSRF)
vulnerability-type-8 = Lekken van informatie
vulnerability-type-9 = Cryptografische zwakheid
vulnerability-type-10 = Onjuiste configuratie
vulnerability-type-11 = Onbeschikbaarheid (denial of service)
vulnerability-type-12 = Anders
# The options of the AI question, in the order of shared::field::AI_ASSISTANCE.
ai-assistance-1 = Nee
ai-assistance-2 = Ja, om het probleem te vinden
ai-assistance-3 = Ja, om de melding te schrijven
ai-assistance-4 = Ja, om het probleem te vinden en om de melding te schrijven

## Problems with a field

problem-required = Dit veld is verplicht.
problem-too-long = Maximaal { $max } tekens (dit zijn er { $actual }).
problem-control-characters = Bevat stuurtekens die niet zijn toegestaan.
problem-unknown-choice = Kies een van de vermelde soorten.
problem-not-a-target = Vul een URL (https://…), een hostnaam of een IP-adres in.
problem-out-of-scope = { $target } valt buiten scope. Binnen scope: { $scope }.
problem-too-many-files = { $max ->
    [one] Maximaal { $max } bestand (je hebt er { $actual } bijgevoegd).
   *[other] Maximaal { $max } bestanden (je hebt er { $actual } bijgevoegd).
}
problem-too-large = Alle bestanden samen mogen maximaal { $max } zijn; deze zijn samen { $actual }.
problem-empty-file = Het bestand { $name } is leeg.
problem-file-name = De naam van het bestand { $name } bevat stuurtekens of tekens die de schrijfrichting omkeren (bidirectionele overrides); geef het bestand een andere naam.
problem-unknown-product = Kies een van de vermelde producten.
problem-cvss = Geen geldige CVSS 3.1- of 4.0-vector. Plak er een zoals CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.
problem-cwe = ‘{ $text }’ is geen zwakheid uit CWE { $version }. Kies er een uit de lijst, of typ het nummer, zoals CWE-79.
problem-no-consent = Bevestig dat je akkoord gaat met de regels.

## Severity: the calculator

cvss-calculate = Vector berekenen
cvss-version = CVSS-versie
cvss-left = { $count ->
    [one] Kies de laatste metriek om de vector te voltooien.
   *[other] Kies nog { $count } metrieken om de vector te voltooien.
}
# $score 9.3, $rating a rating below, $version 4.0.
cvss-summary = { $score } { $rating } (CVSS { $version })
cvss-rating-none = Geen
cvss-rating-low = Laag
cvss-rating-medium = Gemiddeld
cvss-rating-high = Hoog
cvss-rating-critical = Kritiek
# Metric names (shared::severity): the message is the name, then (code).
cvss-metric-av = Aanvalsvector
cvss-metric-ac = Aanvalscomplexiteit
cvss-metric-at = Aanvalsvereisten
cvss-metric-pr = Vereiste rechten
cvss-metric-ui = Gebruikersinteractie
cvss-metric-s = Reikwijdte
cvss-metric-c = Vertrouwelijkheid
cvss-metric-i = Integriteit
cvss-metric-a = Beschikbaarheid
cvss-metric-vc = Vertrouwelijkheid van het kwetsbare systeem
cvss-metric-vi = Integriteit van het kwetsbare systeem
cvss-metric-va = Beschikbaarheid van het kwetsbare systeem
cvss-metric-sc = Vertrouwelijkheid van vervolgsystemen
cvss-metric-si = Integriteit van vervolgsystemen
cvss-metric-sa = Beschikbaarheid van vervolgsystemen
cvss-metric-label = { $name } ({ $code })
# Metric values, by their name in the specification.
cvss-value-network = Netwerk
cvss-value-adjacent = Aangrenzend
cvss-value-local = Lokaal
cvss-value-physical = Fysiek
cvss-value-low = Laag
cvss-value-high = Hoog
cvss-value-none = Geen
cvss-value-required = Vereist
cvss-value-unchanged = Ongewijzigd
cvss-value-changed = Gewijzigd
cvss-value-present = Aanwezig
cvss-value-passive = Passief
cvss-value-active = Actief

## Attachments

files-list = Bijgevoegde bestanden
files-how = Kies bestanden, sleep ze hierheen of plak een screenshot.
files-used = { $max_files ->
    [one] { $used } van { $max } gebruikt, maximaal { $max_files } bestand.
   *[other] { $used } van { $max } gebruikt, maximaal { $max_files } bestanden.
}
file-remove = Verwijderen
file-remove-named = { $name } verwijderen
file-badge-other = BESTAND

## Sending

progress-reading = Bestanden worden gelezen ({ $n } van { $of })…
progress-encrypting = Je melding wordt in deze browser versleuteld…
progress-sending = De versleutelde melding wordt verzonden…
progress-parts = Versleutelen en verzenden in delen: { $sent } van { $total }…
progress-parts-left = Versleutelen en verzenden in delen: { $sent } van { $total }, { $left }…
progress-left-seconds = nog ongeveer { $seconds } s
progress-left-minutes = nog ongeveer { $minutes } min { $seconds } s

## The receipt

receipt-title = Bedankt — je versleutelde melding is ontvangen
receipt-case-id = Zaaknummer
receipt-received = Ontvangen
receipt-respond-by = { $organisation } reageert uiterlijk op
receipt-secret = Je ontvangstbewijs
receipt-explain = Alleen met dit ontvangstbewijs kun je de antwoorden van het securityteam openen. Het wordt nergens opgeslagen: als je het kwijtraakt, kan niemand het je teruggeven.
receipt-copy = Kopiëren
receipt-save = Opslaan als tekstbestand
receipt-copied = Gekopieerd naar het klembord.
receipt-copy-failed = Kopiëren is mislukt: selecteer het ontvangstbewijs en kopieer het zelf.
receipt-saved-file = Opgeslagen als tekstbestand.
receipt-save-failed = Opslaan is mislukt: kopieer het ontvangstbewijs in plaats daarvan.
receipt-confirm = Ik heb mijn ontvangstbewijs bewaard
receipt-close = Sluiten
receipt-done = Klaar. Wil je antwoorden over zaak { $case } lezen, open dan dit formulier opnieuw, kies “Een melding opvolgen” en voer je ontvangstbewijs in.
receipt-file-name = sealdrop-ontvangstbewijs-{ $case }.txt
receipt-file =
    Sealdrop-ontvangstbewijs voor je kwetsbaarheidsmelding bij { $organisation }

    Zaaknummer: { $case }
    Ontvangstbewijs: { $receipt }

    Houd dit ontvangstbewijs geheim. Hiermee, en alleen hiermee, kun je de antwoorden van het securityteam lezen:
    open het meldformulier, kies “Een melding opvolgen” en voer het ontvangstbewijs in.

## Following up

followup-title = Een melding opvolgen
followup-receipt = Je ontvangstbewijs
followup-receipt-hint = De 32 tekens die je kreeg toen je de melding verzond.
followup-remember = Mijn ontvangstbewijs op dit apparaat onthouden (alleen het ontvangstbewijs wordt opgeslagen, nooit een bericht)
followup-no-storage = Dit verzegelde formulier slaat niets op dit apparaat op: bewaar het bestand met je ontvangstbewijs dat je hebt opgeslagen toen je de melding verzond.
followup-open = Mijn melding openen
followup-forget = Mijn ontvangstbewijs op dit apparaat vergeten
followup-looking = Je melding wordt gezocht…
case-title = Zaak { $case }
case-respond-by = Toegezegde uiterste reactiedatum:
case-planned-disclosure = Geplande openbaarmaking:
case-progress = Voortgang
case-not-yet = nog niet
case-triaged-as = { $status } — { $at }
case-expected-resolution = { $text }; verwachte oplossing { $date }
case-messages = Berichten
case-no-messages = Nog geen berichten.
stage-received = Ontvangen
stage-acknowledged = Bevestigd
stage-triaged = Beoordeeld
stage-fixing = Wordt opgelost
stage-resolved = Opgelost
stage-disclosed = Openbaar gemaakt
status-accepted = Beoordeeld: geaccepteerd
status-not-a-vulnerability = Beoordeeld: geen kwetsbaarheid
status-duplicate = Beoordeeld: duplicaat van een bekende melding
status-out-of-scope = Beoordeeld: buiten scope
message-from-staff = Het securityteam
message-from-you = Jij
message-files = Bijgevoegde bestanden
message-undecryptable = Dit bericht kan niet worden ontsleuteld met je ontvangstbewijs.
message-decrypting = Bezig met ontsleutelen…
signature-unpinned = Ondertekend met de sleutel van { $name } zoals de meldserver die vermeldt (sleutel { $key }); deze pagina legt geen sleutels vast, dus vergelijk de vingerafdruk met een vingerafdruk die de organisatie elders publiceert.
signature-valid = Ondertekend door { $name } (sleutel { $key }).
signature-the-team = het securityteam
signature-own = Ondertekend met je antwoordsleutel.
signature-invalid = Waarschuwing: dit bericht is ondertekend, maar niet met de sleutels van het securityteam. Vertrouw niet op wat er in dit bericht van je wordt gevraagd.
signature-unsigned = Waarschuwing: dit bericht is niet ondertekend door het securityteam. De meldserver, of iemand anders die berichten in je zaak kan plaatsen, kan het hebben geschreven.
signature-not-own = Waarschuwing: dit bericht is niet ondertekend met je antwoordsleutel: mogelijk heb jij het niet geschreven.
answer-title = Reageren
answer-message = Je bericht
answer-files = Bestanden (optioneel)
answer-empty = Schrijf een bericht.
answer-too-long = Het bericht is te lang (maximaal { $max } tekens).
answer-sending = Je bericht wordt versleuteld en verzonden…
answer-submit = Bericht versleutelen en verzenden
answer-too-many-files = Er zijn meer of grotere bestanden dan het beleid toestaat.

## What went wrong

pin-organisation = de sleutel van de organisatie ({ $actual }) is niet de sleutel die deze pagina heeft vastgelegd ({ $pinned })
pin-staff-key = het beleid voegt medewerkerssleutel { $fingerprint } toe, die deze pagina niet heeft vastgelegd
pin-subkey = sleutel { $key } heeft versleutelingssubsleutel { $subkey }, die de vastgelegde versie van deze pagina niet heeft
pin-malformed = deze pagina legde ‘{ $pin }’ vast, wat geen vingerafdruk van een sleutel is (40 of 64 hexadecimale tekens)
pin-no-key = het beleid levert geen sleutel
error-policy-unavailable = Het meldbeleid kon niet worden geladen ({ $detail }). Probeer het later opnieuw.
error-pin-mismatch = De sleutels komen niet overeen met wat deze pagina heeft vastgelegd: { $detail }. Voor je veiligheid wordt er niets versleuteld of verzonden.
error-key = De sleutel van de organisatie kan niet worden gebruikt: { $detail }
error-file-read = Het bestand { $name } kon niet worden gelezen.
error-encrypt = Versleutelen is mislukt: { $detail }
error-decrypt = Een bericht kon niet worden ontsleuteld: { $detail }
error-receipt-unknown = Er hoort geen melding bij dit ontvangstbewijs. Een ontvangstbewijs ziet eruit als XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX; controleer het en probeer het opnieuw.
error-rate-limited = { $minutes ->
    [one] Te veel pogingen vanaf deze verbinding. Wacht { $minutes } minuut en probeer het dan opnieuw.
   *[other] Te veel pogingen vanaf deze verbinding. Wacht { $minutes } minuten en probeer het dan opnieuw.
}
error-network = De melding kon niet worden verzonden ({ $detail }). Controleer je verbinding en probeer het opnieuw; de melding wordt niet dubbel opgeslagen.
error-unavailable = De melding kon op dit moment niet worden opgeslagen ({ $detail }). Er is niets verloren gegaan: verzend de melding zo dadelijk opnieuw; deze wordt niet dubbel opgeslagen.
error-cancelled = Geannuleerd. Pas de melding aan of verzend deze opnieuw wanneer je zover bent; als de melding de server al had bereikt, wordt deze bij opnieuw verzenden niet dubbel opgeslagen.
error-code-integrity = De versleutelingscode van het formulier heeft de integriteitscontrole niet doorstaan ({ $detail }), dus er is niets versleuteld of verzonden. Meld het probleem op een andere manier bij de organisatie.
error-needs-worker = Zulke grote bestanden worden in delen versleuteld en verzonden door de versleutelingsworker van het formulier, maar die kan op deze pagina niet starten ({ $detail }). Voeg maximaal { $size } bij, of stuur de rest zodra de organisatie heeft gereageerd.
error-sealing = De melding kon niet worden versleuteld: { $detail }
error-rejected = De server heeft de melding geweigerd: { $detail } ({ $code })

## The policy page and the hall of fame (served by the worker, in the language of ?lang= or
## the browser's Accept-Language, among the policy's languages)

page-languages = Talen van deze pagina
page-policy-title = { $organisation } — beleid voor het melden van kwetsbaarheden
page-website = Website van de organisatie: { $link }
page-report = Een kwetsbaarheid melden
page-report-how = Gebruik het formulier hieronder. Je melding en de bijlagen worden in je browser met onze sleutel versleuteld voordat ze worden verzonden; niemand onderweg, ook onze eigen servers niet, kan ze lezen.
page-report-email = Je kunt een melding ook per e-mail sturen naar { $link }, versleuteld met de sleutel hieronder.
page-promises = Wat wij beloven
page-response = { $days ->
    [one] We reageren binnen { $days } werkdag (geteld in de tijdzone { $zone }).
   *[other] We reageren binnen { $days } werkdagen (geteld in de tijdzone { $zone }).
}
page-response-details = { $days ->
    [one] We reageren binnen { $days } werkdag (geteld in de tijdzone { $zone }) met { $details }.
   *[other] We reageren binnen { $days } werkdagen (geteld in de tijdzone { $zone }) met { $details }.
}
page-reward-minimum = De laagste beloning bedraagt { $minimum }.
page-see-hall-of-fame = Bekijk ook onze { $link }.
page-hall-of-fame-link = hall of fame
page-holidays = Naast de weekenden zijn ook deze dagen geen werkdagen: { $days }.
page-rules = Wat we van je vragen
page-scope = Reikwijdte
page-all-in-scope = Al onze systemen vallen binnen scope.
page-in-scope = Binnen scope:
page-out-of-scope = Buiten scope, of niet als kwetsbaarheid beschouwd:
page-fields = Wat een melding bevat
page-field-required = { $label } (verplicht): { $hint }
page-field-optional = { $label } (optioneel): { $hint }
page-attachments = { $files ->
    [one] Maximaal { $files } bijlage, in totaal { $size }. Meldingen mogen worden geschreven in: { $languages }.
   *[other] Maximaal { $files } bijlagen, in totaal { $size }. Meldingen mogen worden geschreven in: { $languages }.
}
page-key = Onze OpenPGP-sleutel
page-fingerprint = Vingerafdruk: { $fingerprint }
page-download-key = { $link } (ook gepubliceerd in onze Web Key Directory).
page-download-key-link = De sleutel downloaden
page-staff-keys = Elke melding wordt ook versleuteld met de persoonlijke sleutels van onze securitymedewerkers:
page-trust = Wat deze pagina kan bewijzen
page-trust-form = Het formulier hierboven versleutelt je melding in je browser en controleert de sleutels die het krijgt aan de hand van de vingerafdrukken op deze pagina. Maar deze pagina, de code van het formulier en de sleutels komen allemaal van de meldserver: wie die server beheert, zou ze allemaal tegelijk kunnen wijzigen, en niets op deze pagina zou dat kunnen verraden.
page-trust-check = Wil je zeker zijn, vergelijk dan de vingerafdruk hierboven met een vingerafdruk die is gepubliceerd op een plek waar de server geen controle over heeft (de eigen website van de organisatie of een ondertekende security.txt), of meld via het formulier op de eigen website van de organisatie als die het { $pinned } codefragment insluit: daar controleert je browser elk bestand van het formulier en de sleutels aan de hand van hashes die in die pagina zijn vastgelegd, voordat er iets wordt uitgevoerd.
page-trust-pinned = vastgelegde
page-hall-of-fame-title = { $organisation } — hall of fame
page-hall-of-fame-intro = Mensen die volgens ons { $link } kwetsbaarheden bij ons hebben gemeld. Hartelijk dank!
page-hall-of-fame-policy-link = meldbeleid
page-hall-of-fame-empty = Er zijn nog geen vermeldingen gepubliceerd.
page-hall-of-fame-feed = JSON-feed
