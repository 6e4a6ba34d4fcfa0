# Interfaceteksten van Agora, Nederlands (vertaald uit het Engelse referentiebestand).

skip-to-content = Naar de inhoud
nav-main = Hoofdmenu
nav-language = Taal
nav-notifications = Meldingen
nav-admin = Beheer
nav-sign-in = Aanmelden
nav-sign-up = Registreren
nav-sign-out = Afmelden
footer-text = Agora, een open platform waar een stad en haar inwoners samen beslissen.
back-home = Terug naar de startpagina

home-title = Laat je stem horen in je stad
home-intro = Neem deel aan de projecten van je stad: deel ideeën, bespreek ze en zie wat de stad ermee doet.
home-projects = Projecten
home-no-projects = Er zijn nog geen projecten.
home-trending = Populaire ideeën
current-phase = Nu
stage-archived = Gearchiveerd: de inspraak is afgelopen.
stage-no-phases = Nog geen fase gepland
stage-upcoming = Begint op { $date }
stage-between = Volgende fase begint op { $date }
stage-finished = Afgelopen
project-status-draft = Concept
project-status-published = Gepubliceerd
project-status-archived = Gearchiveerd

timeline = Tijdlijn
phase-now = Nu
open-ended = zonder einddatum
method-information = Informatie
method-ideation = Ideeën en discussie
ideas = Ideeën
ideas-count = { $count ->
    [one] { $count } idee
   *[other] { $count } ideeën
}
no-ideas = Nog geen ideeën.
no-ideas-match = Geen enkel idee past bij deze zoekopdracht of filters.
post-idea = Idee indienen
edit-idea = Je idee bewerken
publish-idea = Idee publiceren
search = Zoeken
sort = Sorteren op
sort-trending = Populair
sort-popular = Meeste likes
sort-newest = Nieuwste
sort-oldest = Oudste
sort-most_discussed = Meest besproken
sort-random = Willekeurig
topic = Thema
topics = Thema's
area = Gebied
areas = Gebieden
no-area = Geen specifiek gebied
status = Status
all = Alle
apply-filters = Ideeën tonen
next-page = Meer ideeën
by = door

like = Vind ik leuk
likes = Likes
dislike = Vind ik niet leuk
dislikes = Dislikes
you-like = Jij vindt dit goed
you-dislike = Jij vindt dit niet goed
comments = Reacties
follow = Volgen
unfollow = Niet meer volgen
edit = Bewerken
delete = Verwijderen
save = Opslaan
cancel = Annuleren
add = Toevoegen
hide = Verbergen
unhide = Opnieuw tonen
hidden = Verborgen
new = Nieuw
location = Locatie
location-optional = Locatie op de kaart (optioneel)
latitude = Breedtegraad
longitude = Lengtegraad
markdown-hint = Je kan Markdown gebruiken: **vet**, *cursief*, lijsten en links.

official-feedback = Officiële reactie
no-feedback = De stad heeft nog niet op dit idee gereageerd.
staff-panel = Voor medewerkers
set-status = Status wijzigen
feedback-body = Officiële reactie
feedback-author = Beantwoord door (bv. Stad Gent)
post-feedback = Reactie publiceren

reply = Antwoorden
your-reply = Je antwoord
post-reply = Antwoord plaatsen
your-comment = Je reactie
post-comment = Reactie plaatsen
edit-comment = Je reactie bewerken
comment-deleted = Deze reactie is verwijderd.
sign-in-to-comment = Meld je aan om te reageren.
guest = gast
guest-name = Je naam
guest-hint = Je doet mee als gast, zonder account: deze naam staat bij wat je schrijft. Met een account kan je het later ook aanpassen en hoor je wie reageert.
guest-sign-up = Liever een account maken

no-notifications = Je hebt geen meldingen.
mark-all-read = Alles als gelezen markeren
notification-status_changed = "{ $idea }" heeft nu de status: { $status }.
notification-official_feedback = De stad heeft gereageerd op "{ $idea }".
notification-comment_reply = { $actor } heeft geantwoord op je reactie bij "{ $idea }".
notification-comment_on_your_idea = { $actor } heeft gereageerd op je idee "{ $idea }".
notification-comment_on_followed_idea = { $actor } heeft gereageerd op "{ $idea }", dat je volgt.

setup-title = De eerste beheerder aanmaken
have-account = Heb je al een account?
no-account = Nog geen account?

field-name = Naam
field-email = E-mailadres
field-password = Wachtwoord (minstens 8 tekens)
field-title = Titel
field-body = Je idee
field-description = Beschrijving
field-slug = Webadres (slug)
field-project-status = Zichtbaarheid
field-start = Eerste dag
field-end = Laatste dag (leeg: zonder einddatum)
field-method = Wat inwoners in deze fase doen
participation = Participatie
posting-enabled = Inwoners kunnen ideeën indienen
commenting-enabled = Inwoners kunnen reageren
reacting-enabled = Inwoners kunnen likes geven
disliking-enabled = Inwoners kunnen dislikes geven
new-project = Nieuw project
create-project = Project aanmaken
view-project = Projectpagina bekijken
new-phase = Nieuwe fase
add-phase = Fase toevoegen
moderators = Moderators
add-moderator = Een moderator toevoegen
new-topic = Nieuw thema
new-area = Nieuw gebied
rename = Hernoemen

field-required = Dit veld is verplicht.
field-too_long = Dit is te lang (maximaal { $limit } tekens).
field-too_short = Dit is te kort (minstens { $limit } tekens).
field-invalid = Deze waarde is niet geldig.
field-too_common = Dit wachtwoord hoort bij de eerste die iemand zou raden. Kies een langer of minder gewoon wachtwoord.
field-unknown_locale = Deze taal wordt niet ondersteund.
field-not_found = Dit bestaat niet.
field-taken = Dit is al in gebruik.
field-before_start = Het einde moet na het begin komen.

