# Textes de l'interface d'Agora, français (traduits à partir du fichier de référence anglais).

skip-to-content = Aller au contenu
nav-main = Menu principal
nav-language = Langue
nav-notifications = Notifications
nav-admin = Administration
nav-sign-in = Se connecter
nav-sign-up = S'inscrire
nav-sign-out = Se déconnecter
footer-text = Agora, une plateforme ouverte où une ville et ses habitants décident ensemble.
back-home = Retour à la page d'accueil

home-title = Donnez votre avis sur votre ville
home-intro = Participez aux projets de votre ville : partagez des idées, discutez-en et voyez ce que la ville en fait.
home-projects = Projets
home-no-projects = Il n'y a pas encore de projets.
home-trending = Idées tendance
current-phase = En cours
stage-archived = Archivé : la participation est terminée.
stage-no-phases = Pas encore de phase prévue
stage-upcoming = Commence le { $date }
stage-between = Prochaine phase le { $date }
stage-finished = Terminé
project-status-draft = Brouillon
project-status-published = Publié
project-status-archived = Archivé

timeline = Calendrier
phase-now = En cours
open-ended = sans date de fin
method-information = Information
method-ideation = Idées et discussion
ideas = Idées
ideas-count = { $count ->
    [one] { $count } idée
   *[other] { $count } idées
}
no-ideas = Pas encore d'idées.
no-ideas-match = Aucune idée ne correspond à cette recherche ou à ces filtres.
post-idea = Proposer une idée
edit-idea = Modifier votre idée
publish-idea = Publier l'idée
search = Rechercher
sort = Trier par
sort-trending = Tendance
sort-popular = Les plus aimées
sort-newest = Les plus récentes
sort-oldest = Les plus anciennes
sort-most_discussed = Les plus discutées
sort-random = Aléatoire
topic = Thème
topics = Thèmes
area = Zone
areas = Zones
no-area = Aucune zone en particulier
status = Statut
all = Tous
apply-filters = Afficher les idées
next-page = Plus d'idées
by = par

like = J'aime
likes = J'aime
dislike = Je n'aime pas
dislikes = Je n'aime pas
you-like = Vous aimez
you-dislike = Vous n'aimez pas
comments = Commentaires
follow = Suivre
unfollow = Ne plus suivre
edit = Modifier
delete = Supprimer
save = Enregistrer
cancel = Annuler
add = Ajouter
hide = Masquer
unhide = Afficher à nouveau
hidden = Masqué
new = Nouveau
location = Lieu
location-optional = Lieu sur la carte (facultatif)
latitude = Latitude
longitude = Longitude
markdown-hint = Vous pouvez utiliser Markdown : **gras**, *italique*, listes et liens.

official-feedback = Réponse officielle
no-feedback = La ville n'a pas encore répondu à cette idée.
staff-panel = Pour le personnel
set-status = Modifier le statut
feedback-body = Réponse officielle
feedback-author = Réponse de (p. ex. Ville de Gand)
post-feedback = Publier la réponse officielle

reply = Répondre
your-reply = Votre réponse
post-reply = Publier la réponse
your-comment = Votre commentaire
post-comment = Publier le commentaire
edit-comment = Modifier votre commentaire
comment-deleted = Ce commentaire a été supprimé.
sign-in-to-comment = Connectez-vous pour commenter.
guest = invité
guest-name = Votre nom
guest-hint = Vous participez en invité, sans compte : ce nom s’affiche avec ce que vous écrivez. Avec un compte, vous pouvez aussi le modifier plus tard et être averti des réponses.
guest-sign-up = Créer plutôt un compte

no-notifications = Vous n'avez aucune notification.
mark-all-read = Tout marquer comme lu
notification-status_changed = L'idée « { $idea } » a maintenant le statut : { $status }.
notification-official_feedback = La ville a répondu à « { $idea } ».
notification-comment_reply = { $actor } a répondu à votre commentaire sur « { $idea } ».
notification-comment_on_your_idea = { $actor } a commenté votre idée « { $idea } ».
notification-comment_on_followed_idea = { $actor } a commenté « { $idea } », que vous suivez.

setup-title = Créer le premier administrateur
have-account = Vous avez déjà un compte ?
no-account = Pas encore de compte ?

field-name = Nom
field-email = Adresse e-mail
field-password = Mot de passe (8 caractères minimum)
field-title = Titre
field-body = Votre idée
field-description = Description
field-slug = Adresse web (slug)
field-project-status = Visibilité
field-start = Premier jour
field-end = Dernier jour (vide : sans date de fin)
field-method = Ce que font les habitants pendant cette phase
participation = Participation
posting-enabled = Les habitants peuvent proposer des idées
commenting-enabled = Les habitants peuvent commenter
reacting-enabled = Les habitants peuvent mettre des « J'aime »
disliking-enabled = Les habitants peuvent mettre des « Je n'aime pas »
new-project = Nouveau projet
create-project = Créer le projet
view-project = Voir la page du projet
new-phase = Nouvelle phase
add-phase = Ajouter la phase
moderators = Modérateurs
add-moderator = Ajouter un modérateur
new-topic = Nouveau thème
new-area = Nouvelle zone
rename = Renommer

field-required = Ce champ est obligatoire.
field-too_long = C'est trop long ({ $limit } caractères maximum).
field-too_short = C'est trop court ({ $limit } caractères minimum).
field-invalid = Cette valeur n'est pas valide.
field-too_common = Ce mot de passe est parmi les premiers que l'on devinerait. Choisissez-en un plus long ou moins courant.
field-unknown_locale = Cette langue n'est pas prise en charge.
field-not_found = Cet élément n'existe pas.
field-taken = Cette valeur est déjà utilisée.
field-before_start = La fin doit venir après le début.

