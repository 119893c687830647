# Sealdrop: every string the reporter reads, in English. Each other catalogue has the same
# messages and attributes (tests/it/i18n.rs). Placeholders are { $name }; a number that decides a
# plural is selected on with [one] / *[other].

## Dates, times and sizes

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
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

frame-title = Report a security vulnerability
loading-policy = Loading the reporting policy…
fatal-title = The form cannot be used
language-switch = Language
modes = What would you like to do?
mode-report = Report a vulnerability
mode-follow-up = Follow up on a report
a-staff-member = A member of the security team

## The policy

policy-title = Report a vulnerability to { $organisation }
policy-promises = What we promise
# $days business days, counted in $zone (a time zone name such as Europe/Amsterdam).
policy-response = { $days ->
    [one] We respond within { $days } business day ({ $zone }).
   *[other] We respond within { $days } business days ({ $zone }).
}
# As policy-response, with what the answer contains ($details, the policy's own words).
policy-response-details = { $days ->
    [one] We respond within { $days } business day ({ $zone }) with { $details }.
   *[other] We respond within { $days } business days ({ $zone }) with { $details }.
}
policy-reward-minimum = { $reward } (at least { $minimum })
policy-retention = { $days ->
    [one] We delete your report, its attachments and our messages with you { $days } day after the case is closed, unless the law requires us to keep them.
   *[other] We delete your report, its attachments and our messages with you { $days } days after the case is closed, unless the law requires us to keep them.
}
policy-scope = Scope
policy-in-scope = In scope:
policy-all-in-scope = All of our systems and services.
policy-out-of-scope = Not considered vulnerabilities
policy-rules = Rules you agree to
policy-languages = Languages you may write in: { $languages }.

## Who can read the report

trust-title = Who can read your report
trust-encrypted = Encrypted in your browser.
trust-encrypted-detail = Your report and files are encrypted here before anything is sent; the reporting server stores only ciphertext. Only these keys can decrypt it:
trust-checking = Checking the keys…
trust-organisation-key = { $name } (organisation key):
trust-staff-key = { $name } (security staff):
trust-pinned-code = This page pinned the form's code and these keys by their hashes: your browser checked every file before running it, so not even whoever runs the reporting server could change them unnoticed.
trust-pinned-keys = This page pinned these keys, but not the form's code: whoever runs the reporting server could change the code. The organisation can embed the pinned form instead.
trust-pinned-nothing = Nothing on this page pins the form's code or keys: you are trusting whoever runs the reporting server. Compare the fingerprints with ones the organisation publishes elsewhere.

## The report form

form-title = Your report
form-summary = { $count ->
    [one] { $count } field needs your attention before the report can be sent.
   *[other] { $count } fields need your attention before the report can be sent.
}
form-required = (required)
form-optional = (optional)
form-submit = Encrypt and send report
form-cancel = Cancel
form-retry = Send the same encrypted report again
choose-prompt = Choose…

## Fields: the label is the message, the hint its .hint, a select's empty entry its .prompt

field-title = Title
    .hint = One line that summarises the problem.
field-vulnerability-type = Type of vulnerability
    .hint = The closest category.
    .prompt = Choose a type…
field-weakness = Weakness (CWE)
    .hint = The CWE entry that fits best: the 2025 Top 25 are listed first; type a number or words to search the rest.
field-severity = Severity (CVSS vector)
    .hint = A CVSS 3.1 or 4.0 base vector: paste one or build it with the calculator below; its score is shown as you type.
field-product = Product
    .hint = The product with the vulnerability.
    .prompt = Choose a product…
field-affected-versions = Affected versions
    .hint = For example 2.3.0 to 2.4.1, or every version since 2.0.
field-fixed-version = Fixed in version
    .hint = If you know of a version that fixes it.
field-affected = Affected URL, host or IP address
    .hint = For example https://app.example.com/login, api.example.com or 192.0.2.10.
field-description = Description
    .hint = What is wrong, and where.
field-prerequisites = Requirements to reproduce
    .hint = Accounts, roles, settings or tools needed.
field-steps = Steps to reproduce
    .hint = Numbered steps someone else can follow.
field-impact = Impact
    .hint = What an attacker could achieve, and how they would find and exploit it.
field-exploited = I believe this is being exploited in the wild
    .hint = Tick only if you have seen signs of attacks using it. This one answer is sent unencrypted as well, so that the legal clock for exploited vulnerabilities (EU Cyber Resilience Act) starts when the report arrives.