error-title-400 = Ongeldig verzoek
error-title-401 = Meld je aan
error-title-403 = Niet toegestaan
error-title-404 = Pagina niet gevonden
error-title-405 = Hier niet mogelijk
error-title-409 = Conflict
error-title-413 = Te groot
error-title-422 = Controleer je invoer
error-title-429 = Te veel pogingen
error-title-500 = Er is iets misgegaan
error-title-502 = De aanmelddienst antwoordt niet
error-invalid_input = Sommige velden vragen je aandacht.
error-malformed_json = De inhoud van het verzoek is geen geldige JSON.
error-payload_too_large = Het verzoek is te groot.
error-not_signed_in = Meld je eerst aan.
error-forbidden = Je hebt geen toestemming om dit te doen.
error-not_found = We konden deze pagina niet vinden.
error-method_not_allowed = Dit adres aanvaardt dit soort verzoek niet.
error-email_taken = Er bestaat al een account met dit e-mailadres.
error-slug_taken = Een ander project gebruikt dit webadres al.
error-invalid_credentials = Het e-mailadres of het wachtwoord klopt niet.
error-rate_limited = Te veel pogingen. Wacht even en probeer het opnieuw.
error-rate_limited-wait = Te veel pogingen. Probeer het opnieuw over { $minutes ->
        [one] één minuut
       *[other] { $minutes } minuten
    }.
error-csrf_failed = Dit formulier is verlopen of kwam van een andere site. Laad de pagina opnieuw en probeer het nog eens.
error-phases_overlap = De fases van een project mogen niet overlappen.
error-posting_not_allowed = In dit project kan je momenteel geen ideeën indienen.
error-commenting_not_allowed = In dit project kan je momenteel niet reageren.
error-reacting_not_allowed = In dit project kan je momenteel geen likes geven.
error-disliking_not_allowed = In dit project kan je momenteel geen dislikes geven.
error-setup_done = Dit platform heeft al een beheerder.
error-setup_token_required = Dit platform wordt ingesteld met de link die de beheerder kreeg bij het starten van Agora (`agora serve` toont hem).
error-editing_closed = Dit idee kan niet meer worden gewijzigd: de fase voor ideeën is afgelopen.
error-answered_idea = De stad heeft op dit idee geantwoord, dus het blijft staan; je kunt het wel intrekken.
error-internal = Er ging bij ons iets mis. Niets van wat je verstuurde, is verloren: probeer het opnieuw.

# After something was done (?done=...)
done-idea-deleted = Het idee is verwijderd.
done-idea-withdrawn = Het idee is ingetrokken.
done-comment-deleted = De reactie is verwijderd.
done-phase-deleted = De fase is verwijderd.
done-phase-saved = De fase is bewaard.
done-topic-deleted = Het thema is verwijderd.
done-area-deleted = Het gebied is verwijderd.
done-moderator-added = De moderator is toegevoegd.
done-moderator-removed = De moderator is verwijderd.
done-token-revoked = Het token is ingetrokken.

# Confirmations and the back office
remove = Verwijderen
remove-moderator = Verwijderen als moderator
no-moderators = Nog geen moderators.
unconfirmed-emails = E-mailadressen worden nog niet bevestigd: iedereen kan zich met eender welk adres inschrijven. Vraag na of het account van de persoon is voor je een rol geeft.
find-person = Zoek een persoon op naam of e-mail
no-person-found = Niemand gevonden.
account-made = account gemaakt op
email-unconfirmed = e-mail niet bevestigd
already-moderator = al moderator
make-moderator = Moderator maken
edit-phase = De fase bewerken
delete-phase = De fase verwijderen
delete-idea = Het idee verwijderen
delete-comment = De reactie verwijderen
delete-topic = Het thema verwijderen
delete-area = Het gebied verwijderen
confirm-delete-idea = Het idee "{ $title }" verwijderen?
confirm-delete-idea-detail = { $comments ->
        [one] Eén reactie
       *[other] { $comments } reacties
    } en { $reactions ->
        [one] één stem
       *[other] { $reactions } stemmen
    } worden mee verwijderd. Dit kan niet ongedaan worden gemaakt.
confirm-delete-comment = Deze reactie verwijderen?
confirm-delete-phase = De fase "{ $title }" verwijderen?
confirm-delete-phase-detail = De ideeën die tijdens deze fase zijn ingediend, blijven in het project.
confirm-delete-topic = Het thema "{ $title }" verwijderen?
confirm-delete-area = Het gebied "{ $title }" verwijderen?
confirm-delete-tag-detail = { $ideas ->
        [one] Eén idee
       *[other] { $ideas } ideeën
    } en { $projects ->
        [one] één project
       *[other] { $projects } projecten
    } gebruiken het; zij verliezen het.
confirm-remove-moderator = { $name } verwijderen als moderator van "{ $project }"?

# Edits and withdrawals
edited-on = Bewerkt op { $date }
edited-by-staff-on = Bewerkt door de stad op { $date }
edited-by-staff = bewerkt door de stad
earlier-versions = Eerdere versies
revision-before-edit = Vóór de bewerking van { $date } door { $name }
revision-before-staff-edit = Vóór de bewerking door de stad van { $date } door { $name }
withdraw-idea = Het idee intrekken
confirm-withdraw-idea = Het idee "{ $title }" intrekken?
confirm-withdraw-idea-detail = De stad heeft erop geantwoord, dus het blijft zichtbaar met het antwoord, als ingetrokken.

# Your account
your-account = Je account
your-language = Je taal
language-name = Nederlands
api-tokens = API-tokens
api-tokens-intro = Programma's die Agora namens jou gebruiken, melden zich aan met een token. Elk token vervalt 90 dagen na het aanmaken; trek een token in dat je niet meer gebruikt.
no-api-tokens = Geen API-tokens.
token-made = Aangemaakt op
token-expires = vervalt op
revoke = Intrekken
sign-out-everywhere = Overal afmelden
sign-out-everywhere-intro = Beëindigt je sessies op elk toestel en trekt elk API-token in: voor een verloren telefoon of een gedeelde computer.
confirm-sign-out-everywhere = Overal afmelden?
confirm-sign-out-everywhere-detail = Je moet je op elk toestel opnieuw aanmelden, ook op dit, en programma's hebben nieuwe tokens nodig.
done-status-added = De status is toegevoegd.
idea-statuses = Statussen van ideeën
field-status-title = Naam van een nieuwe status
field-status-code = Code (kleine letters, cijfers, _ en -; gebruikt in links en de API)
field-status-color = Kleur