error-title-400 = Requête invalide
error-title-401 = Veuillez vous connecter
error-title-403 = Non autorisé
error-title-404 = Page introuvable
error-title-405 = Impossible ici
error-title-409 = Conflit
error-title-413 = Trop volumineux
error-title-422 = Veuillez vérifier votre saisie
error-title-429 = Trop de tentatives
error-title-500 = Une erreur s'est produite
error-title-502 = Le service de connexion ne répond pas
error-invalid_input = Certains champs demandent votre attention.
error-malformed_json = Le corps de la requête n'est pas du JSON valide.
error-payload_too_large = La requête est trop volumineuse.
error-not_signed_in = Veuillez d'abord vous connecter.
error-forbidden = Vous n'avez pas l'autorisation de faire cela.
error-not_found = Nous n'avons pas trouvé cette page.
error-method_not_allowed = Cette adresse n’accepte pas ce type de requête.
error-email_taken = Un compte existe déjà avec cette adresse e-mail.
error-slug_taken = Un autre projet utilise déjà cette adresse web.
error-invalid_credentials = L'adresse e-mail ou le mot de passe est incorrect.
error-rate_limited = Trop de tentatives. Veuillez patienter un instant et réessayer.
error-rate_limited-wait = Trop de tentatives. Réessayez dans { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }.
error-csrf_failed = Ce formulaire a expiré ou provient d'un autre site. Veuillez recharger la page et réessayer.
error-phases_overlap = Les phases d'un projet ne peuvent pas se chevaucher.
error-posting_not_allowed = Il n'est pas possible de proposer des idées dans ce projet pour le moment.
error-commenting_not_allowed = Il n'est pas possible de commenter dans ce projet pour le moment.
error-reacting_not_allowed = Il n'est pas possible de mettre des « J'aime » dans ce projet pour le moment.
error-disliking_not_allowed = Il n'est pas possible de mettre des « Je n'aime pas » dans ce projet pour le moment.
error-setup_done = Cette plateforme a déjà un administrateur.
error-setup_token_required = Cette plateforme se configure avec le lien reçu par son exploitant au démarrage d'Agora (`agora serve` l'affiche).
error-editing_closed = Cette idée ne peut plus être modifiée : la phase des idées est terminée.
error-answered_idea = La ville a répondu à cette idée, elle reste donc publiée ; vous pouvez la retirer.
error-internal = Une erreur s'est produite de notre côté. Rien de ce que vous avez envoyé n'a été perdu : veuillez réessayer.

# After something was done (?done=...)
done-idea-deleted = L'idée a été supprimée.
done-idea-withdrawn = L'idée a été retirée.
done-comment-deleted = Le commentaire a été supprimé.
done-phase-deleted = La phase a été supprimée.
done-phase-saved = La phase a été enregistrée.
done-topic-deleted = Le thème a été supprimé.
done-area-deleted = La zone a été supprimée.
done-moderator-added = Le modérateur a été ajouté.
done-moderator-removed = Le modérateur a été retiré.
done-token-revoked = Le jeton a été révoqué.

# Confirmations and the back office
remove = Retirer
remove-moderator = Retirer comme modérateur
no-moderators = Pas encore de modérateurs.
unconfirmed-emails = Les adresses e-mail ne sont pas encore confirmées : n'importe qui peut s'inscrire avec n'importe quelle adresse. Avant de donner un rôle, vérifiez auprès de la personne que le compte est le sien.
find-person = Chercher une personne par nom ou e-mail
no-person-found = Personne trouvée.
account-made = compte créé le
email-unconfirmed = e-mail non confirmé
already-moderator = déjà modérateur
make-moderator = Rendre modérateur
edit-phase = Modifier la phase
delete-phase = Supprimer la phase
delete-idea = Supprimer l'idée
delete-comment = Supprimer le commentaire
delete-topic = Supprimer le thème
delete-area = Supprimer la zone
confirm-delete-idea = Supprimer l'idée « { $title } » ?
confirm-delete-idea-detail = { $comments ->
        [one] Son commentaire
       *[other] Ses { $comments } commentaires
    } et { $reactions ->
        [one] sa réaction
       *[other] ses { $reactions } réactions
    } seront supprimés avec elle. C'est irréversible.
confirm-delete-comment = Supprimer ce commentaire ?
confirm-delete-phase = Supprimer la phase « { $title } » ?
confirm-delete-phase-detail = Les idées déposées pendant cette phase restent dans le projet.
confirm-delete-topic = Supprimer le thème « { $title } » ?
confirm-delete-area = Supprimer la zone « { $title } » ?
confirm-delete-tag-detail = { $ideas ->
        [one] Une idée
       *[other] { $ideas } idées
    } et { $projects ->
        [one] un projet
       *[other] { $projects } projets
    } l'utilisent ; ils ne l'auront plus.
confirm-remove-moderator = Retirer { $name } comme modérateur de « { $project } » ?

# Edits and withdrawals
edited-on = Modifiée le { $date }
edited-by-staff-on = Modifiée par la ville le { $date }
edited-by-staff = modifié par la ville
earlier-versions = Versions précédentes
revision-before-edit = Avant la modification du { $date } par { $name }
revision-before-staff-edit = Avant la modification par la ville du { $date } par { $name }
withdraw-idea = Retirer l'idée
confirm-withdraw-idea = Retirer l'idée « { $title } » ?
confirm-withdraw-idea-detail = La ville y a répondu : elle reste visible avec sa réponse, marquée comme retirée.

