# Sealdrop: every string the reporter reads, in German. Each other catalogue has the same
# messages and attributes (tests/it/i18n.rs). Placeholders are { $name }; a number that decides a
# plural is selected on with [one] / *[other].

## Dates, times and sizes

month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
weekday-1 = Montag
weekday-2 = Dienstag
weekday-3 = Mittwoch
weekday-4 = Donnerstag
weekday-5 = Freitag
weekday-6 = Samstag
weekday-7 = Sonntag
# $day is a number, $month a month name, $year a number.
date = { $day }. { $month } { $year }
# $weekday a weekday name, $date a date as above, $time 23:59, $offset +01:00.
date-time = { $weekday }, { $date }, { $time } Uhr (UTC{ $offset })
size-bytes = { $n ->
    [one] { $n } Byte
   *[other] { $n } Bytes
}
size-kib = { $n } KiB
size-mib = { $n } MiB

## The frame and the language switch

frame-title = Eine Sicherheitslücke melden
loading-policy = Die Melderichtlinie wird geladen…
fatal-title = Das Formular kann nicht verwendet werden
language-switch = Sprache
modes = Was möchten Sie tun?
mode-report = Eine Schwachstelle melden
mode-follow-up = Eine Meldung weiterverfolgen
a-staff-member = Ein Mitglied des Sicherheitsteams

## The policy

policy-title = Eine Schwachstelle an { $organisation } melden
policy-promises = Unsere Zusagen
# $days business days, counted in $zone (a time zone name such as Europe/Amsterdam).
policy-response = { $days ->
    [one] Wir antworten innerhalb von { $days } Arbeitstag ({ $zone }).
   *[other] Wir antworten innerhalb von { $days } Arbeitstagen ({ $zone }).
}
# As policy-response, with what the answer contains ($details, the policy's own words).
policy-response-details = { $days ->
    [one] Wir antworten innerhalb von { $days } Arbeitstag ({ $zone }) mit { $details }.
   *[other] Wir antworten innerhalb von { $days } Arbeitstagen ({ $zone }) mit { $details }.
}
policy-reward-minimum = { $reward } (mindestens { $minimum })
policy-retention = { $days ->
    [one] Wir löschen Ihre Meldung, ihre Anhänge und unsere Korrespondenz mit Ihnen { $days } Tag nach Abschluss des Falls, sofern wir nicht gesetzlich zur Aufbewahrung verpflichtet sind.
   *[other] Wir löschen Ihre Meldung, ihre Anhänge und unsere Korrespondenz mit Ihnen { $days } Tage nach Abschluss des Falls, sofern wir nicht gesetzlich zur Aufbewahrung verpflichtet sind.
}
policy-scope = Geltungsbereich
policy-in-scope = Im Geltungsbereich:
policy-all-in-scope = Alle unsere Systeme und Dienste.
policy-out-of-scope = Was nicht als Schwachstelle gilt
policy-rules = Regeln, denen Sie zustimmen
policy-languages = Sprachen, in denen Sie uns schreiben können: { $languages }.

## Who can read the report

trust-title = Wer Ihre Meldung lesen kann
trust-encrypted = In Ihrem Browser verschlüsselt.
trust-encrypted-detail = Ihre Meldung und Ihre Dateien werden hier verschlüsselt, bevor irgendetwas gesendet wird; der Meldeserver speichert ausschließlich Chiffretext. Nur diese Schlüssel können sie entschlüsseln:
trust-checking = Die Schlüssel werden geprüft…
trust-organisation-key = { $name } (Schlüssel der Organisation):
trust-staff-key = { $name } (Sicherheitsteam):
trust-pinned-code = Diese Seite hat den Code des Formulars und diese Schlüssel anhand ihrer Hashwerte festgeschrieben: Ihr Browser hat jede Datei vor dem Ausführen geprüft, sodass nicht einmal der Betreiber des Meldeservers sie unbemerkt ändern könnte.
trust-pinned-keys = Diese Seite hat diese Schlüssel festgeschrieben, nicht aber den Code des Formulars: Der Betreiber des Meldeservers könnte den Code ändern. Die Organisation kann stattdessen das festgeschriebene Formular einbetten.
trust-pinned-nothing = Auf dieser Seite sind weder der Code des Formulars noch die Schlüssel festgeschrieben: Sie vertrauen dem Betreiber des Meldeservers. Vergleichen Sie die Fingerabdrücke mit denen, die die Organisation an anderer Stelle veröffentlicht.