# Background work (the outbox)
background-work = Achtergrondwerk
jobs-waiting = { $count ->
    [one] { $count } taak wacht (meldingen om te schrijven).
   *[other] { $count } taken wachten (meldingen om te schrijven).
}
job-failing = { $attempts } keer mislukt; volgende poging { $when }
job-given-up = opgegeven op { $when } na { $attempts } pogingen
job-kind-comment_posted = Melden van een nieuwe reactie
job-kind-status_changed = Melden van een nieuwe status
job-kind-official_feedback = Melden van een officieel antwoord
job-retry = Nu opnieuw proberen
done-job-retried = De taak wordt nu opnieuw uitgevoerd.

# Stemfasen
method-voting = Stemmen
ideation-settings-hint = Voor een fase van ideeën en discussie.
voting-settings = Stemmen
voting-settings-hint = Voor een stemfase. Bedragen zijn in hele euro.
field-voting-method = Hoe inwoners stemmen
voting-method-single = Opties goedkeuren (één stem per optie)
voting-method-multiple = Een aantal stemmen verdelen
voting-method-budgeting = Een budget besteden
field-budget = Budget (nodig om een budget te besteden)
field-min-total = Minimum per stembiljet (geld, stemmen of opties)
field-max-total = Stemmen die elke inwoner verdeelt
field-max-per-option = Maximum aantal stemmen op één optie
field-max-options = Maximum aantal opties per stembiljet
field-winners = Aantal winnende opties (zonder budget)
field-rule = Regel die de winnaars bepaalt
rule-greedy = Meeste stemmen eerst (greedy)
rule-mes = Equal Shares
rule-mes-add1 = Equal Shares, aangevuld met Add1
rule-mes-card = Equal Shares, op aantal opties
rule-phragmen = Sequentiële Phragmén
live-totals = Toon de tussenstand terwijl er gestemd wordt
publish-automatically = Publiceer de uitslag zodra de fase eindigt
permissions = Wie mag deelnemen
who-may-posting = Wie mag ideeën indienen
who-may-commenting = Wie mag reageren
who-may-reacting = Wie mag liken
who-may-voting = Wie mag stemmen
permitted-by-everyone = Iedereen, zonder account
permitted-by-users = Iedereen met een account
permitted-by-confirmed = Wie een bevestigd e-mailadres heeft
permitted-by-groups = Leden van de groepen die hieronder aangevinkt zijn
permitted-by-staff = Enkel medewerkers
groups = Gebruikersgroepen
vote-now = Stemmen
ballot-heading = Jouw stembiljet
ballot-left-money = { $left } van { $total } over
ballot-used-votes = { $used } van { $total } stemmen gebruikt
ballot-used-options = { $used } van { $total } opties gekozen
ballot-chosen = { $used ->
        [one] Eén optie gekozen
       *[other] { $used } opties gekozen
    }
ballot-minimum-money = Een stembiljet moet minstens { $min } besteden.
ballot-minimum-votes = Een stembiljet moet minstens { $min } stemmen geven.
ballot-minimum-options = Een stembiljet moet minstens { $min } opties kiezen.
ballot-counted = Je stem telt. Ingediend op { $date }; je stemcode is { $code }.
ballot-changed-since = Je hebt je mandje sindsdien gewijzigd: je stem telt zoals je ze indiende, tot je opnieuw indient.
ballot-draft = Je mandje is nog niet ingediend: het telt pas mee als je het indient.
ballot-options = Opties
option-cost = Kost: { $amount }
option-votes-count = { $count ->
        [one] Tot nu toe één stem
       *[other] Tot nu toe { $count } stemmen
    }
in-basket = In je mandje
basket-add = In mijn mandje
basket-remove = Uit mijn mandje
basket-votes = Jouw stemmen voor { $title }
basket-save-votes = Geef deze stemmen
ballot-submit = Mijn stem indienen
ballot-submit-changes = Mijn wijzigingen indienen
ballot-withdraw = Mijn stem intrekken
confirm-withdraw-ballot = Je stem intrekken? Ze telt dan niet meer. Je mandje blijft, en je kan het opnieuw indienen zolang er gestemd wordt.
why-sign-in-voting = Meld je aan om te stemmen.
why-groups = Enkel leden van { $groups } kunnen hier stemmen.
why-confirm-email = Bevestig je e-mailadres om deel te nemen.
why-staff-only = In deze fase nemen enkel de medewerkers van het project deel.
done-ballot-submitted = Je stem is ingediend.
done-ballot-withdrawn = Je stem is ingetrokken.
done-basket-saved = Je mandje is bewaard.
options = Opties
no-options = Nog geen opties.
field-cost = Kost in euro
field-idea = Idee
add-option = Een idee van het project als optie toevoegen
new-option = Een nieuwe optie schrijven
save-cost = Kost bewaren
remove-option = Deze optie verwijderen
confirm-remove-option = De optie “{ $title }” uit de stemming halen? Het idee zelf blijft bestaan.
offline-votes = Stemmen op papier
field-offline-voters = Aantal mensen dat op papier stemde
save-offline-votes = Papieren stemmen bewaren
done-option-saved = De optie is bewaard.
done-option-removed = De optie is verwijderd.
done-offline-saved = De papieren stemmen zijn bewaard.
manage-options = Opties, papieren stemmen en uitslag
group-name = Naam van de groep
create-group = Groep aanmaken
group-members = Leden
members-count = { $count ->
        [one] Eén lid
       *[other] { $count } leden
    }