# Your account
your-account = Votre compte
your-language = Votre langue
language-name = Français
api-tokens = Jetons d'API
api-tokens-intro = Les programmes qui utilisent Agora pour vous se connectent avec un jeton. Chacun expire 90 jours après sa création ; révoquez ceux que vous n'utilisez plus.
no-api-tokens = Aucun jeton d'API.
token-made = Créé le
token-expires = expire le
revoke = Révoquer
sign-out-everywhere = Se déconnecter partout
sign-out-everywhere-intro = Met fin à vos sessions sur tous vos appareils et révoque tous vos jetons d'API : pour un téléphone perdu ou un ordinateur partagé.
confirm-sign-out-everywhere = Se déconnecter partout ?
confirm-sign-out-everywhere-detail = Vous devrez vous reconnecter sur chaque appareil, celui-ci compris, et les programmes auront besoin de nouveaux jetons.
done-status-added = Le statut a été ajouté.
idea-statuses = Statuts des idées
field-status-title = Nom d'un nouveau statut
field-status-code = Code (minuscules, chiffres, _ et - ; utilisé dans les liens et l'API)
field-status-color = Couleur

# Background work (the outbox)
background-work = Travail en arrière-plan
jobs-waiting = { $count ->
    [one] { $count } tâche en attente (notifications à écrire).
   *[other] { $count } tâches en attente (notifications à écrire).
}
job-failing = a échoué { $attempts } fois ; prochain essai { $when }
job-given-up = abandonnée le { $when } après { $attempts } essais
job-kind-comment_posted = Annoncer un nouveau commentaire
job-kind-status_changed = Annoncer un nouveau statut
job-kind-official_feedback = Annoncer une réponse officielle
job-retry = Réessayer maintenant
done-job-retried = La tâche va être relancée maintenant.

# Phases de vote
method-voting = Vote
ideation-settings-hint = Pour une phase d'idées et de discussion.
voting-settings = Vote
voting-settings-hint = Pour une phase de vote. Les montants sont en euros entiers.
field-voting-method = Comment les habitants votent
voting-method-single = Approuver des options (une voix chacune)
voting-method-multiple = Répartir un nombre de voix
voting-method-budgeting = Dépenser un budget
field-budget = Budget (requis pour dépenser un budget)
field-min-total = Minimum par bulletin (argent, voix ou options)
field-max-total = Voix que chaque habitant répartit
field-max-per-option = Maximum de voix sur une option
field-max-options = Maximum d'options par bulletin
field-winners = Nombre d'options gagnantes (sans budget)
field-rule = Règle qui désigne les gagnants
rule-greedy = Les plus de voix d'abord (glouton)
rule-mes = Parts égales (Equal Shares)
rule-mes-add1 = Parts égales, complétées par Add1
rule-mes-card = Parts égales, en nombre d'options
rule-phragmen = Phragmén séquentiel
live-totals = Montrer les totaux pendant le vote
publish-automatically = Publier les résultats à la fin de la phase
permissions = Qui peut participer
who-may-posting = Qui peut proposer des idées
who-may-commenting = Qui peut commenter
who-may-reacting = Qui peut aimer
who-may-voting = Qui peut voter
permitted-by-everyone = Tout le monde, sans compte
permitted-by-users = Toute personne ayant un compte
permitted-by-confirmed = Les personnes à l'adresse e-mail confirmée
permitted-by-groups = Les membres des groupes cochés ci-dessous
permitted-by-staff = L'équipe seulement
groups = Groupes d'utilisateurs
vote-now = Voter
ballot-heading = Votre bulletin
ballot-left-money = Il reste { $left } sur { $total }
ballot-used-votes = { $used } voix utilisées sur { $total }
ballot-used-options = { $used } options choisies sur { $total }
ballot-chosen = { $used ->
        [one] Une option choisie
       *[other] { $used } options choisies
    }
ballot-minimum-money = Un bulletin doit dépenser au moins { $min }.
ballot-minimum-votes = Un bulletin doit donner au moins { $min } voix.
ballot-minimum-options = Un bulletin doit choisir au moins { $min } options.
ballot-counted = Votre vote compte. Envoyé le { $date } ; votre code de bulletin est { $code }.
ballot-changed-since = Vous avez modifié votre panier depuis : votre vote compte tel que vous l'avez envoyé jusqu'à ce que vous l'envoyiez à nouveau.
ballot-draft = Votre panier n'est pas encore envoyé : il ne compte qu'une fois envoyé.
ballot-options = Options
option-cost = Coût : { $amount }
option-votes-count = { $count ->
        [one] Une voix jusqu'ici
       *[other] { $count } voix jusqu'ici
    }
in-basket = Dans votre panier
basket-add = Ajouter à mon panier
basket-remove = Retirer de mon panier
basket-votes = Vos voix pour { $title }
basket-save-votes = Donner ces voix
ballot-submit = Envoyer mon vote
ballot-submit-changes = Envoyer mes modifications
ballot-withdraw = Retirer mon vote
confirm-withdraw-ballot = Retirer votre vote ? Il ne comptera plus. Votre panier reste, et vous pourrez l'envoyer à nouveau tant que le vote est ouvert.
why-sign-in-voting = Connectez-vous pour voter.
why-groups = Ce vote est réservé aux membres de { $groups }.
why-confirm-email = Confirmez votre adresse e-mail pour participer.
why-staff-only = Seule l'équipe du projet participe à cette phase.
done-ballot-submitted = Votre vote a été envoyé.
done-ballot-withdrawn = Votre vote a été retiré.
done-basket-saved = Votre panier a été enregistré.
options = Options
no-options = Pas encore d'options.
field-cost = Coût en euros
field-idea = Idée
add-option = Ajouter une idée du projet comme option
new-option = Écrire une nouvelle option
save-cost = Enregistrer le coût
remove-option = Retirer cette option
confirm-remove-option = Retirer l'option « { $title } » du vote ? L'idée elle-même reste.
offline-votes = Votes sur papier
field-offline-voters = Personnes ayant voté sur papier
save-offline-votes = Enregistrer les votes sur papier
done-option-saved = L'option a été enregistrée.
done-option-removed = L'option a été retirée.
done-offline-saved = Les votes sur papier ont été enregistrés.
manage-options = Options, votes sur papier et résultats
group-name = Nom du groupe
create-group = Créer le groupe
group-members = Membres
members-count = { $count ->
        [one] Un membre
       *[other] { $count } membres
    }
no-groups = Pas encore de groupes.
no-members = Pas encore de membres.
add-member = Ajouter au groupe
remove-member = Retirer du groupe
delete-group = Supprimer ce groupe
confirm-delete-group = Supprimer le groupe « { $name } » ? Ses membres restent ; les phases réservées au groupe ne les laissent plus participer.
confirm-remove-member = Retirer { $name } du groupe « { $group } » ?
done-group-created = Le groupe a été créé.
done-group-deleted = Le groupe a été supprimé.
done-member-added = La personne a été ajoutée au groupe.
done-member-removed = La personne a été retirée du groupe.
error-voting_not_allowed = Le vote n'est pas ouvert ici pour le moment.
error-email_not_confirmed = Confirmez votre adresse e-mail pour participer.
error-not_in_group = Ceci est réservé aux membres de certains groupes.
error-staff_only = Seule l'équipe du projet peut faire ceci ici.
error-not_an_option = Ce n'est pas une option de ce vote.
error-over_option_cap = C'est plus de voix qu'une option ne peut en recevoir.
error-too_many_options = Votre bulletin contient déjà le maximum d'options.
error-too_many_votes = Il ne vous reste plus de voix à donner.
error-over_budget = Cela dépasserait le budget : retirez d'abord une option.
error-under_minimum = Votre bulletin n'atteint pas encore le minimum.
error-empty_basket = Votre panier est vide : choisissez au moins une option.
error-option_has_votes = Des habitants ont choisi cette option : elle reste dans le vote.
why-shared-cost = Financé : { $voters } votants en ont partagé le coût.
why-by-votes = Financé : il avait plus de voix que les options suivantes, et tenait dans ce qui restait du budget.
why-by-votes-places = Choisi : il avait plus de voix que les options suivantes.
why-completion = Financé avec l'argent que la règle laissait, par ordre de voix.
why-spent-elsewhere = Non financé : l'argent de ses soutiens est allé à { $options }, que la plupart d'entre eux préféraient.
why-no-room = Non financé : à son tour, ce qui restait du budget ne couvrait pas son coût.
why-no-place = Non choisi : des options ayant plus de voix ont pris toutes les places.
why-no-votes = Non financé : personne n'a voté pour lui.
list-and = { $first } et { $second }
notification-vote_results = Les résultats du vote « { $phase } » sont publiés.
notification-vote_reminder = Votre panier dans le vote « { $phase } » n'est pas encore envoyé : le vote se termine dans quelques jours.
error-voting_still_open = Le vote est encore ouvert : les résultats viendront à sa clôture.
error-results_not_published = Les résultats de ce vote ne sont pas encore publiés.
job-kind-count_votes = Compter les voix d'une phase
see-results = Voir les résultats
results = Résultats
results-computing = Les voix sont en cours de dépouillement. Cette page montre les résultats dès que le décompte est terminé.
results-progress = Décompte en cours : { $funded } options pour { $spent } sur { $budget } jusqu'ici.
results-rule = Les gagnants ont été désignés par la règle
results-voters = { $online } personnes ont voté en ligne et { $offline } sur papier.
results-spent = Les gagnants coûtent { $spent } sur un budget de { $budget }.
results-chart = Voix par option ; les gagnants en bleu foncé.
results-chart-caption = Voix par option, en ligne et sur papier ; les gagnants sont en bleu foncé.
results-votes = Voix
results-cost = Coût
results-why = Pourquoi
results-won = Gagnant
results-on-paper = sur papier
results-check = Vérifiez le décompte vous-même
results-check-hint = Chaque bulletin est publié sans nom, sous son code. Téléchargez le fichier et comptez à nouveau avec les règles ouvertes d'Agora.
results-download = Télécharger les bulletins (fichier Pabulib .pb)
results-rerun = Comptez-les à nouveau avec :
results-log-head = Dernière empreinte du journal des bulletins :
results-your-code = Votre code de bulletin
results-find-ballot = Trouver mon bulletin
ballot-found = Ce bulletin a été compté. Il a choisi : { $options }.
ballot-not-found = Aucun bulletin compté n'a ce code.
publish-results = Compter les voix et publier les résultats
count-needs-end = Les voix pourront être comptées à la fin de la phase.
results-not-counted = Pas encore compté.
results-published-on = Publié le { $date }.
done-count-started = Les voix sont en cours de dépouillement : les résultats apparaîtront à la fin du décompte.
groups-intro = Une phase peut réserver une action (voter, proposer…) aux membres de certains groupes.
manage-groups = Gérer les groupes d'utilisateurs
already-member = déjà membre
results-download-log = Télécharger le journal des bulletins (chaque envoi, modification et retrait, sans nom)
results-verify = Vérifiez que le journal tient jusqu'à l'empreinte ci-dessus, et que les bulletins publiés sont ceux qu'il a enregistrés :
import-vote = Importer un vote depuis un fichier Pabulib
import-vote-hint = Pour un vote tenu sur papier ou sur une autre plateforme : chaque projet du fichier devient une option, chaque bulletin un bulletin compté, et la phase prend le budget du fichier.
field-pb-file = Le fichier .pb
import-failed = Le fichier n'a pas pu être importé :
done-vote-imported = Le vote a été importé.
error-vote_not_empty = Cette phase a déjà des options ou des bulletins : importez dans une phase de vote vide.
carry-over = Ajouter les idées cochées comme options
no-ideas-to-carry = Chaque idée du projet est déjà une option.
compare-rules = Comparer les règles
compare-rules-hint = Voyez ce que chaque règle financerait avec les bulletins reçus (ou importés) avant d'en choisir une. Add1 prend quelques minutes sur un grand vote.
comparison-computing = Les règles sont en cours de comparaison ; rechargez cette page dans un instant.
comparison-caption = Ce que chaque règle finance, sur { $ballots } bulletins
comparison-spent = Dépensé
done-comparison-started = Les règles sont en cours de comparaison.
job-kind-compare_rules = Comparer les règles d'un vote
field-too_small = Ceci doit valoir au moins { $limit }.
field-too_large = Ceci doit valoir au plus { $limit }.
option-too-dear = Plus que les { $left } qui restent dans votre panier.
# Mail
mail-footer = Vous recevez ce courriel de { $site } parce que vous y avez un compte.
mail-footer-account = Vous recevez ce courriel de { $site } au sujet de votre compte. Si vous ne l'avez pas demandé, vous pouvez l'ignorer.
mail-confirm-email-subject = Confirmez votre adresse e-mail pour { $site }
mail-confirm-email-body = Bonjour { $name },

    Confirmez que { $email } est bien votre adresse, pour que { $site } puisse vous écrire au sujet de ce à quoi vous participez. Le lien fonctionne { $hours } heures.
mail-confirm-email-action = Confirmer mon adresse
mail-reset-password-subject = Un nouveau mot de passe pour { $site }
mail-reset-password-body = Bonjour { $name },

    Quelqu'un (vous, nous l'espérons) a demandé un nouveau mot de passe pour votre compte sur { $site }. Le lien fonctionne une seule fois, pendant { $hours ->
        [one] une heure
       *[other] { $hours } heures
    }. Tant que vous ne l'utilisez pas, votre mot de passe reste le même.