## The report form

form-title = Ihre Meldung
form-summary = { $count ->
    [one] { $count } Feld erfordert Ihre Aufmerksamkeit, bevor die Meldung gesendet werden kann.
   *[other] { $count } Felder erfordern Ihre Aufmerksamkeit, bevor die Meldung gesendet werden kann.
}
form-required = (erforderlich)
form-optional = (optional)
form-submit = Meldung verschlüsseln und senden
form-cancel = Abbrechen
form-retry = Dieselbe verschlüsselte Meldung erneut senden
choose-prompt = Bitte auswählen…

## Fields: the label is the message, the hint its .hint, a select's empty entry its .prompt

field-title = Titel
    .hint = Eine Zeile, die das Problem zusammenfasst.
field-vulnerability-type = Art der Schwachstelle
    .hint = Die am besten passende Kategorie.
    .prompt = Art auswählen…
field-weakness = Schwäche (CWE)
    .hint = Der am besten passende CWE-Eintrag: Die Top 25 des Jahres 2025 stehen oben; geben Sie eine Nummer oder Suchbegriffe ein, um die übrigen zu durchsuchen.
field-severity = Schweregrad (CVSS-Vektor)
    .hint = Ein CVSS-3.1- oder CVSS-4.0-Basisvektor: Fügen Sie einen ein oder erstellen Sie ihn mit dem Rechner unten; die Bewertung wird während der Eingabe angezeigt.
field-product = Produkt
    .hint = Das von der Schwachstelle betroffene Produkt.
    .prompt = Produkt auswählen…
field-affected-versions = Betroffene Versionen
    .hint = Zum Beispiel 2.3.0 bis 2.4.1 oder alle Versionen seit 2.0.
field-fixed-version = Behoben in Version
    .hint = Falls Ihnen eine Version bekannt ist, die das Problem behebt.
field-affected = Betroffene URL, Hostname oder IP-Adresse
    .hint = Zum Beispiel https://app.example.com/login, api.example.com oder 192.0.2.10.
field-description = Beschreibung
    .hint = Was ist fehlerhaft, und wo?
field-prerequisites = Voraussetzungen für die Reproduktion
    .hint = Benötigte Konten, Rollen, Einstellungen oder Werkzeuge.
field-steps = Schritte zur Reproduktion
    .hint = Nummerierte Schritte, die andere nachvollziehen können.
field-impact = Auswirkungen
    .hint = Was ein Angreifer erreichen könnte und wie er die Schwachstelle finden und ausnutzen würde.
field-exploited = Ich gehe davon aus, dass diese Schwachstelle bereits aktiv ausgenutzt wird
    .hint = Kreuzen Sie dies nur an, wenn Sie Anzeichen für Angriffe gesehen haben, die sie ausnutzen. Nur diese eine Angabe wird zusätzlich unverschlüsselt übermittelt, damit die gesetzliche Frist für ausgenutzte Schwachstellen (EU-Cyberresilienzverordnung, Cyber Resilience Act) mit dem Eingang der Meldung beginnt.
field-proof-of-concept = Proof of Concept
    .hint = Code, eine Anfrage oder Befehle, die das Problem zeigen (längere Dateien hängen Sie bitte unten an).
field-attachments = Anhänge
    .hint = Screenshots, Logdateien oder Proof-of-Concept-Dateien. Sie werden zusammen mit der Meldung verschlüsselt.
field-contact = Wie können wir Sie erreichen?
    .hint = E-Mail-Adresse oder ein anderer Kanal. Lassen Sie das Feld leer, wenn Sie anonym bleiben möchten.