no-groups = Nog geen groepen.
no-members = Nog geen leden.
add-member = Aan de groep toevoegen
remove-member = Uit de groep verwijderen
delete-group = Deze groep verwijderen
confirm-delete-group = De groep “{ $name }” verwijderen? De leden blijven bestaan; fasen die voor de groep open stonden, laten hen niet meer toe.
confirm-remove-member = { $name } uit de groep “{ $group }” verwijderen?
done-group-created = De groep is aangemaakt.
done-group-deleted = De groep is verwijderd.
done-member-added = De persoon is aan de groep toegevoegd.
done-member-removed = De persoon is uit de groep verwijderd.
error-voting_not_allowed = Stemmen kan hier momenteel niet.
error-email_not_confirmed = Bevestig je e-mailadres om deel te nemen.
error-not_in_group = Dit staat enkel open voor leden van bepaalde groepen.
error-staff_only = Enkel de medewerkers van het project kunnen dit hier doen.
error-not_an_option = Dit is geen optie van deze stemming.
error-over_option_cap = Zoveel stemmen kan één optie niet krijgen.
error-too_many_options = Je stembiljet bevat al zoveel opties als toegelaten.
error-too_many_votes = Je hebt geen stemmen meer over.
error-over_budget = Dan ga je over het budget: haal eerst een optie weg.
error-under_minimum = Je stembiljet haalt het minimum nog niet.
error-empty_basket = Je mandje is leeg: kies minstens één optie.
error-option_has_votes = Inwoners kozen deze optie, dus ze blijft in de stemming.
why-shared-cost = Gefinancierd: { $voters } stemmers deelden de kost.
why-by-votes = Gefinancierd: het had meer stemmen dan de opties erna, en paste in wat er van het budget over was.
why-by-votes-places = Gekozen: het had meer stemmen dan de opties erna.
why-completion = Gefinancierd met het geld dat de regel overliet, in volgorde van stemmen.
why-spent-elsewhere = Niet gefinancierd: het geld van wie ervoor stemde, ging naar { $options }, die meer van hen verkozen.
why-no-room = Niet gefinancierd: toen het aan de beurt was, dekte wat van het budget over was de kost niet.
why-no-place = Niet gekozen: opties met meer stemmen namen alle plaatsen in.
why-no-votes = Niet gefinancierd: niemand stemde ervoor.
list-and = { $first } en { $second }
notification-vote_results = De uitslag van de stemming “{ $phase }” is bekend.
notification-vote_reminder = Je mandje in de stemming “{ $phase }” is nog niet ingediend: de stemming eindigt binnen enkele dagen.
error-voting_still_open = De stemming loopt nog: de uitslag volgt als ze afgelopen is.
error-results_not_published = De uitslag van deze stemming is nog niet gepubliceerd.
job-kind-count_votes = De stemmen van een fase tellen
see-results = Bekijk de uitslag
results = Uitslag
results-computing = De stemmen worden geteld. Deze pagina toont de uitslag zodra de telling klaar is.
results-progress = Telling bezig: tot nu toe { $funded } opties voor { $spent } van { $budget }.
results-rule = De winnaars zijn gekozen met de regel
results-voters = { $online } mensen stemden online en { $offline } op papier.
results-spent = De winnaars kosten { $spent } van het budget van { $budget }.
results-chart = Stemmen per optie; de winnaars in donkerblauw.
results-chart-caption = Stemmen per optie, online en op papier; winnaars zijn donkerblauw.
results-votes = Stemmen
results-cost = Kost
results-why = Waarom
results-won = Gewonnen
results-on-paper = op papier
results-check = Controleer de telling zelf
results-check-hint = Elk stembiljet wordt zonder naam gepubliceerd, onder zijn stemcode. Download het bestand en tel opnieuw met de open regels van Agora.
results-download = Download de stembiljetten (Pabulib-bestand .pb)
results-rerun = Tel ze opnieuw met:
results-log-head = Laatste hash van het stemlogboek:
results-your-code = Jouw stemcode
results-find-ballot = Zoek mijn stembiljet
ballot-found = Dit stembiljet telde mee. Het koos: { $options }.
ballot-not-found = Geen meegeteld stembiljet heeft deze code.
publish-results = Stemmen tellen en de uitslag publiceren
count-needs-end = De stemmen kunnen geteld worden zodra de fase afgelopen is.
results-not-counted = Nog niet geteld.
results-published-on = Gepubliceerd op { $date }.
done-count-started = De stemmen worden geteld: de uitslag verschijnt zodra de telling klaar is.
groups-intro = Een fase kan een actie (stemmen, ideeën indienen…) openstellen voor enkel de leden van bepaalde groepen.
manage-groups = Gebruikersgroepen beheren
already-member = al lid
results-download-log = Download het stemlogboek (elke indiening, wijziging en intrekking, zonder namen)
results-verify = Controleer dat het logboek klopt tot de hash hierboven, en dat de gepubliceerde stembiljetten de opgetekende zijn:
import-vote = Een stemming importeren uit een Pabulib-bestand
import-vote-hint = Voor een stemming op papier of op een ander platform: elk project uit het bestand wordt een optie, elk stembiljet een meegeteld stembiljet, en de fase neemt het budget van het bestand over.
field-pb-file = Het .pb-bestand
import-failed = Het bestand kon niet geïmporteerd worden:
done-vote-imported = De stemming is geïmporteerd.
error-vote_not_empty = Deze fase heeft al opties of stembiljetten: importeer in een lege stemfase.
carry-over = De aangevinkte ideeën als opties toevoegen
no-ideas-to-carry = Elk idee van het project is al een optie.
compare-rules = De regels vergelijken
compare-rules-hint = Bekijk wat elke regel zou financieren met de stembiljetten tot nu toe (of de geïmporteerde) voor je er een kiest. Add1 duurt bij een grote stemming enkele minuten.
comparison-computing = De regels worden vergeleken; laad deze pagina zo dadelijk opnieuw.
comparison-caption = Wat elke regel financiert, met { $ballots } stembiljetten
comparison-spent = Besteed
done-comparison-started = De regels worden vergeleken.
job-kind-compare_rules = De regels van een stemming vergelijken
field-too_small = Dit moet minstens { $limit } zijn.
field-too_large = Dit mag hoogstens { $limit } zijn.
option-too-dear = Meer dan de { $left } die in je mandje over is.
# Mail
mail-footer = Je krijgt deze mail van { $site } omdat je daar een account hebt.
mail-footer-account = Je krijgt deze mail van { $site } over je account. Heb je er niet om gevraagd, dan mag je hem negeren.
mail-confirm-email-subject = Bevestig je e-mailadres voor { $site }
mail-confirm-email-body = Hallo { $name },

    Bevestig dat { $email } jouw adres is, zodat { $site } je kan schrijven over waar je aan deelneemt. De link werkt { $hours } uur.