mail-reset-password-action = Choisir un nouveau mot de passe
mail-change-email-subject = Confirmez votre nouvelle adresse e-mail pour { $site }
mail-change-email-body = Bonjour { $name },

    Confirmez que { $email } est votre nouvelle adresse sur { $site }. D'ici là, nous écrivons à l'ancienne. Le lien fonctionne { $hours } heures.
mail-change-email-action = Confirmer ma nouvelle adresse
mail-kind-confirm-email = Confirmation de l'adresse
mail-kind-reset-password = Nouveau mot de passe
mail-kind-change-email = Confirmation d'une nouvelle adresse
job-kind-send_mail = Envoyer un courriel
# Accounts by mailed link
confirm-email-title = Confirmez votre adresse e-mail
confirm-email-intro = Un clic, et votre adresse est confirmée.
confirm-email-button = Confirmer mon adresse
link-broken-title = Ce lien ne fonctionne plus
link-broken-confirm = Il a déjà servi, il a expiré, ou un lien plus récent l'a remplacé.
link-broken-sign-in = Connectez-vous pour demander un nouveau lien
link-broken-reset = Il a déjà servi, il a expiré, ou un lien plus récent l'a remplacé. Demandez-en un nouveau : il arrive tout de suite.
reset-ask-again = Demander un nouveau lien
resend-confirmation = M'envoyer un nouveau lien
reset-password-title = Mot de passe oublié ?
reset-password-intro = Donnez l'adresse e-mail de votre compte : nous vous envoyons un lien pour choisir un nouveau mot de passe. Il fonctionne { $hours ->
        [one] une heure
       *[other] { $hours } heures
    }.