field-proof-of-concept = Proof of concept
    .hint = Code, a request or commands that show the problem (attach longer files below).
field-attachments = Attachments
    .hint = Screenshots, logs or proof-of-concept files. Encrypted with the report.
field-contact = How can we reach you?
    .hint = E-mail or another channel. Leave empty to stay anonymous.
field-credit = Name for the hall of fame
    .hint = Your name or handle, if you want public credit.
field-ai-assistance = Did you use AI tools to find this or to write the report?
    .hint = An honest answer helps us triage; it does not count against the report.
    .prompt = Choose an answer…
field-verified-by-hand = What did you verify by hand?
    .hint = Required if AI tools helped: which steps you ran yourself and what you saw.
field-consent = I have read the rules above and agree to them
    .hint = { "" }

# The options of the vulnerability type, in the order of shared::field::VULNERABILITY_TYPES.
vulnerability-type-1 = Cross-site scripting (XSS)
vulnerability-type-2 = SQL or other injection
vulnerability-type-3 = Remote code execution
vulnerability-type-4 = Authentication or session flaw
vulnerability-type-5 = Broken access control / IDOR
vulnerability-type-6 = Cross-site request forgery (CSRF)
vulnerability-type-7 = Server-side request forgery (SSRF)
vulnerability-type-8 = Information disclosure
vulnerability-type-9 = Cryptographic weakness
vulnerability-type-10 = Misconfiguration
vulnerability-type-11 = Denial of service
vulnerability-type-12 = Other
# The options of the AI question, in the order of shared::field::AI_ASSISTANCE.
ai-assistance-1 = No
ai-assistance-2 = Yes, to find the problem
ai-assistance-3 = Yes, to write the report
ai-assistance-4 = Yes, to find the problem and to write the report

## Problems with a field