mail-confirm-email-action = Mijn adres bevestigen
mail-reset-password-subject = Een nieuw wachtwoord voor { $site }
mail-reset-password-body = Hallo { $name },

    Iemand (hopelijk jij) vroeg een nieuw wachtwoord voor je account op { $site }. De link werkt één keer, { $hours } uur lang. Zolang je hem niet gebruikt, blijft je wachtwoord wat het is.
mail-reset-password-action = Een nieuw wachtwoord kiezen
mail-change-email-subject = Bevestig je nieuwe e-mailadres voor { $site }
mail-change-email-body = Hallo { $name },

    Bevestig dat { $email } je nieuwe adres is op { $site }. Tot dan schrijven we naar het oude. De link werkt { $hours } uur.
mail-change-email-action = Mijn nieuwe adres bevestigen
mail-kind-confirm-email = Bevestiging van het adres
mail-kind-reset-password = Nieuw wachtwoord
mail-kind-change-email = Bevestiging van een nieuw adres
job-kind-send_mail = Een mail versturen
# Accounts by mailed link
confirm-email-title = Bevestig je e-mailadres
confirm-email-intro = Eén klik, en je adres is bevestigd.
confirm-email-button = Mijn adres bevestigen
link-broken-title = Deze link werkt niet meer
link-broken-confirm = Hij werd al gebruikt, hij is verlopen, of een nieuwere link verving hem.
link-broken-sign-in = Meld je aan om een nieuwe link te vragen
link-broken-reset = Hij werd al gebruikt, hij is verlopen, of een nieuwere link verving hem. Vraag een nieuwe: die komt meteen.
reset-ask-again = Een nieuwe link vragen
resend-confirmation = Stuur me een nieuwe link
reset-password-title = Wachtwoord vergeten?
reset-password-intro = Geef het e-mailadres van je account: we mailen je een link om een nieuw wachtwoord te kiezen. Hij werkt { $hours } uur lang.
send-reset-link = Stuur me een link
new-password-title = Kies een nieuw wachtwoord
new-password-intro = Hierna meld je je overal aan met het nieuwe wachtwoord: elk toestel dat met het oude aangemeld is, wordt afgemeld.
field-new-password = Nieuw wachtwoord (minstens 8 tekens)
field-current-password = Huidig wachtwoord
set-password = Mijn nieuwe wachtwoord bewaren
forgot-password = Wachtwoord vergeten?
email-confirmed = Je e-mailadres is bevestigd.
email-not-confirmed = Je e-mailadres is nog niet bevestigd: volg de link die we ernaar mailden.
confirm-reminder = Bevestig je e-mailadres: we mailden je een link.
confirm-reminder-link = Je account
change-password = Mijn wachtwoord wijzigen
change-password-hint = Elk ander toestel dat met je account aangemeld is, wordt afgemeld; dit blijft aangemeld.
sign-out-elsewhere = Afmelden op andere toestellen
sign-out-elsewhere-intro = Beëindigt elke andere sessie en API-sleutel van je account; deze browser blijft aangemeld.
field-wrong = Dit klopt niet.
error-link_invalid = Deze link werkt niet meer: hij werd al gebruikt, hij is verlopen, of een nieuwere link verving hem.
done-email-confirmed = Je e-mailadres is bevestigd. Dank je.
done-confirmation-sent = Een nieuwe link is onderweg naar je mailbox.
done-reset-link-sent = Als een account dit adres gebruikt, is er een link onderweg om een nieuw wachtwoord te kiezen.
done-password-reset = Je nieuwe wachtwoord is bewaard. Meld je ermee aan.
done-password-changed = Je nieuwe wachtwoord is bewaard. Andere toestellen zijn afgemeld.
done-signed-out-elsewhere = Elk ander toestel is afgemeld.
done-mail-retried = De mail wordt opnieuw verstuurd.
# Outgoing mail (staff)
outgoing-mail = Uitgaande mail
outgoing-mail-intro = Elke mail die het platform verstuurt, de nieuwste eerst. Een mail die niet weg kan, wordt opnieuw geprobeerd, steeds minder vaak, zo'n zes uur lang; daarna staat hij als mislukt in de lijst met zijn fout, en kun je hem opnieuw starten zodra de oorzaak verholpen is.
mail-show-all = Alle mail tonen
mail-show-unsent = Enkel mail die nog niet verstuurd is
no-mail = Nog geen mail.
older-mail = Oudere mail
mail-retry = Opnieuw versturen
mail-state-sent = Verstuurd { $when }.
mail-state-waiting = Wacht om verstuurd te worden (sinds { $when }).
mail-state-retrying = Nog niet verstuurd: { $attempts } poging(en) mislukt; wordt opnieuw geprobeerd.
mail-state-failed = Mislukt na { $attempts } pogingen; wordt niet meer geprobeerd.
# Notification mails and their settings
mail-notification-body = Hallo { $name },

    { $what }