send-reset-link = M'envoyer un lien
new-password-title = Choisissez un nouveau mot de passe
new-password-intro = Ensuite, vous vous connectez partout avec le nouveau mot de passe : tout appareil connecté avec l'ancien est déconnecté.
field-new-password = Nouveau mot de passe (au moins 8 caractères)
field-current-password = Mot de passe actuel
set-password = Enregistrer mon nouveau mot de passe
forgot-password = Mot de passe oublié ?
email-confirmed = Votre adresse e-mail est confirmée.
email-not-confirmed = Votre adresse e-mail n'est pas encore confirmée : suivez le lien que nous y avons envoyé.
confirm-reminder = Confirmez votre adresse e-mail : nous vous avons envoyé un lien.
confirm-reminder-link = Votre compte
change-password = Changer mon mot de passe
change-password-hint = Tout autre appareil connecté à votre compte est déconnecté ; celui-ci reste connecté.
sign-out-elsewhere = Me déconnecter sur les autres appareils
sign-out-elsewhere-intro = Met fin à toute autre session et à toute clé d'API de votre compte ; ce navigateur reste connecté.
field-wrong = Ce n'est pas correct.
error-link_invalid = Ce lien ne fonctionne plus : il a déjà servi, il a expiré, ou un lien plus récent l'a remplacé.
done-email-confirmed = Votre adresse e-mail est confirmée. Merci.
done-confirmation-sent = Un nouveau lien est en route vers votre boîte aux lettres.
done-reset-link-sent = Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe y est en route.
done-password-reset = Votre nouveau mot de passe est enregistré. Connectez-vous avec.
done-password-changed = Votre nouveau mot de passe est enregistré. Les autres appareils sont déconnectés.
done-signed-out-elsewhere = Tout autre appareil est déconnecté.
done-mail-retried = Le courriel sera envoyé à nouveau.
# Outgoing mail (staff)
outgoing-mail = Courriels sortants
outgoing-mail-intro = Chaque courriel que la plateforme envoie, le plus récent d'abord. Un courriel qui ne part pas est réessayé, de moins en moins souvent, pendant environ six heures ; il apparaît ensuite comme échoué avec son erreur, et vous pouvez le relancer une fois la cause corrigée.
mail-show-all = Tous les courriels
mail-show-unsent = Seulement les courriels pas encore envoyés
no-mail = Aucun courriel pour l'instant.
older-mail = Courriels plus anciens
mail-retry = Envoyer à nouveau
mail-state-sent = Envoyé { $when }.
mail-state-waiting = En attente d'envoi (depuis { $when }).
mail-state-retrying = Pas encore envoyé : { $attempts } tentative(s) échouée(s) ; nouvel essai prévu.
mail-state-failed = Échoué après { $attempts } tentatives ; n'est plus réessayé.
# Notification mails and their settings
mail-notification-body = Bonjour { $name },

    { $what }