field-credit = Name für die Danksagung (Hall of Fame)
    .hint = Ihr Name oder Pseudonym, falls Sie öffentlich genannt werden möchten.
field-ai-assistance = Haben Sie KI-Werkzeuge verwendet, um das Problem zu finden oder die Meldung zu verfassen?
    .hint = Eine ehrliche Antwort hilft uns bei der Ersteinschätzung; sie wird nicht zum Nachteil Ihrer Meldung gewertet.
    .prompt = Antwort auswählen…
field-verified-by-hand = Was haben Sie selbst von Hand überprüft?
    .hint = Erforderlich, wenn KI-Werkzeuge geholfen haben: welche Schritte Sie selbst ausgeführt haben und was Sie dabei beobachtet haben.
field-consent = Ich habe die obigen Regeln gelesen und stimme ihnen zu
    .hint = { "" }

# The options of the vulnerability type, in the order of shared::field::VULNERABILITY_TYPES.
vulnerability-type-1 = Cross-Site-Scripting (XSS)
vulnerability-type-2 = SQL- oder andere Injection
vulnerability-type-3 = Codeausführung aus der Ferne (Remote Code Execution)
vulnerability-type-4 = Fehler in Authentifizierung oder Sitzungsverwaltung
vulnerability-type-5 = Fehlerhafte Zugriffskontrolle / IDOR
vulnerability-type-6 = Cross-Site-Request-Forgery (CSRF)
vulnerability-type-7 = Server-Side-Request-Forgery (SSRF)
vulnerability-type-8 = Preisgabe von Informationen
vulnerability-type-9 = Kryptografische Schwäche
vulnerability-type-10 = Fehlkonfiguration
vulnerability-type-11 = Beeinträchtigung der Verfügbarkeit (Denial of Service)
vulnerability-type-12 = Sonstiges
# The options of the AI question, in the order of shared::field::AI_ASSISTANCE.
ai-assistance-1 = Nein
ai-assistance-2 = Ja, um das Problem zu finden
ai-assistance-3 = Ja, um die Meldung zu verfassen
ai-assistance-4 = Ja, um das Problem zu finden und die Meldung zu verfassen

## Problems with a field