mail-notification-action = Bekijk het op { $site }
mail-stop-these = Geen mails als deze meer
mail-settings = Mail die ik krijg
mail-settings-intro = Mail me wanneer:
mail-choice-status_changed = een idee dat ik volg (ook het mijne) een nieuwe status krijgt
mail-choice-official_feedback = de stad een idee beantwoordt dat ik volg (ook het mijne)
mail-choice-comment_reply = iemand op mijn reactie antwoordt
mail-choice-comment_on_your_idea = iemand op mijn idee reageert
mail-choice-comment_on_followed_idea = iemand reageert op een idee dat ik volg
mail-choice-vote_results = de uitslag bekend is van een stemming waaraan ik deelnam
mail-choice-vote_reminder = mijn mandje in een stemming een paar dagen voor het einde nog niet ingediend is
mail-choice-digest = eens per week, wat er nieuw is in de projecten die ik kan zien
mail-choice-all = alle mail behalve die over je account.
mail-stop-all = Geen mail meer
mail-stop-all-intro = Of krijg helemaal geen mail (behalve over je account: een vergeten wachtwoord, een nieuw adres).
unsubscribe-title = Geen mails meer
unsubscribe-intro = Eén klik, en we sturen je geen mails meer over:
unsubscribe-button = Deze mails stoppen
unsubscribe-done = Klaar: geen mails meer over
unsubscribe-broken = Deze link werkt niet. Kies hier je mails:
done-mail-settings-saved = Je keuzes zijn bewaard.
done-mail-stopped = Je krijgt geen mail meer van ons, behalve over je account.
mail-kind-status-changed = Nieuwe status
mail-kind-official-feedback = Officieel antwoord
mail-kind-comment-reply = Antwoord op een reactie
mail-kind-comment-on-your-idea = Reactie op een eigen idee
mail-kind-comment-on-followed-idea = Reactie op een gevolgd idee
mail-kind-vote-results = Uitslag van een stemming
mail-kind-vote-reminder = Mandje niet ingediend
change-email = Mijn e-mailadres wijzigen
field-new-email = Nieuw e-mailadres
change-email-hint = We mailen een link naar het nieuwe adres; je adres verandert wanneer je hem volgt.
done-email-change-sent = Er is een link onderweg naar het nieuwe adres: je adres verandert wanneer je hem volgt.
people = Mensen
administrator = beheerder
block = Blokkeren
unblock = Blokkering opheffen
blocked-since = Geblokkeerd sinds
confirm-block = { $name } blokkeren?
confirm-block-detail = Die persoon kan de site nog lezen, zoals iedereen, maar zich niet meer aanmelden, posten, reageren of stemmen; elk toestel van die persoon wordt nu afgemeld. Wat ze schreven, blijft staan. Je kunt de blokkering altijd opheffen.
done-person-blocked = De persoon is geblokkeerd en overal afgemeld.
done-person-unblocked = De blokkering is opgeheven: de persoon kan zich weer aanmelden.
error-account_blocked = Dit account is geblokkeerd. Denk je dat dit een vergissing is, neem dan contact op met de stad.
error-sign_in_failed = Aanmelden met je stadsaccount lukte niet: het antwoord kon niet worden gecontroleerd, of het aanmelden duurde te lang. Probeer het opnieuw.
error-provider_unavailable = De aanmelddienst van de stad antwoordt nu niet. Probeer het zo dadelijk opnieuw, of meld je aan met je wachtwoord.
error-provider_no_email = Je stadsaccount deelde geen e-mailadres dat het gecontroleerd heeft, en een account hier heeft er een nodig. Bevestig je e-mailadres bij je stadsaccount en sta delen toe, of registreer je hier met een wachtwoord.
sign-in-with = Aanmelden met { $provider }
sign-in-or = of
sign-in-provider-terms = Wie zich voor het eerst aanmeldt, krijgt hier een account en aanvaardt de
people-intro = Zoek mensen, en blokkeer wie het platform misbruikt.
delete-account = Mijn account verwijderen
delete-account-link = Mijn account verwijderen…
delete-account-goes = Je account verdwijnt, met je naam, je e-mailadres, je likes, de ideeën die je volgt, je meldingen en je instellingen. Je wordt overal afgemeld. Dit kan niet ongedaan gemaakt worden.
delete-account-stays = Je stembiljetten blijven meetellen, zonder je naam: een gepubliceerde uitslag verandert niet.
delete-account-content = Je ideeën en reacties:
delete-account-keep = behouden, getoond als geschreven door een voormalige deelnemer
delete-account-erase = ook verwijderen (ideeën die een keuze in een stemming zijn, blijven, zonder je naam, zodat geen stembiljet zijn keuze verliest)
delete-account-button = Mijn account definitief verwijderen
done-account-deleted = Je account is verwijderd. Bedankt om deel te nemen.
former-participant = een voormalige deelnemer
error-last_admin = Je bent de enige beheerder van het platform: maak eerst iemand anders beheerder.
privacy = Privacy
terms = Gebruiksvoorwaarden
accept-terms = Ik aanvaard de
sign-up-privacy = Wat we over je bijhouden, en waarom:
terms-version = Versie { $version }, { $date }
privacy-default = Dit platform bewaart je naam, je e-mailadres en wat je post, leuk vindt en stemt, om de participatie te laten werken waaraan je deelneemt. Je e-mailadres wordt nooit aan anderen getoond. Je kunt je account en je gegevens op elk moment verwijderen via je accountpagina. De stad die dit platform beheert, heeft nog geen eigen privacyverklaring gepubliceerd; vraag haar om details.
terms-none = De stad die dit platform beheert, heeft geen gebruiksvoorwaarden gepubliceerd.
legal-texts = Privacyverklaring en gebruiksvoorwaarden
legal-texts-intro = Schrijf de privacyverklaring en de gebruiksvoorwaarden (Markdown) in de taal van deze pagina; de andere talen behouden de hunne. Zodra er voorwaarden zijn, aanvaardt wie zich aanmeldt ze, en de aanvaarde versie wordt bijgehouden.
terms-hint = Elke keer bewaren is een nieuwe versie: wie zich vanaf nu aanmeldt, aanvaardt die.
done-legal-saved = De tekst is gepubliceerd.
mail-data-export-subject = Je gegevens op { $site }
mail-data-export-body = Hallo { $name },

    Hier is alles wat { $site } over je bijhoudt, zoals je vroeg: een JSON-bestand in een zip. De link werkt { $days } dagen.