mail-notification-action = Voir sur { $site }
mail-stop-these = Ne plus recevoir de courriels comme celui-ci
mail-settings = Courriels que je reçois
mail-settings-intro = Écrivez-moi quand :
mail-choice-status_changed = une idée que je suis (la mienne aussi) change de statut
mail-choice-official_feedback = la ville répond à une idée que je suis (la mienne aussi)
mail-choice-comment_reply = quelqu'un répond à mon commentaire
mail-choice-comment_on_your_idea = quelqu'un commente mon idée
mail-choice-comment_on_followed_idea = quelqu'un commente une idée que je suis
mail-choice-vote_results = les résultats d'un vote auquel j'ai participé sont publiés
mail-choice-vote_reminder = mon panier dans un vote n'est pas encore soumis quelques jours avant la fin
mail-choice-digest = une fois par semaine, ce qui est nouveau dans les projets que je peux voir
mail-choice-all = tous les courriels sauf ceux sur votre compte.
mail-stop-all = Ne plus recevoir de courriels
mail-stop-all-intro = Ou ne recevez plus aucun courriel (sauf au sujet de votre compte : un mot de passe oublié, une nouvelle adresse).
unsubscribe-title = Ne plus recevoir de courriels
unsubscribe-intro = Un clic, et nous cessons de vous écrire au sujet de :
unsubscribe-button = Arrêter ces courriels
unsubscribe-done = C'est fait : plus de courriels au sujet de
unsubscribe-broken = Ce lien ne fonctionne pas. Choisissez vos courriels ici :
done-mail-settings-saved = Vos choix sont enregistrés.
done-mail-stopped = Vous ne recevez plus de courriels de notre part, sauf au sujet de votre compte.
mail-kind-status-changed = Nouveau statut
mail-kind-official-feedback = Réponse officielle
mail-kind-comment-reply = Réponse à un commentaire
mail-kind-comment-on-your-idea = Commentaire sur sa propre idée
mail-kind-comment-on-followed-idea = Commentaire sur une idée suivie
mail-kind-vote-results = Résultats d'un vote
mail-kind-vote-reminder = Panier non soumis
change-email = Changer mon adresse e-mail
field-new-email = Nouvelle adresse e-mail
change-email-hint = Nous envoyons un lien à la nouvelle adresse ; votre adresse change quand vous le suivez.
done-email-change-sent = Un lien est en route vers la nouvelle adresse : votre adresse change quand vous le suivez.
people = Personnes
administrator = administrateur
block = Bloquer
unblock = Lever le blocage
blocked-since = Bloqué depuis le
confirm-block = Bloquer { $name } ?
confirm-block-detail = Cette personne peut encore lire le site, comme tout le monde, mais ne peut plus se connecter, publier, commenter, réagir ni voter ; chacun de ses appareils est déconnecté maintenant. Ce qu'elle a écrit reste. Vous pouvez lever le blocage à tout moment.
done-person-blocked = La personne est bloquée et déconnectée partout.
done-person-unblocked = Le blocage est levé : la personne peut se reconnecter.
error-account_blocked = Ce compte est bloqué. Si vous pensez qu'il s'agit d'une erreur, contactez la ville.
error-sign_in_failed = La connexion avec votre compte de la ville n'a pas abouti : la réponse n'a pas pu être vérifiée, ou la connexion a pris trop de temps. Veuillez réessayer.
error-provider_unavailable = Le service de connexion de la ville ne répond pas pour le moment. Réessayez dans un instant, ou connectez-vous avec votre mot de passe.
error-provider_no_email = Votre compte de la ville ne nous a pas transmis d'adresse e-mail vérifiée, et un compte ici en demande une. Confirmez votre adresse auprès de votre compte de la ville et autorisez son partage, ou inscrivez-vous ici avec un mot de passe.
sign-in-with = Se connecter avec { $provider }
sign-in-or = ou
sign-in-provider-terms = Une première connexion crée un compte ici et accepte les
people-intro = Trouvez des personnes, et bloquez celles qui abusent de la plateforme.
delete-account = Supprimer mon compte
delete-account-link = Supprimer mon compte…
delete-account-goes = Votre compte disparaît, avec votre nom, votre adresse e-mail, vos j'aime, les idées que vous suivez, vos notifications et vos réglages. Vous êtes déconnecté partout. C'est définitif.
delete-account-stays = Vos bulletins restent comptés, sans votre nom : un résultat publié ne change pas.
delete-account-content = Vos idées et commentaires :
delete-account-keep = les garder, affichés comme écrits par un ancien participant
delete-account-erase = les supprimer aussi (les idées qui sont des options d'un vote restent, sans votre nom, pour qu'aucun bulletin ne perde son choix)
delete-account-button = Supprimer définitivement mon compte
done-account-deleted = Votre compte est supprimé. Merci d'avoir participé.
former-participant = un ancien participant
error-last_admin = Vous êtes le seul administrateur de la plateforme : nommez d'abord quelqu'un d'autre administrateur.
privacy = Vie privée
terms = Conditions d'utilisation
accept-terms = J'accepte les
sign-up-privacy = Ce que nous gardons sur vous, et pourquoi :
terms-version = Version { $version }, { $date }
privacy-default = Cette plateforme conserve votre nom, votre adresse e-mail et ce que vous publiez, aimez et votez, pour faire fonctionner la participation à laquelle vous prenez part. Votre adresse e-mail n'est jamais montrée aux autres. Vous pouvez supprimer votre compte et vos données depuis votre page de compte à tout moment. La ville qui gère cette plateforme n'a pas encore publié sa propre politique de confidentialité ; demandez-lui les détails.
terms-none = La ville qui gère cette plateforme n'a pas publié de conditions d'utilisation.
legal-texts = Politique de confidentialité et conditions d'utilisation
legal-texts-intro = Rédigez la politique de confidentialité et les conditions d'utilisation (Markdown) dans la langue de cette page ; les autres langues gardent les leurs. Dès que des conditions existent, les personnes qui s'inscrivent les acceptent, et la version acceptée est conservée.
terms-hint = Chaque enregistrement est une nouvelle version : les personnes qui s'inscrivent désormais l'acceptent.
done-legal-saved = Le texte est publié.
mail-data-export-subject = Vos données sur { $site }
mail-data-export-body = Bonjour { $name },

    Voici tout ce que { $site } conserve à votre sujet, comme vous l'avez demandé : un fichier JSON dans un zip. Le lien fonctionne { $days } jours.