problem-required = This field is required.
problem-too-long = At most { $max } characters (this has { $actual }).
problem-control-characters = Contains control characters that are not allowed.
problem-unknown-choice = Choose one of the listed types.
problem-not-a-target = Enter a URL (https://…), a host name or an IP address.
problem-out-of-scope = { $target } is not in scope. In scope: { $scope }.
problem-too-many-files = { $max ->
    [one] At most { $max } file (you attached { $actual }).
   *[other] At most { $max } files (you attached { $actual }).
}
problem-too-large = All files together may be at most { $max }; these are { $actual }.
problem-empty-file = The file { $name } is empty.
problem-file-name = The name of the file { $name } contains control characters or bidirectional overrides; rename it.
problem-unknown-product = Choose one of the listed products.
problem-cvss = Not a CVSS 3.1 or 4.0 vector ({ $reason }). Paste one such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H.
problem-cwe = “{ $text }” is not a weakness of CWE { $version }. Pick one from the list, or type its number such as CWE-79.
problem-no-consent = Please confirm that you agree to the rules.

## Severity: the calculator

cvss-calculate = Calculate the vector
cvss-version = CVSS version
cvss-left = { $count ->
    [one] Choose the last metric to fill in the vector.
   *[other] Choose { $count } more metrics to fill in the vector.
}
# $score 9.3, $rating a rating below, $version 4.0.
cvss-summary = { $score } { $rating } (CVSS { $version })
cvss-rating-none = None
cvss-rating-low = Low
cvss-rating-medium = Medium
cvss-rating-high = High
cvss-rating-critical = Critical
# Metric names (shared::severity): the message is the name, then (code).
cvss-metric-av = Attack Vector
cvss-metric-ac = Attack Complexity
cvss-metric-at = Attack Requirements
cvss-metric-pr = Privileges Required
cvss-metric-ui = User Interaction
cvss-metric-s = Scope
cvss-metric-c = Confidentiality
cvss-metric-i = Integrity
cvss-metric-a = Availability
cvss-metric-vc = Confidentiality of the vulnerable system
cvss-metric-vi = Integrity of the vulnerable system
cvss-metric-va = Availability of the vulnerable system
cvss-metric-sc = Confidentiality of subsequent systems
cvss-metric-si = Integrity of subsequent systems
cvss-metric-sa = Availability of subsequent systems
cvss-metric-label = { $name } ({ $code })
# Metric values, by their name in the specification.
cvss-value-network = Network
cvss-value-adjacent = Adjacent
cvss-value-local = Local
cvss-value-physical = Physical
cvss-value-low = Low
cvss-value-high = High
cvss-value-none = None
cvss-value-required = Required
cvss-value-unchanged = Unchanged
cvss-value-changed = Changed
cvss-value-present = Present
cvss-value-passive = Passive
cvss-value-active = Active

## Attachments

files-list = Attached files
files-how = Choose files, drop them here, or paste a screenshot.
files-used = { $max_files ->
    [one] { $used } of { $max } used, up to { $max_files } file.
   *[other] { $used } of { $max } used, up to { $max_files } files.
}
file-remove = Remove
file-remove-named = Remove { $name }
file-badge-other = FILE

## Sending

progress-reading = Reading files ({ $n } of { $of })…
progress-encrypting = Encrypting your report in this browser…
progress-sending = Sending the encrypted report…
progress-parts = Encrypting and sending in parts: { $sent } of { $total }…
progress-parts-left = Encrypting and sending in parts: { $sent } of { $total }, { $left }…
progress-left-seconds = about { $seconds } s left
progress-left-minutes = about { $minutes } min { $seconds } s left

## The receipt

receipt-title = Thank you — your encrypted report was received
receipt-case-id = Case id
receipt-received = Received
receipt-respond-by = { $organisation } will respond by
receipt-secret = Your receipt
receipt-explain = Only this receipt opens the answers of the security team. It is not stored anywhere: if you lose it, nobody can give it back to you.
receipt-copy = Copy
receipt-save = Save as a text file
receipt-copied = Copied to the clipboard.
receipt-copy-failed = Copying failed: select the receipt and copy it.
receipt-saved-file = Saved as a text file.
receipt-save-failed = Saving failed: copy the receipt instead.
receipt-confirm = I have saved my receipt
receipt-close = Close
receipt-done = All done. To read answers about case { $case }, open this form again, choose “Follow up on a report” and enter your receipt.
receipt-file-name = sealdrop-receipt-{ $case }.txt
receipt-file =
    Sealdrop receipt for your vulnerability report to { $organisation }

    Case id: { $case }
    Receipt: { $receipt }

    Keep this receipt private. With it, and only with it, you can read the answers of the security team:
    open the reporting form, choose “Follow up on a report” and enter the receipt.

## Following up

followup-title = Follow up on a report
followup-receipt = Your receipt
followup-receipt-hint = The 32 characters you were given when you sent the report.
followup-remember = Remember my receipt on this device (only the receipt is stored, never a message)
followup-no-storage = This sealed form stores nothing on this device: keep the receipt file you saved when you sent the report.
followup-open = Open my report
followup-forget = Forget my receipt on this device
followup-looking = Looking for your report…
case-title = Case { $case }
case-respond-by = Respond-by date promised:
case-planned-disclosure = Planned disclosure:
case-progress = Progress
case-not-yet = not yet
case-triaged-as = { $status } — { $at }
case-expected-resolution = { $text }; expected resolution { $date }
case-messages = Messages
case-no-messages = No messages yet.
stage-received = Received
stage-acknowledged = Acknowledged
stage-triaged = Triaged
stage-fixing = Fixing
stage-resolved = Resolved
stage-disclosed = Disclosed
status-accepted = Triaged: accepted
status-not-a-vulnerability = Triaged: not a vulnerability
status-duplicate = Triaged: duplicate of a known report
status-out-of-scope = Triaged: out of scope
message-from-staff = The security team
message-from-you = You
message-files = Attached files
message-undecryptable = This message cannot be decrypted with your receipt.
message-decrypting = Decrypting…
signature-unpinned = Signed by { $name }'s key as the reporting server lists it (key { $key }); this page pins no keys, so compare the fingerprint with one the organisation publishes elsewhere.
signature-valid = Signed by { $name } (key { $key }).
signature-the-team = the security team
signature-own = Signed with your reply key.
signature-invalid = Warning: this message is signed, but not by the security team's keys. Do not trust what it asks of you.
signature-unsigned = Warning: this message is not signed by the security team. The reporting server, or anyone else who can post to your case, could have written it.
signature-not-own = Warning: this message is not signed with your reply key: you may not have written it.
answer-title = Answer
answer-message = Your message
answer-files = Files (optional)
answer-empty = Write a message.
answer-too-long = The message is too long (at most { $max } characters).
answer-sending = Encrypting and sending your message…
answer-submit = Encrypt and send message
answer-too-many-files = The files are larger or more than the policy allows.

## What went wrong

pin-organisation = the organisation's key ({ $actual }) is not the one this page pinned ({ $pinned })
pin-staff-key = the policy adds staff key { $fingerprint }, which this page did not pin
pin-subkey = key { $key } carries encryption subkey { $subkey }, which this page's pinned build does not
pin-malformed = this page pinned `{ $pin }`, which is not a key fingerprint (40 or 64 hex digits)
pin-no-key = the policy serves no key
error-policy-unavailable = The reporting policy could not be loaded ({ $detail }). Please try again later.
error-pin-mismatch = The keys do not match what this page pinned: { $detail }. For your safety nothing will be encrypted or sent.
error-key = The organisation's key cannot be used: { $detail }
error-file-read = The file { $name } could not be read.
error-encrypt = Encryption failed: { $detail }
error-decrypt = A message could not be decrypted: { $detail }
error-receipt-unknown = No report matches this receipt. A receipt looks like XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX; check it and try again.
error-rate-limited = { $minutes ->
    [one] Too many attempts from this connection. Please wait { $minutes } minute and try again.
   *[other] Too many attempts from this connection. Please wait { $minutes } minutes and try again.
}
error-network = The report could not be sent ({ $detail }). Check your connection and try again; it will not be stored twice.
error-unavailable = The report could not be stored just now ({ $detail }). Nothing was lost: send it again in a moment; it will not be stored twice.
error-cancelled = Cancelled. Change the report or send it again when you are ready; if it had already reached the server, sending it again will not store it twice.
error-code-integrity = The form's encryption code did not pass its integrity check ({ $detail }), so nothing was encrypted or sent. Please report the problem to the organisation another way.
error-needs-worker = Files this large are encrypted and sent in parts by the form's encryption worker, which cannot start on this page ({ $detail }). Attach at most { $size }, or send the rest once the organisation answers.
error-sealing = The report could not be encrypted: { $detail }
error-rejected = The server refused the report: { $detail } ({ $code })

## The policy page and the hall of fame (served by the worker, in the language of ?lang= or
## the browser's Accept-Language, among the policy's languages)

page-languages = Languages of this page
page-policy-title = { $organisation } — vulnerability disclosure policy
page-website = Organisation website: { $link }
page-report = Report a vulnerability
page-report-how = Use the form below. Your report and its attachments are encrypted in your browser to our key before they are sent; nobody on the way, our servers included, can read them.
page-report-email = You can also e-mail a report encrypted to the key below to { $link }.
page-promises = What we promise
page-response = { $days ->
    [one] We respond within { $days } business day (counted in the { $zone } time zone).
   *[other] We respond within { $days } business days (counted in the { $zone } time zone).
}
page-response-details = { $days ->
    [one] We respond within { $days } business day (counted in the { $zone } time zone) with { $details }.
   *[other] We respond within { $days } business days (counted in the { $zone } time zone) with { $details }.
}
page-reward-minimum = The smallest reward is { $minimum }.
page-see-hall-of-fame = See our { $link }.
page-hall-of-fame-link = hall of fame
page-holidays = Besides weekends, these days are not business days: { $days }.
page-rules = What we ask of you
page-scope = Scope
page-all-in-scope = Every system of ours is in scope.
page-in-scope = In scope:
page-out-of-scope = Not in scope, or not considered a vulnerability:
page-fields = What a report contains
page-field-required = { $label } (required): { $hint }
page-field-optional = { $label } (optional): { $hint }
page-attachments = { $files ->
    [one] Up to { $files } attachment, { $size } in total. Reports may be written in: { $languages }.
   *[other] Up to { $files } attachments, { $size } in total. Reports may be written in: { $languages }.
}
page-key = Our OpenPGP key
page-fingerprint = Fingerprint: { $fingerprint }
page-download-key = { $link } (also published in our Web Key Directory).
page-download-key-link = Download the key
page-staff-keys = Each report is also encrypted to the personal keys of our security staff:
page-trust = What this page can prove
page-trust-form = The form above encrypts your report in your browser, and it checks the keys it is given against the fingerprints on this page. But this page, the form's code and the keys all come from the reporting server: whoever controls that server could change all of them together, and nothing here could tell.
page-trust-check = To be sure, compare the fingerprint above with one published somewhere the server does not control (the organisation's own website or a signed security.txt), or report through the form on the organisation's own site if it embeds the { $pinned } snippet: there your browser checks every file of the form and the keys against hashes fixed in that page before anything runs.
page-trust-pinned = pinned
page-hall-of-fame-title = { $organisation } — hall of fame
page-hall-of-fame-intro = People who reported vulnerabilities to us under our { $link }. Thank you.
page-hall-of-fame-policy-link = disclosure policy
page-hall-of-fame-empty = No credits have been published yet.
page-hall-of-fame-feed = JSON feed