mail-data-export-action = Mijn gegevens downloaden
mail-kind-data-export = Persoonsgegevens
job-kind-export_data = De gegevens van iemand verzamelen
your-data = Je gegevens
your-data-intro = Alles wat dit platform over je bijhoudt (je account, ideeën, reacties, likes, stembiljetten, meldingen en keuzes), als een bestand waarvan we je de link mailen.
send-my-data = Mail me mijn gegevens
done-export-requested = Je gegevens worden verzameld: een link ernaar komt per mail.
mail-digest-subject = Deze week op { $site }
mail-digest-body = Hallo { $name },

    Wat er deze week gebeurde op { $site }:
mail-digest-action = Alles bekijken op { $site }
mail-staff-digest-subject = Voor medewerkers: deze week op { $site }
mail-staff-digest-body = Hallo { $name },

    Wat er op je wacht op { $site }, project per project:
mail-staff-digest-action = Het beheer openen
mail-kind-digest = Wekelijks overzicht
mail-kind-staff-digest = Overzicht voor medewerkers
digest-idea = “{ $idea }”: { $likes ->
        [one] één like
       *[other] { $likes } likes
    }, { $comments ->
        [one] één reactie
       *[other] { $comments } reacties
    }.
digest-newest-comment = Nieuwste: { $who }: “{ $said }”
digest-new-project = Nieuw project: { $project }
digest-phase-opened = Nu open in { $project }: { $phase }
digest-staff-project = { $project }: { $waiting ->
        [one] één nieuw idee
       *[other] { $waiting } nieuwe ideeën
    } zonder antwoord, { $ballots ->
        [one] één stembiljet
       *[other] { $ballots } stembiljetten
    } ontvangen
export-people = Iedereen downloaden als rekenblad (XLSX)
export-name = Naam
export-email = E-mailadres
export-joined = Lid sinds
export-confirmed = Adres bevestigd
export-admin = Beheerder
export-blocked = Geblokkeerd sinds
yes = ja
no = nee
invite = Uitnodigen
invite-intro = Er wordt een account aangemaakt en een link gemaild om het wachtwoord te kiezen; wie hem volgt, bevestigt het adres. De link werkt een week.
invite-file = Een CSV- of XLSX-bestand
invite-file-hint = Eén persoon per regel (of rij van het rekenblad): het e-mailadres, dan (eventueel) de naam, gescheiden door een komma (of in de volgende kolom).
invite-from-file = Iedereen in het bestand uitnodigen
invitation-sent = { $email } is uitgenodigd: de link is onderweg.
invitation-has-account = { $email } heeft al een account: er is niets verstuurd.
invitations-report = { $invited } uitgenodigd, { $had } met al een account, { $refused } regels geweigerd.
invitations-refused-lines = Geweigerde regels: { $lines }.
mail-invitation-subject = Je bent uitgenodigd op { $site }
mail-invitation-body = Hallo { $name },

    { $site } nodigt je uit om deel te nemen. Kies je wachtwoord om te beginnen: de link werkt { $days } dagen.