problem-required = Dies ist ein Pflichtfeld.
problem-too-long = Höchstens { $max } Zeichen (derzeit { $actual }).
problem-control-characters = Enthält unzulässige Steuerzeichen.
problem-unknown-choice = Bitte wählen Sie eine der aufgeführten Arten aus.
problem-not-a-target = Bitte geben Sie eine URL (https://…), einen Hostnamen oder eine IP-Adresse ein.
problem-out-of-scope = { $target } liegt nicht im Geltungsbereich. Im Geltungsbereich: { $scope }.
problem-too-many-files = { $max ->
    [one] Höchstens { $max } Datei (Sie haben { $actual } angehängt).
   *[other] Höchstens { $max } Dateien (Sie haben { $actual } angehängt).
}
problem-too-large = Alle Dateien zusammen dürfen höchstens { $max } groß sein; diese umfassen { $actual }.
problem-empty-file = Die Datei { $name } ist leer.
problem-file-name = Der Name der Datei { $name } enthält Steuerzeichen oder Zeichen zur Umkehrung der Schreibrichtung; bitte benennen Sie die Datei um.
problem-unknown-product = Bitte wählen Sie eines der aufgeführten Produkte aus.
problem-cvss = Kein CVSS-3.1- oder CVSS-4.0-Vektor. Fügen Sie einen Vektor wie CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ein.
problem-cwe = „{ $text }“ ist keine Schwäche aus CWE { $version }. Wählen Sie eine aus der Liste aus oder geben Sie ihre Nummer ein, zum Beispiel CWE-79.
problem-no-consent = Bitte bestätigen Sie, dass Sie den Regeln zustimmen.

## Severity: the calculator

cvss-calculate = Vektor berechnen
cvss-version = CVSS-Version
cvss-left = { $count ->
    [one] Wählen Sie die letzte Metrik aus, um den Vektor zu vervollständigen.
   *[other] Wählen Sie noch { $count } Metriken aus, um den Vektor zu vervollständigen.
}
# $score 9.3, $rating a rating below, $version 4.0.
cvss-summary = { $score } { $rating } (CVSS { $version })
cvss-rating-none = Keine
cvss-rating-low = Niedrig
cvss-rating-medium = Mittel
cvss-rating-high = Hoch
cvss-rating-critical = Kritisch
# Metric names (shared::severity): the message is the name, then (code).
cvss-metric-av = Angriffsvektor
cvss-metric-ac = Angriffskomplexität
cvss-metric-at = Angriffsvoraussetzungen
cvss-metric-pr = Erforderliche Berechtigungen
cvss-metric-ui = Benutzerinteraktion
cvss-metric-s = Auswirkungsbereich
cvss-metric-c = Vertraulichkeit
cvss-metric-i = Integrität
cvss-metric-a = Verfügbarkeit
cvss-metric-vc = Vertraulichkeit des verwundbaren Systems
cvss-metric-vi = Integrität des verwundbaren Systems
cvss-metric-va = Verfügbarkeit des verwundbaren Systems
cvss-metric-sc = Vertraulichkeit nachgelagerter Systeme
cvss-metric-si = Integrität nachgelagerter Systeme
cvss-metric-sa = Verfügbarkeit nachgelagerter Systeme
cvss-metric-label = { $name } ({ $code })
# Metric values, by their name in the specification.
cvss-value-network = Netzwerk
cvss-value-adjacent = Benachbart
cvss-value-local = Lokal
cvss-value-physical = Physisch
cvss-value-low = Niedrig
cvss-value-high = Hoch
cvss-value-none = Keine
cvss-value-required = Erforderlich
cvss-value-unchanged = Unverändert
cvss-value-changed = Verändert
cvss-value-present = Vorhanden
cvss-value-passive = Passiv
cvss-value-active = Aktiv

## Attachments

files-list = Angehängte Dateien
files-how = Wählen Sie Dateien aus, ziehen Sie sie hierher oder fügen Sie einen Screenshot ein.
files-used = { $max_files ->
    [one] { $used } von { $max } belegt, höchstens { $max_files } Datei.
   *[other] { $used } von { $max } belegt, höchstens { $max_files } Dateien.
}
file-remove = Entfernen
file-remove-named = { $name } entfernen
file-badge-other = DATEI

## Sending

progress-reading = Dateien werden gelesen ({ $n } von { $of })…
progress-encrypting = Ihre Meldung wird in diesem Browser verschlüsselt…
progress-sending = Die verschlüsselte Meldung wird gesendet…
progress-parts = Verschlüsselung und Versand in Teilen: { $sent } von { $total }…
progress-parts-left = Verschlüsselung und Versand in Teilen: { $sent } von { $total }, { $left }…
progress-left-seconds = noch etwa { $seconds } s
progress-left-minutes = noch etwa { $minutes } min { $seconds } s

## The receipt

receipt-title = Vielen Dank – Ihre verschlüsselte Meldung ist eingegangen
receipt-case-id = Fall-ID
receipt-received = Eingegangen
receipt-respond-by = Antwort von { $organisation } bis spätestens
receipt-secret = Ihre Quittung
receipt-explain = Nur mit dieser Quittung können Sie die Antworten des Sicherheitsteams öffnen. Sie wird nirgends gespeichert: Wenn Sie sie verlieren, kann sie Ihnen niemand zurückgeben.
receipt-copy = Kopieren
receipt-save = Als Textdatei speichern
receipt-copied = In die Zwischenablage kopiert.
receipt-copy-failed = Kopieren fehlgeschlagen: Bitte markieren Sie die Quittung und kopieren Sie sie selbst.
receipt-saved-file = Als Textdatei gespeichert.
receipt-save-failed = Speichern fehlgeschlagen: Bitte kopieren Sie die Quittung stattdessen.
receipt-confirm = Ich habe meine Quittung gespeichert
receipt-close = Schließen
receipt-done = Fertig. Um Antworten zu Fall { $case } zu lesen, öffnen Sie dieses Formular erneut, wählen Sie „Eine Meldung weiterverfolgen“ und geben Sie Ihre Quittung ein.
receipt-file-name = sealdrop-quittung-{ $case }.txt
receipt-file =
    Sealdrop-Quittung für Ihre Schwachstellenmeldung an { $organisation }

    Fall-ID: { $case }
    Quittung: { $receipt }

    Bewahren Sie diese Quittung vertraulich auf. Mit ihr, und nur mit ihr, können Sie die Antworten des Sicherheitsteams lesen:
    Öffnen Sie das Meldeformular, wählen Sie „Eine Meldung weiterverfolgen“ und geben Sie die Quittung ein.

## Following up

followup-title = Eine Meldung weiterverfolgen
followup-receipt = Ihre Quittung
followup-receipt-hint = Die 32 Zeichen, die Sie beim Senden der Meldung erhalten haben.
followup-remember = Meine Quittung auf diesem Gerät speichern (gespeichert wird nur die Quittung, niemals eine Nachricht)
followup-no-storage = Dieses versiegelte Formular speichert nichts auf diesem Gerät: Bewahren Sie die Quittungsdatei auf, die Sie beim Senden der Meldung gespeichert haben.
followup-open = Meine Meldung öffnen
followup-forget = Meine Quittung von diesem Gerät entfernen
followup-looking = Ihre Meldung wird gesucht…
case-title = Fall { $case }
case-respond-by = Zugesagte Antwort bis:
case-planned-disclosure = Geplante Veröffentlichung:
case-progress = Fortschritt
case-not-yet = noch nicht
case-triaged-as = { $status } – { $at }
case-expected-resolution = { $text }; voraussichtliche Behebung: { $date }
case-messages = Nachrichten
case-no-messages = Noch keine Nachrichten.
stage-received = Eingegangen
stage-acknowledged = Bestätigt
stage-triaged = Bewertet
stage-fixing = In Behebung
stage-resolved = Behoben
stage-disclosed = Veröffentlicht
status-accepted = Bewertet: angenommen
status-not-a-vulnerability = Bewertet: keine Schwachstelle
status-duplicate = Bewertet: Duplikat einer bereits bekannten Meldung
status-out-of-scope = Bewertet: außerhalb des Geltungsbereichs
message-from-staff = Das Sicherheitsteam
message-from-you = Sie
message-files = Angehängte Dateien
message-undecryptable = Diese Nachricht kann mit Ihrer Quittung nicht entschlüsselt werden.
message-decrypting = Wird entschlüsselt…
signature-unpinned = Signiert durch { $name } mit dem Schlüssel, den der Meldeserver dafür angibt (Schlüssel { $key }); diese Seite hat keine Schlüssel festgeschrieben, vergleichen Sie daher den Fingerabdruck mit dem, den die Organisation an anderer Stelle veröffentlicht.
signature-valid = Signiert durch { $name } (Schlüssel { $key }).
signature-the-team = das Sicherheitsteam
signature-own = Mit Ihrem Antwortschlüssel signiert.
signature-invalid = Warnung: Diese Nachricht ist signiert, aber nicht mit den Schlüsseln des Sicherheitsteams. Folgen Sie keinen darin enthaltenen Aufforderungen.
signature-unsigned = Warnung: Diese Nachricht ist nicht vom Sicherheitsteam signiert. Der Meldeserver oder jeder andere, der Beiträge zu Ihrem Fall einstellen kann, könnte sie verfasst haben.
signature-not-own = Warnung: Diese Nachricht ist nicht mit Ihrem Antwortschlüssel signiert: Möglicherweise stammt sie nicht von Ihnen.
answer-title = Antwort
answer-message = Ihre Nachricht
answer-files = Dateien (optional)
answer-empty = Bitte schreiben Sie eine Nachricht.
answer-too-long = Die Nachricht ist zu lang (höchstens { $max } Zeichen).
answer-sending = Ihre Nachricht wird verschlüsselt und gesendet…
answer-submit = Nachricht verschlüsseln und senden
answer-too-many-files = Die Dateien überschreiten die laut Richtlinie zulässige Anzahl oder Größe.

## What went wrong

pin-organisation = der Schlüssel der Organisation ({ $actual }) ist nicht der, den diese Seite festgeschrieben hat ({ $pinned })
pin-staff-key = die Richtlinie fügt den Mitarbeiterschlüssel { $fingerprint } hinzu, den diese Seite nicht festgeschrieben hat
pin-subkey = Schlüssel { $key } trägt den Verschlüsselungs-Unterschlüssel { $subkey }, den die festgeschriebene Fassung dieser Seite nicht kennt
pin-malformed = diese Seite hat „{ $pin }“ festgeschrieben, das ist kein Schlüssel-Fingerabdruck (40 oder 64 Hexadezimalziffern)
pin-no-key = die Richtlinie liefert keinen Schlüssel
error-policy-unavailable = Die Melderichtlinie konnte nicht geladen werden ({ $detail }). Bitte versuchen Sie es später erneut.
error-pin-mismatch = Die Schlüssel stimmen nicht mit den auf dieser Seite festgeschriebenen überein: { $detail }. Zu Ihrer Sicherheit wird nichts verschlüsselt oder gesendet.
error-key = Der Schlüssel der Organisation kann nicht verwendet werden: { $detail }
error-file-read = Die Datei { $name } konnte nicht gelesen werden.
error-encrypt = Die Verschlüsselung ist fehlgeschlagen: { $detail }
error-decrypt = Eine Nachricht konnte nicht entschlüsselt werden: { $detail }
error-receipt-unknown = Zu dieser Quittung wurde keine Meldung gefunden. Eine Quittung hat die Form XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX; bitte prüfen Sie sie und versuchen Sie es erneut.
error-rate-limited = { $minutes ->
    [one] Zu viele Versuche über diese Verbindung. Bitte warten Sie { $minutes } Minute und versuchen Sie es dann erneut.
   *[other] Zu viele Versuche über diese Verbindung. Bitte warten Sie { $minutes } Minuten und versuchen Sie es dann erneut.
}
error-network = Die Meldung konnte nicht gesendet werden ({ $detail }). Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut; die Meldung wird nicht doppelt gespeichert.
error-unavailable = Die Meldung konnte gerade nicht gespeichert werden ({ $detail }). Es ist nichts verloren gegangen: Senden Sie sie in einem Moment erneut; sie wird nicht doppelt gespeichert.
error-cancelled = Abgebrochen. Ändern Sie die Meldung oder senden Sie sie erneut, sobald Sie bereit sind; falls sie den Server bereits erreicht hatte, wird sie durch erneutes Senden nicht doppelt gespeichert.
error-code-integrity = Der Verschlüsselungscode des Formulars hat die Integritätsprüfung nicht bestanden ({ $detail }); daher wurde nichts verschlüsselt oder gesendet. Bitte melden Sie das Problem der Organisation auf anderem Weg.
error-needs-worker = Dateien dieser Größe werden vom Verschlüsselungs-Worker des Formulars in Teilen verschlüsselt und gesendet; dieser kann auf dieser Seite nicht gestartet werden ({ $detail }). Hängen Sie höchstens { $size } an oder senden Sie den Rest, sobald die Organisation antwortet.
error-sealing = Die Meldung konnte nicht verschlüsselt werden: { $detail }
error-rejected = Der Server hat die Meldung abgelehnt: { $detail } ({ $code })

## The policy page and the hall of fame (served by the worker, in the language of ?lang= or
## the browser's Accept-Language, among the policy's languages)

page-languages = Sprachen dieser Seite
page-policy-title = { $organisation } – Richtlinie zur Meldung von Schwachstellen
page-website = Website der Organisation: { $link }
page-report = Eine Schwachstelle melden
page-report-how = Verwenden Sie das Formular unten. Ihre Meldung und ihre Anhänge werden in Ihrem Browser mit unserem Schlüssel verschlüsselt, bevor sie gesendet werden; niemand auf dem Übertragungsweg, auch nicht unsere eigenen Server, kann sie lesen.
page-report-email = Sie können eine Meldung auch per E-Mail an { $link } senden, verschlüsselt mit dem unten stehenden Schlüssel.
page-promises = Unsere Zusagen
page-response = { $days ->
    [one] Wir antworten innerhalb von { $days } Arbeitstag (gezählt in der Zeitzone { $zone }).
   *[other] Wir antworten innerhalb von { $days } Arbeitstagen (gezählt in der Zeitzone { $zone }).
}
page-response-details = { $days ->
    [one] Wir antworten innerhalb von { $days } Arbeitstag (gezählt in der Zeitzone { $zone }) mit { $details }.
   *[other] Wir antworten innerhalb von { $days } Arbeitstagen (gezählt in der Zeitzone { $zone }) mit { $details }.
}
page-reward-minimum = Die kleinste Belohnung beträgt { $minimum }.
page-see-hall-of-fame = Sehen Sie sich auch unsere { $link } an.
page-hall-of-fame-link = Danksagungen (Hall of Fame)
page-holidays = Neben den Wochenenden sind auch diese Tage keine Arbeitstage: { $days }.
page-rules = Worum wir Sie bitten
page-scope = Geltungsbereich
page-all-in-scope = Alle unsere Systeme liegen im Geltungsbereich.
page-in-scope = Im Geltungsbereich:
page-out-of-scope = Außerhalb des Geltungsbereichs oder nicht als Schwachstelle gewertet:
page-fields = Was eine Meldung enthält
page-field-required = { $label } (Pflichtangabe): { $hint }
page-field-optional = { $label } (freiwillige Angabe): { $hint }
page-attachments = { $files ->
    [one] Höchstens { $files } Anhang, insgesamt { $size }. Meldungen können in folgenden Sprachen verfasst werden: { $languages }.
   *[other] Bis zu { $files } Anhänge, insgesamt { $size }. Meldungen können in folgenden Sprachen verfasst werden: { $languages }.
}
page-key = Unser OpenPGP-Schlüssel
page-fingerprint = Fingerabdruck: { $fingerprint }
page-download-key = { $link } (auch in unserem Web Key Directory veröffentlicht).
page-download-key-link = Schlüssel herunterladen
page-staff-keys = Jede Meldung wird außerdem mit den persönlichen Schlüsseln der Mitglieder unseres Sicherheitsteams verschlüsselt:
page-trust = Was diese Seite beweisen kann
page-trust-form = Das Formular oben verschlüsselt Ihre Meldung in Ihrem Browser und prüft die Schlüssel, die es erhält, anhand der Fingerabdrücke auf dieser Seite. Diese Seite, der Code des Formulars und die Schlüssel stammen jedoch alle vom Meldeserver: Wer diesen Server kontrolliert, könnte sie alle gemeinsam ändern, ohne dass hier irgendetwas darauf hinweisen würde.
page-trust-check = Um sicherzugehen, vergleichen Sie den Fingerabdruck oben mit einem, der an einer Stelle veröffentlicht ist, die der Server nicht kontrolliert (auf der eigenen Website der Organisation oder in einer signierten security.txt), oder melden Sie über das Formular auf der eigenen Website der Organisation, sofern diese das { $pinned } Snippet einbettet: Dort prüft Ihr Browser jede Datei des Formulars und die Schlüssel anhand von Hashwerten, die in dieser Seite festgeschrieben sind, bevor irgendetwas ausgeführt wird.
page-trust-pinned = festgeschriebene
page-hall-of-fame-title = { $organisation } – Danksagung (Hall of Fame)
page-hall-of-fame-intro = Personen, die uns gemäß unserer { $link } Schwachstellen gemeldet haben. Vielen Dank!
page-hall-of-fame-policy-link = Melderichtlinie
page-hall-of-fame-empty = Bisher wurden keine Danksagungen veröffentlicht.
page-hall-of-fame-feed = JSON-Feed