mail-data-export-action = Télécharger mes données
mail-kind-data-export = Données personnelles
job-kind-export_data = Rassembler les données d'une personne
your-data = Vos données
your-data-intro = Tout ce que cette plateforme conserve à votre sujet (votre compte, vos idées, commentaires, j'aime, bulletins, notifications et choix), dans un fichier dont nous vous envoyons le lien.
send-my-data = M'envoyer mes données
done-export-requested = Vos données sont en cours de rassemblement : un lien arrivera par courriel.
mail-digest-subject = Cette semaine sur { $site }
mail-digest-body = Bonjour { $name },

    Ce qui s'est passé sur { $site } cette semaine :
mail-digest-action = Tout voir sur { $site }
mail-staff-digest-subject = Pour l'équipe : cette semaine sur { $site }
mail-staff-digest-body = Bonjour { $name },

    Ce qui vous attend sur { $site }, projet par projet :
mail-staff-digest-action = Ouvrir l'administration
mail-kind-digest = Résumé hebdomadaire
mail-kind-staff-digest = Résumé pour l'équipe
digest-idea = « { $idea } » : { $likes } j'aime, { $comments ->
        [one] un commentaire
       *[other] { $comments } commentaires
    }.
digest-newest-comment = Le plus récent : { $who } : « { $said } »
digest-new-project = Nouveau projet : { $project }
digest-phase-opened = Maintenant ouvert dans { $project } : { $phase }
digest-staff-project = { $project } : { $waiting ->
        [one] une nouvelle idée
       *[other] { $waiting } nouvelles idées
    } sans réponse, { $ballots ->
        [one] un bulletin reçu
       *[other] { $ballots } bulletins reçus
    }
export-people = Télécharger tout le monde en tableur (XLSX)
export-name = Nom
export-email = Adresse e-mail
export-joined = Inscrit le
export-confirmed = Adresse confirmée
export-admin = Administrateur
export-blocked = Bloqué depuis le
yes = oui
no = non
invite = Inviter
invite-intro = Un compte est créé et un lien pour choisir son mot de passe est envoyé ; le suivre confirme l'adresse. Le lien fonctionne une semaine.
invite-file = Un fichier CSV ou XLSX
invite-file-hint = Une personne par ligne (ou par ligne du tableur) : l'adresse e-mail, puis (éventuellement) le nom, séparés par une virgule (ou dans la colonne suivante).
invite-from-file = Inviter tout le monde dans le fichier
invitation-sent = { $email } est invité : le lien est en route.
invitation-has-account = { $email } a déjà un compte : rien n'a été envoyé.
invitations-report = { $invited } invités, { $had } avec déjà un compte, { $refused } lignes refusées.
invitations-refused-lines = Lignes refusées : { $lines }.
mail-invitation-subject = Vous êtes invité sur { $site }
mail-invitation-body = Bonjour { $name },

    { $site } vous invite à participer. Choisissez votre mot de passe pour commencer : le lien fonctionne { $days } jours.