mail-invitation-action = Mijn wachtwoord kiezen
mail-kind-invitation = Uitnodiging
your-profile = Je profiel
your-picture = Je foto
field-bio = Een paar woorden over jezelf (niet verplicht)
field-avatar = Je foto
avatar-hint = Een PNG-, JPEG-, GIF- of WebP-foto van hoogstens 5 MB. Agora bewaart een kleine vierkante kopie, zonder de verborgen gegevens van het bestand (zoals waar een foto genomen werd).
save-avatar = Deze foto gebruiken
remove-avatar = Mijn foto verwijderen
done-profile-saved = Je profiel is bewaard.
done-avatar-saved = Je foto is bewaard.
done-avatar-removed = Je foto is verwijderd.
done-names-saved = De manier waarop namen getoond worden, is bewaard.
names-heading = Hoe namen getoond worden
names-abbreviate = Namen verkort tonen op openbare pagina's ("Jane D." voor "Jane Doe")
field-not_an_image = Dit is geen foto die Agora kan lezen: kies een PNG-, JPEG-, GIF- of WebP-bestand.
field-file_too_large = Dit bestand is groter dan { $limit } MB.
who-may-answering_survey = Wie mag de enquête invullen
who-may-taking_poll = Wie mag aan de peiling deelnemen
method-survey = Enquête
method-poll = Peiling
error-answering_survey_not_allowed = Deze enquête neemt nu geen antwoorden aan.
error-taking_poll_not_allowed = Deze peiling neemt nu geen antwoorden aan.
error-already_answered = U hebt al geantwoord. Bedankt!
field-file_type = Dit soort bestand wordt niet aanvaard. Stuur een pdf, een afbeelding, een kantoordocument of een tekstbestand.
field-not_an_option = Dit is geen van de keuzes.
field-too_few = Kies meer opties.
field-too_many = Kies minder opties.
field-out_of_range = Kies een punt op de schaal.
field-incomplete = Beantwoord elk deel van deze vraag.
field-unknown_question = Deze vraag staat niet in het formulier.
field-below_minimum = Dit getal is kleiner dan het kleinste toegelaten getal.
field-above_maximum = Dit getal is groter dan het grootste toegelaten getal.
export-response = Antwoord
export-submitted = Ingediend
export-respondent = Deelnemer
export-version = Versie van het formulier
export-path = Pagina's
export-latitude = Breedtegraad
export-longitude = Lengtegraad
export-other = Andere
export-answered = Beantwoord
export-answer = Antwoord
export-count = Aantal
export-percent = Procent
export-mean = Gemiddelde
export-borda = Borda-punten
why-sign-in-answering = Meld u aan om te antwoorden.
survey-progress = Pagina { $page } van { $pages }
survey-next = Volgende
survey-back = Terug
survey-submit = Mijn antwoorden indienen
survey-required = verplicht
survey-errors = Enkele antwoorden moeten nog eens bekeken worden:
survey-other-text = Uw ander antwoord
survey-stars = sterren
survey-rank-hint = Geef elke optie haar plaats: 1 voor wat het meest telt.
survey-file-attached = Er is een bestand bijgevoegd. Kies een ander om het te vervangen.
survey-file-hint = Een pdf, een afbeelding, een kantoordocument of een tekstbestand, hoogstens 10 MB.
survey-file-sign-in = Meld u aan om een bestand bij te voegen.
survey-number-between = Een getal van { $min } tot { $max }.
survey-number-at-least = Een getal van minstens { $min }.
survey-number-at-most = Een getal van hoogstens { $max }.
survey-choose-between = Kies er { $min } tot { $max }.
survey-choose-at-least = Kies er minstens { $min }.
survey-choose-at-most = Kies er hoogstens { $max }.
survey-thanks = Bedankt, uw antwoorden zijn binnen.
survey-responses = { $count ->
    [one] Eén antwoord
   *[other] { $count } antwoorden
}
survey-answered-by = Beantwoord door { $count }
survey-filter = Alleen de antwoorden die kozen voor
survey-filter-all = Alle antwoorden
survey-search = Zoeken in de geschreven antwoorden
survey-apply = Tonen
survey-export-xlsx = XLSX downloaden
survey-export-csv = CSV downloaden
survey-statement = Stelling
survey-download = Het bestand downloaden
survey-paths = Wegen door de pagina's
answer-survey = De enquête invullen
take-poll = Aan de peiling deelnemen
survey-settings = Instellingen van enquête en peiling
survey-settings-hint = Voor een fase met een enquête of een peiling. Een peiling neemt altijd één antwoord per persoon.
survey-one-response = Eén antwoord per persoon
survey-anonymous = Anoniem: antwoorden houden geen band met de persoon
survey-results-public = Iedereen ziet de resultaten na de fase
survey-results-live = Iedereen ziet de resultaten tijdens de fase
survey-build = Vragen van het formulier
builder-back = De fase
builder-see-public = De pagina van het project bekijken
builder-poll-hint = Een peiling stelt vragen met één of meer keuzes.
builder-answered = { $count ->
    [one] Eén persoon heeft geantwoord.
   *[other] { $count } personen hebben geantwoord.
} U kunt nog vragen toevoegen en tikfouten verbeteren; een vraag met antwoorden wijzigen of verwijderen vraagt eerst bevestiging, en de antwoorden blijven in de exports.
builder-not-saved = Het formulier is niet bewaard:
builder-empty = Het formulier heeft nog geen pagina. Voeg er hieronder een toe.
builder-page-number = Pagina
builder-move-up = Naar boven
builder-move-down = Naar beneden
builder-remove = Verwijderen
builder-page-settings = Titel, tekst en waar de pagina naartoe leidt
builder-page-title = Titel van de pagina
builder-page-text = Tekst van de pagina
builder-next = Na deze pagina naar
builder-save-page = De pagina bewaren
builder-edit = Bewerken
builder-question-type = Soort vraag
builder-question-title = Vraag
builder-add-question = De vraag toevoegen
builder-logic = Sprongen
builder-add-logic = Een sprong toevoegen
builder-rule-when = Als het antwoord is
builder-rule-goto = ga naar
builder-add-rule = De sprong toevoegen
builder-add-page = Een pagina toevoegen
builder-closing = Slotboodschap
builder-save-closing = De slotboodschap bewaren
builder-goto-end = Het einde van het formulier
builder-goto-next = De volgende pagina
builder-rule = Als „{ $question }” „{ $option }” is, ga naar { $goto }.
builder-page = Pagina { $number }
builder-option = Optie
builder-edit-question = De vraag bewerken
builder-change-warning = Deze vraag heeft al antwoorden. Bewaren zal:
builder-change-removed = een vraag met antwoorden verwijderen (ze blijven in de exports);
builder-change-type_changed = de soort van een vraag met antwoorden wijzigen (de oude antwoorden blijven in de exports);
builder-change-options_removed = gekozen opties verwijderen (de antwoorden blijven in de exports).
builder-change-anyway = Toch bewaren
builder-help = Hulptekst (niet verplicht)
builder-required = Een antwoord is verplicht
builder-options = Opties
builder-remove-option = Verwijderen
builder-new-options = Nieuwe opties, één per regel
builder-other = „Andere” met een tekst aanbieden
builder-rows = Stellingen
builder-new-rows = Nieuwe stellingen, één per regel
builder-min-number = Kleinste toegelaten getal
builder-max-number = Grootste toegelaten getal
builder-min-linear_scale = Eerste punt van de schaal (0 of 1)
builder-max-linear_scale = Laatste punt van de schaal
builder-min-matrix = Eerste punt van de schaal (0 of 1)
builder-max-matrix = Laatste punt van de schaal
builder-min-multiple_choice = Minste aantal te kiezen opties
builder-max-multiple_choice = Meeste aantal te kiezen opties
builder-min-label = Wat het eerste punt betekent
builder-max-label = Wat het laatste punt betekent
builder-save-question = De vraag bewaren
confirm-remove-question = Deze vraag verwijderen?
confirm-remove-page = Deze pagina en haar vragen verwijderen?
builder-answers-stay = { $count ->
    [one] Eén persoon heeft het formulier beantwoord: de antwoorden blijven in de exports.
   *[other] { $count } personen hebben het formulier beantwoord: de antwoorden blijven in de exports.
}
question-type-short_text = Korte tekst
question-type-long_text = Lange tekst
question-type-number = Getal
question-type-single_choice = Eén keuze
question-type-multiple_choice = Meerdere keuzes
question-type-linear_scale = Lineaire schaal
question-type-rating = Beoordeling
question-type-ranking = Rangschikking
question-type-matrix = Matrix
question-type-date = Datum
question-type-point = Punt op een kaart
question-type-file = Bestand opladen
field-answered = Dit kan niet meer veranderen nu er mensen geantwoord hebben.
survey-filtered = Alleen de antwoorden die kozen voor:
survey-filter-remove = Deze filter weghalen
survey-filter-also = Ook alleen wie koos voor