mail-invitation-action = Choisir mon mot de passe
mail-kind-invitation = Invitation
your-profile = Votre profil
your-picture = Votre photo
field-bio = Quelques mots sur vous (facultatif)
field-avatar = Votre photo
avatar-hint = Une image PNG, JPEG, GIF ou WebP de 5 Mo au plus. Agora en garde une petite copie carrée, sans les détails cachés du fichier (comme le lieu où une photo a été prise).
save-avatar = Utiliser cette photo
remove-avatar = Supprimer ma photo
done-profile-saved = Votre profil est enregistré.
done-avatar-saved = Votre photo est enregistrée.
done-avatar-removed = Votre photo est supprimée.
done-names-saved = La façon d'afficher les noms est enregistrée.
names-heading = Affichage des noms
names-abbreviate = Afficher les noms abrégés sur les pages publiques (« Jane D. » pour « Jane Doe »)
field-not_an_image = Ce n'est pas une image qu'Agora sait lire : choisissez un fichier PNG, JPEG, GIF ou WebP.
field-file_too_large = Ce fichier dépasse { $limit } Mo.
who-may-answering_survey = Qui peut répondre à l'enquête
who-may-taking_poll = Qui peut répondre au sondage
method-survey = Enquête
method-poll = Sondage
error-answering_survey_not_allowed = Cette enquête ne prend pas de réponses pour le moment.
error-taking_poll_not_allowed = Ce sondage ne prend pas de réponses pour le moment.
error-already_answered = Vous avez déjà répondu. Merci !
field-file_type = Ce type de fichier n’est pas accepté. Envoyez un PDF, une image, un document bureautique ou un fichier texte.
field-not_an_option = Ce n’est pas l’un des choix.
field-too_few = Choisissez plus d’options.
field-too_many = Choisissez moins d’options.
field-out_of_range = Choisissez un point de l’échelle.
field-incomplete = Répondez à chaque partie de cette question.
field-unknown_question = Cette question n’est pas dans le formulaire.
field-below_minimum = Ce nombre est plus petit que le minimum permis.
field-above_maximum = Ce nombre est plus grand que le maximum permis.
export-response = Réponse
export-submitted = Envoyée
export-respondent = Participant
export-version = Version du formulaire
export-path = Pages
export-latitude = Latitude
export-longitude = Longitude
export-other = Autre
export-answered = Réponses
export-answer = Réponse
export-count = Nombre
export-percent = Pourcentage
export-mean = Moyenne
export-borda = Points Borda
why-sign-in-answering = Connectez-vous pour répondre.
survey-progress = Page { $page } sur { $pages }
survey-next = Suivant
survey-back = Retour
survey-submit = Envoyer mes réponses
survey-required = obligatoire
survey-errors = Quelques réponses sont à revoir :
survey-other-text = Votre autre réponse
survey-stars = étoiles
survey-rank-hint = Donnez à chaque option sa place : 1 pour ce qui compte le plus.
survey-file-attached = Un fichier est joint. Choisissez-en un autre pour le remplacer.
survey-file-hint = Un PDF, une image, un document bureautique ou un fichier texte, 10 Mo au plus.
survey-file-sign-in = Connectez-vous pour joindre un fichier.
survey-number-between = Un nombre de { $min } à { $max }.
survey-number-at-least = Un nombre d’au moins { $min }.
survey-number-at-most = Un nombre d’au plus { $max }.
survey-choose-between = Choisissez-en de { $min } à { $max }.
survey-choose-at-least = Choisissez-en au moins { $min }.
survey-choose-at-most = Choisissez-en au plus { $max }.
survey-thanks = Merci, vos réponses sont arrivées.
survey-responses = { $count ->
    [one] Une réponse
   *[other] { $count } réponses
}
survey-answered-by = { $count } y ont répondu
survey-filter = Seulement les réponses qui ont choisi
survey-filter-all = Toutes les réponses
survey-search = Chercher dans les réponses écrites
survey-apply = Afficher
survey-export-xlsx = Télécharger en XLSX
survey-export-csv = Télécharger en CSV
survey-statement = Affirmation
survey-download = Télécharger le fichier
survey-paths = Chemins à travers les pages
answer-survey = Répondre à l’enquête
take-poll = Participer au sondage
survey-settings = Réglages de l’enquête ou du sondage
survey-settings-hint = Pour une phase d’enquête ou de sondage. Un sondage prend toujours une réponse par personne.
survey-one-response = Une réponse par personne
survey-anonymous = Anonyme : les réponses ne gardent aucun lien avec la personne
survey-results-public = Tout le monde voit les résultats après la phase
survey-results-live = Tout le monde voit les résultats pendant la phase
survey-build = Questions du formulaire
builder-back = La phase
builder-see-public = Voir la page du projet
builder-poll-hint = Un sondage pose des questions à choix unique ou multiple.
builder-answered = { $count ->
    [one] Une personne a répondu.
   *[other] { $count } personnes ont répondu.
} Vous pouvez encore ajouter des questions et corriger des fautes ; modifier ou retirer une question qui a des réponses demande d’abord confirmation, et ses réponses restent dans les exports.
builder-not-saved = Le formulaire n’a pas été enregistré :
builder-empty = Le formulaire n’a pas encore de page. Ajoutez-en une ci-dessous.
builder-page-number = Page
builder-move-up = Monter
builder-move-down = Descendre
builder-remove = Retirer
builder-page-settings = Titre, texte et suite de la page
builder-page-title = Titre de la page
builder-page-text = Texte de la page
builder-next = Après cette page, aller à
builder-save-page = Enregistrer la page
builder-edit = Modifier
builder-question-type = Type de question
builder-question-title = Question
builder-add-question = Ajouter la question
builder-logic = Sauts
builder-add-logic = Ajouter un saut
builder-rule-when = Quand la réponse est
builder-rule-goto = aller à
builder-add-rule = Ajouter le saut
builder-add-page = Ajouter une page
builder-closing = Message de fin
builder-save-closing = Enregistrer le message de fin
builder-goto-end = La fin du formulaire
builder-goto-next = La page suivante
builder-rule = Quand « { $question } » est « { $option } », aller à { $goto }.
builder-page = Page { $number }
builder-option = Option
builder-edit-question = Modifier la question
builder-change-warning = Cette question a déjà des réponses. Enregistrer va :
builder-change-removed = retirer une question qui a des réponses (elles restent dans les exports) ;
builder-change-type_changed = changer le type d’une question qui a des réponses (les anciennes réponses restent dans les exports) ;
builder-change-options_removed = retirer des options choisies (les réponses restent dans les exports).
builder-change-anyway = Enregistrer quand même
builder-help = Texte d’aide (facultatif)
builder-required = Une réponse est obligatoire
builder-options = Options
builder-remove-option = Retirer
builder-new-options = Nouvelles options, une par ligne
builder-other = Proposer « Autre » avec un texte
builder-rows = Affirmations
builder-new-rows = Nouvelles affirmations, une par ligne
builder-min-number = Plus petit nombre permis
builder-max-number = Plus grand nombre permis
builder-min-linear_scale = Premier point de l’échelle (0 ou 1)
builder-max-linear_scale = Dernier point de l’échelle
builder-min-matrix = Premier point de l’échelle (0 ou 1)
builder-max-matrix = Dernier point de l’échelle
builder-min-multiple_choice = Nombre minimum d’options à choisir
builder-max-multiple_choice = Nombre maximum d’options à choisir
builder-min-label = Ce que signifie le premier point
builder-max-label = Ce que signifie le dernier point
builder-save-question = Enregistrer la question
confirm-remove-question = Retirer cette question ?
confirm-remove-page = Retirer cette page et ses questions ?
builder-answers-stay = { $count ->
    [one] Une personne a répondu au formulaire : ses réponses restent dans les exports.
   *[other] { $count } personnes ont répondu au formulaire : leurs réponses restent dans les exports.
}
question-type-short_text = Texte court
question-type-long_text = Texte long
question-type-number = Nombre
question-type-single_choice = Choix unique
question-type-multiple_choice = Choix multiple
question-type-linear_scale = Échelle linéaire
question-type-rating = Note
question-type-ranking = Classement
question-type-matrix = Matrice
question-type-date = Date
question-type-point = Point sur une carte
question-type-file = Envoi de fichier
field-answered = Ceci ne peut plus changer : des personnes ont déjà répondu.
survey-filtered = Seulement les réponses qui ont choisi :
survey-filter-remove = Retirer ce filtre
survey-filter-also = Et seulement celles qui ont choisi
