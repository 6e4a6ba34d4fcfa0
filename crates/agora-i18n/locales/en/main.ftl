# Agora interface text, English (the reference for the other locales).

skip-to-content = Skip to content
nav-main = Main
nav-language = Language
nav-notifications = Notifications
nav-admin = Administration
nav-sign-in = Sign in
nav-sign-up = Sign up
nav-sign-out = Sign out
footer-text = Agora, an open platform where a city and its residents decide together.
back-home = Back to the home page

home-title = Have your say in your city
home-intro = Take part in the projects of your city: share ideas, discuss them, and see what the city does with them.
home-projects = Projects
home-no-projects = There are no projects yet.
home-trending = Trending ideas
current-phase = Now
stage-archived = Archived: participation has ended.
stage-no-phases = No phase planned yet
stage-upcoming = Starts on { $date }
stage-between = Next phase starts on { $date }
stage-finished = Finished
project-status-draft = Draft
project-status-published = Published
project-status-archived = Archived

timeline = Timeline
phase-now = Now
open-ended = open-ended
method-information = Information
method-ideation = Ideas and discussion
ideas = Ideas
ideas-count = { $count ->
    [one] { $count } idea
   *[other] { $count } ideas
}
no-ideas = No ideas yet.
no-ideas-match = No idea matches this search or these filters.
post-idea = Post an idea
edit-idea = Edit your idea
publish-idea = Publish idea
search = Search
sort = Sort by
sort-trending = Trending
sort-popular = Most liked
sort-newest = Newest
sort-oldest = Oldest
sort-most_discussed = Most discussed
sort-random = Random
topic = Topic
topics = Topics
area = Area
areas = Areas
no-area = No particular area
status = Status
all = All
apply-filters = Show ideas
next-page = More ideas
by = by

like = Like
likes = Likes
dislike = Dislike
dislikes = Dislikes
you-like = You like this
you-dislike = You dislike this
comments = Comments
follow = Follow
unfollow = Unfollow
edit = Edit
delete = Delete
save = Save
cancel = Cancel
add = Add
hide = Hide
unhide = Show again
hidden = Hidden
new = New
location = Location
location-optional = Location on the map (optional)
latitude = Latitude
longitude = Longitude
markdown-hint = You can use Markdown: **bold**, *italic*, lists and links.

official-feedback = Official feedback
no-feedback = The city has not answered this idea yet.
staff-panel = For staff
set-status = Change status
feedback-body = Official feedback
feedback-author = Answered by (e.g. City of Ghent)
post-feedback = Publish feedback

reply = Reply
your-reply = Your reply
post-reply = Post reply
your-comment = Your comment
post-comment = Post comment
edit-comment = Edit your comment
comment-deleted = This comment was deleted.
sign-in-to-comment = Sign in to comment.
guest = guest
guest-name = Your name
guest-hint = You take part as a guest, without an account: this name is shown with what you write. With an account you can also edit it later and be told of replies.
guest-sign-up = Sign up instead

no-notifications = You have no notifications.
mark-all-read = Mark all as read
notification-status_changed = "{ $idea }" is now: { $status }.
notification-official_feedback = The city answered "{ $idea }".
notification-comment_reply = { $actor } replied to your comment on "{ $idea }".
notification-comment_on_your_idea = { $actor } commented on your idea "{ $idea }".
notification-comment_on_followed_idea = { $actor } commented on "{ $idea }", which you follow.

setup-title = Create the first administrator
have-account = Already have an account?
no-account = No account yet?

field-name = Name
field-email = E-mail address
field-password = Password (at least 8 characters)
field-title = Title
field-body = Your idea
field-description = Description
field-slug = Web address (slug)
field-project-status = Visibility
field-start = First day
field-end = Last day (empty: open-ended)
field-method = What residents do in this phase
participation = Participation
posting-enabled = Residents can post ideas
commenting-enabled = Residents can comment
reacting-enabled = Residents can like
disliking-enabled = Residents can dislike
new-project = New project
create-project = Create project
view-project = View the project page
new-phase = New phase
add-phase = Add phase
moderators = Moderators
add-moderator = Add a moderator
new-topic = New topic
new-area = New area
rename = Rename

field-required = This field is required.
field-too_long = This is too long (at most { $limit } characters).
field-too_short = This is too short (at least { $limit } characters).
field-invalid = This value is not valid.
field-too_common = This password is among the first ones anyone would guess. Choose a longer or less common one.
field-unknown_locale = This language is not supported.
field-not_found = This does not exist.
field-taken = This is already in use.
field-before_start = The end must come after the start.

error-title-400 = Bad request
error-title-401 = Please sign in
error-title-403 = Not allowed
error-title-404 = Page not found
error-title-405 = Not possible here
error-title-409 = Conflict
error-title-413 = Too large
error-title-422 = Please check your input
error-title-429 = Too many attempts
error-title-500 = Something went wrong
error-title-502 = The sign-in service does not answer
error-invalid_input = Some fields need your attention.
error-malformed_json = The request body is not valid JSON.
error-payload_too_large = The request is too large.
error-not_signed_in = Please sign in first.
error-forbidden = You are not allowed to do this.
error-not_found = We could not find this page.
error-method_not_allowed = This address does not accept this kind of request.
error-email_taken = There is already an account with this e-mail address.
error-slug_taken = Another project already uses this web address.
error-invalid_credentials = The e-mail address or the password is not right.
error-rate_limited = Too many attempts. Please wait a moment and try again.
error-rate_limited-wait = Too many attempts. Please try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.
error-csrf_failed = This form has expired or came from another site. Please reload the page and try again.
error-phases_overlap = Phases of a project cannot overlap.
error-posting_not_allowed = Posting ideas is not possible in this project right now.
error-commenting_not_allowed = Commenting is not possible in this project right now.
error-reacting_not_allowed = Liking is not possible in this project right now.
error-disliking_not_allowed = Disliking is not possible in this project right now.
error-setup_done = This platform already has an administrator.
error-setup_token_required = This platform is set up with the link its operator received when starting Agora (`agora serve` prints it).
error-editing_closed = This idea can no longer be changed: the phase for ideas has ended.
error-answered_idea = The city has answered this idea, so it stays; you can withdraw it instead.
error-internal = Something went wrong on our side. Nothing you sent was lost: please try again.

# After something was done (?done=...)
done-idea-deleted = The idea was deleted.
done-idea-withdrawn = The idea was withdrawn.
done-comment-deleted = The comment was deleted.
done-phase-deleted = The phase was deleted.
done-phase-saved = The phase was saved.
done-topic-deleted = The topic was deleted.
done-area-deleted = The area was deleted.
done-moderator-added = The moderator was added.
done-moderator-removed = The moderator was removed.
done-token-revoked = The token was revoked.

# Confirmations and the back office
remove = Remove
remove-moderator = Remove as moderator
no-moderators = No moderators yet.
unconfirmed-emails = E-mail addresses are not confirmed yet: anyone can sign up with any address. Before giving someone a role, check with them that the account is theirs.
find-person = Find a person by name or e-mail
no-person-found = Nobody found.
account-made = account made on
email-unconfirmed = e-mail not confirmed
already-moderator = already a moderator
make-moderator = Make moderator
edit-phase = Edit the phase
delete-phase = Delete the phase
delete-idea = Delete the idea
delete-comment = Delete the comment
delete-topic = Delete the topic
delete-area = Delete the area
confirm-delete-idea = Delete the idea "{ $title }"?
confirm-delete-idea-detail = Its { $comments ->
        [one] one comment
       *[other] { $comments } comments
    } and { $reactions ->
        [one] one reaction
       *[other] { $reactions } reactions
    } will be deleted with it. This cannot be undone.
confirm-delete-comment = Delete this comment?
confirm-delete-phase = Delete the phase "{ $title }"?
confirm-delete-phase-detail = The ideas posted during it stay in the project.
confirm-delete-topic = Delete the topic "{ $title }"?
confirm-delete-area = Delete the area "{ $title }"?
confirm-delete-tag-detail = { $ideas ->
        [one] One idea
       *[other] { $ideas } ideas
    } and { $projects ->
        [one] one project
       *[other] { $projects } projects
    } use it; they will no longer have it.
confirm-remove-moderator = Remove { $name } as moderator of "{ $project }"?

# Edits and withdrawals
edited-on = Edited on { $date }
edited-by-staff-on = Edited by staff on { $date }
edited-by-staff = edited by staff
earlier-versions = Earlier versions
revision-before-edit = Before the edit of { $date } by { $name }
revision-before-staff-edit = Before the staff edit of { $date } by { $name }
withdraw-idea = Withdraw the idea
confirm-withdraw-idea = Withdraw the idea "{ $title }"?
confirm-withdraw-idea-detail = The city has answered it, so it stays visible with its answer, marked as withdrawn.

# Your account
your-account = Your account
your-language = Your language
language-name = English
api-tokens = API tokens
api-tokens-intro = Programs that use Agora on your behalf sign in with a token. Each expires 90 days after it was made; revoke one you no longer use.
no-api-tokens = No API tokens.
token-made = Made on
token-expires = expires on
revoke = Revoke
sign-out-everywhere = Sign out everywhere
sign-out-everywhere-intro = Ends your sessions on every device and revokes every API token: for a lost phone or a shared computer.
confirm-sign-out-everywhere = Sign out everywhere?
confirm-sign-out-everywhere-detail = You will have to sign in again on every device, this one included, and programs will need new tokens.
done-status-added = The status was added.
idea-statuses = Idea statuses
field-status-title = Name of a new status
field-status-code = Code (lower-case letters, digits, _ and -; used in links and the API)
field-status-color = Colour

# Background work (the outbox)
background-work = Background work
jobs-waiting = { $count ->
    [one] { $count } job waiting (notifications to write).
   *[other] { $count } jobs waiting (notifications to write).
}
job-failing = { $attempts ->
    [one] failed once; next try { $when }
   *[other] failed { $attempts } times; next try { $when }
}
job-given-up = given up on { $when } after { $attempts } attempts
job-kind-comment_posted = Tell of a new comment
job-kind-status_changed = Tell of a new status
job-kind-official_feedback = Tell of an official answer
job-retry = Try again now
done-job-retried = The job will run again now.

# Voting phases
method-voting = Voting
ideation-settings-hint = For a phase of ideas and discussion.
voting-settings = Voting
voting-settings-hint = For a voting phase. Amounts are whole euros.
field-voting-method = How residents vote
voting-method-single = Approve options (one vote each)
voting-method-multiple = Spread a number of votes
voting-method-budgeting = Spend a budget
field-budget = Budget (required to spend a budget)
field-min-total = Least a ballot must hold (money, votes or options)
field-max-total = Votes each resident spreads
field-max-per-option = Most votes on one option
field-max-options = Most options on one ballot
field-winners = Options that win (without a budget)
field-rule = Rule that decides the winners
rule-greedy = Most votes first (greedy)
rule-mes = Equal Shares
rule-mes-add1 = Equal Shares, completed with Add1
rule-mes-card = Equal Shares, counting options
rule-phragmen = Sequential Phragmén
live-totals = Show the totals while the vote runs
publish-automatically = Publish the results when the phase ends
permissions = Who may take part
who-may-posting = Who may post ideas
who-may-commenting = Who may comment
who-may-reacting = Who may like
who-may-voting = Who may vote
permitted-by-everyone = Everyone, without an account
permitted-by-users = Everyone with an account
permitted-by-confirmed = People with a confirmed e-mail address
permitted-by-groups = Members of the groups ticked below
permitted-by-staff = Staff only
groups = User groups
vote-now = Vote
ballot-heading = Your ballot
ballot-left-money = { $left } of { $total } left
ballot-used-votes = { $used } of { $total } votes used
ballot-used-options = { $used } of { $total } options chosen
ballot-chosen = { $used ->
        [one] One option chosen
       *[other] { $used } options chosen
    }
ballot-minimum-money = A ballot must spend at least { $min }.
ballot-minimum-votes = A ballot must give at least { $min } votes.
ballot-minimum-options = A ballot must choose at least { $min } options.
ballot-counted = Your ballot counted. Submitted on { $date }; your ballot code is { $code }.
ballot-changed-since = You changed your basket since: your ballot counts as you submitted it until you submit again.
ballot-draft = Your basket is not submitted yet: it counts only once you submit it.
ballot-options = Options
option-cost = Cost: { $amount }
option-votes-count = { $count ->
        [one] One vote so far
       *[other] { $count } votes so far
    }
in-basket = In your basket
basket-add = Add to my basket
basket-remove = Remove from my basket
basket-votes = Your votes for { $title }
basket-save-votes = Give these votes
ballot-submit = Submit my ballot
ballot-submit-changes = Submit my changes
ballot-withdraw = Withdraw my ballot
confirm-withdraw-ballot = Withdraw your ballot? It will no longer count. Your basket stays, and you can submit it again while the vote runs.
why-sign-in-voting = Sign in to vote.
why-groups = This vote is open to members of { $groups } only.
why-confirm-email = Confirm your e-mail address to take part.
why-staff-only = Only the project's staff take part in this phase.
done-ballot-submitted = Your ballot was submitted.
done-ballot-withdrawn = Your ballot was withdrawn.
done-basket-saved = Your basket was saved.
options = Options
no-options = No options yet.
field-cost = Cost in euros
field-idea = Idea
add-option = Add an idea of the project as an option
new-option = Write a new option
save-cost = Save the cost
remove-option = Remove this option
confirm-remove-option = Remove the option “{ $title }” from the vote? The idea itself stays.
offline-votes = Votes on paper
field-offline-voters = People who voted on paper
save-offline-votes = Save the paper votes
done-option-saved = The option was saved.
done-option-removed = The option was removed.
done-offline-saved = The paper votes were saved.
manage-options = Options, paper votes and results
group-name = Name of the group
create-group = Create the group
group-members = Members
members-count = { $count ->
        [one] One member
       *[other] { $count } members
    }
no-groups = No groups yet.
no-members = No members yet.
add-member = Add to the group
remove-member = Remove from the group
delete-group = Delete this group
confirm-delete-group = Delete the group “{ $name }”? Its members stay; phases open to it no longer let them in.
confirm-remove-member = Remove { $name } from the group “{ $group }”?
done-group-created = The group was created.
done-group-deleted = The group was deleted.
done-member-added = The person was added to the group.
done-member-removed = The person was removed from the group.
error-voting_not_allowed = Voting is not open here right now.
error-email_not_confirmed = Confirm your e-mail address to take part.
error-not_in_group = This is open to members of certain groups only.
error-staff_only = Only the project's staff can do this here.
error-not_an_option = This is not an option of this vote.
error-over_option_cap = That is more votes than one option may get.
error-too_many_options = Your ballot already holds as many options as it may.
error-too_many_votes = You have no votes left to give.
error-over_budget = This would go over the budget: remove an option first.
error-under_minimum = Your ballot does not reach the minimum yet.
error-empty_basket = Your basket is empty: choose at least one option.
error-option_has_votes = Some residents chose this option, so it stays in the vote.
why-shared-cost = Funded: { $voters } voters shared its cost.
why-by-votes = Funded: it had more votes than the options after it, and it fit in what was left of the budget.
why-by-votes-places = Chosen: it had more votes than the options after it.
why-completion = Funded with the money the rule left unspent, in order of votes.
why-spent-elsewhere = Not funded: its supporters' money was spent on { $options }, which more of them preferred.
why-no-room = Not funded: when its turn came, what was left of the budget did not cover its cost.
why-no-place = Not chosen: options with more votes took every place.
why-no-votes = Not funded: nobody voted for it.
list-and = { $first } and { $second }
notification-vote_results = The results of the vote “{ $phase }” are out.
notification-vote_reminder = Your basket in the vote “{ $phase }” is not submitted yet: the vote ends in a few days.
error-voting_still_open = The vote is still open: results come once it has ended.
error-results_not_published = The results of this vote are not published yet.
job-kind-count_votes = Count the votes of a phase
see-results = See the results
results = Results
results-computing = The votes are being counted. This page shows the results once the count is done.
results-progress = Counting: { $funded } options for { $spent } of { $budget } so far.
results-rule = The winners were chosen by the rule
results-voters = { $online } people voted online and { $offline } on paper.
results-spent = The winners cost { $spent } of the { $budget } budget.
results-chart = Votes per option; the winners in dark blue.
results-chart-caption = Votes per option, online and on paper; winners are dark blue.
results-votes = Votes
results-cost = Cost
results-why = Why
results-won = Won
results-on-paper = on paper
results-check = Check the count yourself
results-check-hint = Every ballot is published without names, under its ballot code. Download the file and count it again with Agora's open rules.
results-download = Download the ballots (Pabulib .pb file)
results-rerun = Count them again with:
results-log-head = Last hash of the ballot log:
results-your-code = Your ballot code
results-find-ballot = Find my ballot
ballot-found = This ballot counted. It chose: { $options }.
ballot-not-found = No counted ballot has this code.
publish-results = Count the votes and publish the results
count-needs-end = The votes can be counted once the phase has ended.
results-not-counted = Not counted yet.
results-published-on = Published on { $date }.
done-count-started = The votes are being counted: the results appear when the count is done.
groups-intro = A phase can open an action (voting, posting…) to the members of some groups only.
manage-groups = Manage the user groups
already-member = already a member
results-download-log = Download the ballot log (every submission, change and withdrawal, without names)
results-verify = Check that the log holds up to the hash above, and that the published ballots are the ones it recorded:
import-vote = Import a vote from a Pabulib file
import-vote-hint = For a vote held on paper or on another platform: each project of the file becomes an option, each ballot a counted ballot, and the phase takes the file's budget.
field-pb-file = The .pb file
import-failed = The file could not be imported:
done-vote-imported = The vote was imported.
error-vote_not_empty = This phase already has options or ballots: import into an empty voting phase.
carry-over = Add the ticked ideas as options
no-ideas-to-carry = Every idea of the project is already an option.
compare-rules = Compare the rules
compare-rules-hint = See what each rule would fund on the ballots so far (or the imported ones) before choosing one. Add1 on a large vote takes a few minutes.
comparison-computing = The rules are being compared; reload this page in a moment.
comparison-caption = What each rule funds, on { $ballots } ballots
comparison-spent = Spent
done-comparison-started = The rules are being compared.
job-kind-compare_rules = Compare the rules of a vote
field-too_small = This must be at least { $limit }.
field-too_large = This must be at most { $limit }.
option-too-dear = More than the { $left } left in your basket.
# Mail
mail-footer = You get this mail from { $site } because of your account there.
mail-footer-account = You get this mail from { $site } about your account. If you did not ask for it, you can ignore it.
mail-confirm-email-subject = Confirm your e-mail address for { $site }
mail-confirm-email-body = Hello { $name },

    Please confirm that { $email } is your address, so that { $site } can write to you about what you take part in. The link works for { $hours } hours.
mail-confirm-email-action = Confirm my address
mail-reset-password-subject = A new password for { $site }
mail-reset-password-body = Hello { $name },

    Someone (we hope you) asked for a new password for your account on { $site }. The link works once, for { $hours ->
        [one] one hour
       *[other] { $hours } hours
    }. Until you use it, your password stays as it is.
mail-reset-password-action = Choose a new password
mail-change-email-subject = Confirm your new e-mail address for { $site }
mail-change-email-body = Hello { $name },

    Please confirm that { $email } is your new address on { $site }. Until you do, we keep writing to the old one. The link works for { $hours } hours.
mail-change-email-action = Confirm my new address
mail-kind-confirm-email = Address confirmation
mail-kind-reset-password = Password reset
mail-kind-change-email = New address confirmation
job-kind-send_mail = Send a mail
# Accounts by mailed link
confirm-email-title = Confirm your e-mail address
confirm-email-intro = One click, and your address is confirmed.
confirm-email-button = Confirm my address
link-broken-title = This link no longer works
link-broken-confirm = It was used already, it expired, or a newer link replaced it.
link-broken-sign-in = Sign in to ask for a new link
link-broken-reset = It was used already, it expired, or a newer link replaced it. Ask for a new one: it comes at once.
reset-ask-again = Ask for a new link
resend-confirmation = Send me a new link
reset-password-title = Forgot your password?
reset-password-intro = Give the e-mail address of your account: we mail you a link to choose a new password. It works for { $hours ->
        [one] one hour
       *[other] { $hours } hours
    }.
send-reset-link = Send me a link
new-password-title = Choose a new password
new-password-intro = After this, you sign in with the new password everywhere: every device signed in with the old one is signed out.
field-new-password = New password (at least 8 characters)
field-current-password = Current password
set-password = Save my new password
forgot-password = Forgot your password?
email-confirmed = Your e-mail address is confirmed.
email-not-confirmed = Your e-mail address is not confirmed yet: follow the link we mailed to it.
confirm-reminder = Please confirm your e-mail address: we mailed you a link.
confirm-reminder-link = Your account
change-password = Change my password
change-password-hint = Every other device signed in to your account is signed out; this one stays signed in.
sign-out-elsewhere = Sign out on other devices
sign-out-elsewhere-intro = Ends every other session and API token of your account; this browser stays signed in.
field-wrong = This is not right.
error-link_invalid = This link no longer works: it was used already, it expired, or a newer link replaced it.
done-email-confirmed = Your e-mail address is confirmed. Thank you.
done-confirmation-sent = A new link is on its way to your mailbox.
done-reset-link-sent = If an account uses this address, a link to choose a new password is on its way to it.
done-password-reset = Your new password is saved. Sign in with it.
done-password-changed = Your new password is saved. Other devices are signed out.
done-signed-out-elsewhere = Every other device is signed out.
done-mail-retried = The mail will be sent again.
# Outgoing mail (staff)
outgoing-mail = Outgoing mail
outgoing-mail-intro = Every mail the platform sends, newest first. A mail that cannot be sent is tried again, less and less often, for about six hours; then it is listed as failed with its error, and you can start it again once the cause is fixed.
mail-show-all = Show all mail
mail-show-unsent = Show only mail not sent yet
no-mail = No mail yet.
older-mail = Older mail
mail-retry = Send again
mail-state-sent = Sent { $when }.
mail-state-waiting = Waiting to be sent (since { $when }).
mail-state-retrying = Not sent yet: { $attempts } attempt(s) failed; trying again.
mail-state-failed = Failed after { $attempts } attempts; no longer tried.
# Notification mails and their settings
mail-notification-body = Hello { $name },

    { $what }
mail-notification-action = See it on { $site }
mail-stop-these = Stop mails like this one
mail-settings = Mail I get
mail-settings-intro = Mail me when:
mail-choice-status_changed = an idea I follow (mine included) gets a new status
mail-choice-official_feedback = the city answers an idea I follow (mine included)
mail-choice-comment_reply = someone replies to my comment
mail-choice-comment_on_your_idea = someone comments on my idea
mail-choice-comment_on_followed_idea = someone comments on an idea I follow
mail-choice-vote_results = the results of a vote I took part in are out
mail-choice-vote_reminder = my basket in a vote is not submitted a few days before the end
mail-choice-digest = once a week, what is new in the projects I can see
mail-choice-all = every mail but the ones about your account.
mail-stop-all = Stop all mail
mail-stop-all-intro = Or get no mail at all (except about your account: a forgotten password, a new address).
unsubscribe-title = Stop mails
unsubscribe-intro = One click, and we stop sending you mails about:
unsubscribe-button = Stop these mails
unsubscribe-done = Done: no more mails about
unsubscribe-broken = This link does not work. Choose your mails here:
done-mail-settings-saved = Your choices are saved.
done-mail-stopped = You get no more mail from us, except about your account.
mail-kind-status-changed = New status
mail-kind-official-feedback = Official answer
mail-kind-comment-reply = Reply to a comment
mail-kind-comment-on-your-idea = Comment on one's idea
mail-kind-comment-on-followed-idea = Comment on a followed idea
mail-kind-vote-results = Results of a vote
mail-kind-vote-reminder = Basket not submitted
change-email = Change my e-mail address
field-new-email = New e-mail address
change-email-hint = We mail a link to the new address; your address changes when you follow it.
done-email-change-sent = A link is on its way to the new address: your address changes when you follow it.
people = People
administrator = administrator
block = Block
unblock = Lift the block
blocked-since = Blocked since
confirm-block = Block { $name }?
confirm-block-detail = They can still read the site, like anyone, but no longer sign in, post, comment, react or vote; every device of theirs is signed out now. What they wrote stays. You can lift the block at any time.
done-person-blocked = The person is blocked and signed out everywhere.
done-person-unblocked = The block is lifted: the person can sign in again.
error-account_blocked = This account is blocked. If you think this is a mistake, contact the city.
error-sign_in_failed = Signing in with your city account did not work: the answer could not be checked, or the sign-in took too long. Please try again.
error-provider_unavailable = The city's sign-in service does not answer right now. Please try again in a moment, or sign in with your password.
error-provider_no_email = Your city account did not share an e-mail address it has checked, and an account here needs one. Confirm your e-mail address with your city account and allow sharing it, or sign up here with a password.
sign-in-with = Sign in with { $provider }
sign-in-or = or
sign-in-provider-terms = Signing in for the first time makes an account here and accepts the
people-intro = Find people, and block those who abuse the platform.
delete-account = Delete my account
delete-account-link = Delete my account…
delete-account-goes = Your account goes, with your name, your e-mail address, your likes, the ideas you follow, your notifications and your settings. You are signed out everywhere. This cannot be undone.
delete-account-stays = Your ballots stay counted, without your name: a published result does not change.
delete-account-content = Your ideas and comments:
delete-account-keep = keep them, shown as written by a former participant
delete-account-erase = delete them too (ideas that are options of a vote stay, without your name, so that no ballot loses its choice)
delete-account-button = Delete my account for good
done-account-deleted = Your account is deleted. Thank you for taking part.
former-participant = a former participant
error-last_admin = You are the platform's only administrator: make someone else administrator first.
privacy = Privacy
terms = Terms of use
accept-terms = I accept the
sign-up-privacy = What we keep about you, and why:
terms-version = Version { $version }, { $date }
privacy-default = This platform keeps your name, your e-mail address and what you post, like and vote, to run the participation you take part in. Your e-mail address is never shown to others. You can delete your account and your data from your account page at any time. The city running this platform has not yet published its own privacy notice; ask it for details.
terms-none = The city running this platform has not published terms of use.
legal-texts = Privacy notice and terms of use
legal-texts-intro = Write the privacy notice and the terms of use (Markdown) in the language of this page; the other languages keep theirs. Once terms exist, people signing up accept them, and the version they accepted is kept.
terms-hint = Each save is a new version: people who sign up from now on accept it.
done-legal-saved = The text is published.
mail-data-export-subject = Your data on { $site }
mail-data-export-body = Hello { $name },

    Here is everything { $site } holds about you, as you asked: a JSON file in a zip. The link works for { $days } days.
mail-data-export-action = Download my data
mail-kind-data-export = Personal data
job-kind-export_data = Gather a person's data
your-data = Your data
your-data-intro = Everything this platform holds about you (your account, ideas, comments, likes, ballots, notifications and choices), as a file we mail you a link to.
send-my-data = Mail me my data
done-export-requested = Your data is being gathered: a link to it will arrive by mail.
mail-digest-subject = This week on { $site }
mail-digest-body = Hello { $name },

    What happened on { $site } this week:
mail-digest-action = See everything on { $site }
mail-staff-digest-subject = For staff: this week on { $site }
mail-staff-digest-body = Hello { $name },

    What waits for you on { $site }, project by project:
mail-staff-digest-action = Open the back office
mail-kind-digest = Weekly digest
mail-kind-staff-digest = Staff digest
digest-idea = “{ $idea }”: { $likes ->
        [one] one like
       *[other] { $likes } likes
    }, { $comments ->
        [one] one comment
       *[other] { $comments } comments
    }.
digest-newest-comment = Newest: { $who }: “{ $said }”
digest-new-project = New project: { $project }
digest-phase-opened = Now open in { $project }: { $phase }
digest-staff-project = { $project }: { $waiting ->
        [one] one new idea
       *[other] { $waiting } new ideas
    } without an answer, { $ballots ->
        [one] one ballot
       *[other] { $ballots } ballots
    } received
export-people = Download everyone as a spreadsheet (XLSX)
export-name = Name
export-email = E-mail address
export-joined = Joined
export-confirmed = Address confirmed
export-admin = Administrator
export-blocked = Blocked since
yes = yes
no = no
invite = Invite
invite-intro = An account is made and a link to choose its password is mailed; following it confirms the address. The link works for a week.
invite-file = A CSV or XLSX file
invite-file-hint = One person per line (or spreadsheet row): the e-mail address, then (optionally) the name, separated by a comma (or in the next column).
invite-from-file = Invite everyone in the file
invitation-sent = { $email } is invited: the link is on its way.
invitation-has-account = { $email } has an account already: nothing was sent.
invitations-report = { $invited } invited, { $had } with an account already, { $refused } lines refused.
invitations-refused-lines = Refused lines: { $lines }.
mail-invitation-subject = You are invited to { $site }
mail-invitation-body = Hello { $name },

    { $site } invites you to take part. Choose your password to start: the link works for { $days } days.
mail-invitation-action = Choose my password
mail-kind-invitation = Invitation
your-profile = Your profile
your-picture = Your picture
field-bio = A few words about yourself (optional)
field-avatar = Your picture
avatar-hint = A PNG, JPEG, GIF or WebP picture of at most 5 MB. Agora keeps a small square copy, without the file's hidden details (such as where a photo was taken).
save-avatar = Use this picture
remove-avatar = Remove my picture
done-profile-saved = Your profile is saved.
done-avatar-saved = Your picture is saved.
done-avatar-removed = Your picture is removed.
done-names-saved = The way names are shown is saved.
names-heading = How names are shown
names-abbreviate = Show people's names abbreviated on public pages ("Jane D." for "Jane Doe")
field-not_an_image = This is not a picture Agora can read: choose a PNG, JPEG, GIF or WebP file.
field-file_too_large = This file is larger than { $limit } MB.
who-may-answering_survey = Who may answer the survey
who-may-taking_poll = Who may take the poll
method-survey = Survey
method-poll = Poll
error-answering_survey_not_allowed = This survey does not take answers now.
error-taking_poll_not_allowed = This poll does not take answers now.
error-already_answered = You have already answered. Thank you!
field-file_type = This kind of file is not accepted. Send a PDF, a picture, an office document or a text file.
field-not_an_option = This is not one of the choices.
field-too_few = Choose more options.
field-too_many = Choose fewer options.
field-out_of_range = Choose a point on the scale.
field-incomplete = Answer every part of this question.
field-unknown_question = This question is not in the form.
field-below_minimum = This number is below the smallest allowed.
field-above_maximum = This number is above the largest allowed.
export-response = Response
export-submitted = Submitted
export-respondent = Respondent
export-version = Form version
export-path = Pages
export-latitude = Latitude
export-longitude = Longitude
export-other = Other
export-answered = Answered
export-answer = Answer
export-count = Count
export-percent = Percent
export-mean = Mean
export-borda = Borda points
why-sign-in-answering = Sign in to answer.
survey-progress = Page { $page } of { $pages }
survey-next = Next
survey-back = Back
survey-submit = Submit my answers
survey-required = required
survey-errors = Some answers need another look:
survey-other-text = Your other answer
survey-stars = stars
survey-rank-hint = Give each option its place: 1 for what matters most.
survey-file-attached = A file is attached. Choose another to replace it.
survey-file-hint = A PDF, a picture, an office document or a text file, at most 10 MB.
survey-file-sign-in = Sign in to attach a file.
survey-number-between = A number from { $min } to { $max }.
survey-number-at-least = A number of at least { $min }.
survey-number-at-most = A number of at most { $max }.
survey-choose-between = Choose from { $min } to { $max }.
survey-choose-at-least = Choose at least { $min }.
survey-choose-at-most = Choose at most { $max }.
survey-thanks = Thank you, your answers are in.
survey-responses = { $count ->
    [one] One response
   *[other] { $count } responses
}
survey-answered-by = Answered by { $count }
survey-filter = Only the responses that chose
survey-filter-all = All responses
survey-search = Search the written answers
survey-apply = Show
survey-export-xlsx = Download XLSX
survey-export-csv = Download CSV
survey-statement = Statement
survey-download = Download the file
survey-paths = Ways through the pages
answer-survey = Answer the survey
take-poll = Take the poll
survey-settings = Survey and poll settings
survey-settings-hint = For a survey or a poll phase. A poll always takes one answer a person.
survey-one-response = One response per person
survey-anonymous = Anonymous: responses keep no link to the person
survey-results-public = Everyone sees the results once the phase is over
survey-results-live = Everyone sees the results while the phase runs
survey-build = Questions of the form
builder-back = The phase
builder-see-public = See the project's page
builder-poll-hint = A poll asks single and multiple choice questions.
builder-answered = { $count ->
    [one] One person has answered.
   *[other] { $count } people have answered.
} You can still add questions and fix typos; changing or removing a question that has answers asks first, and its answers stay in the exports.
builder-not-saved = The form was not saved:
builder-empty = The form has no page yet. Add one below.
builder-page-number = Page
builder-move-up = Move up
builder-move-down = Move down
builder-remove = Remove
builder-page-settings = Title, text and where the page leads
builder-page-title = Title of the page
builder-page-text = Text of the page
builder-next = After this page, go to
builder-save-page = Save the page
builder-edit = Edit
builder-question-type = Type of question
builder-question-title = Question
builder-add-question = Add the question
builder-logic = Skip logic
builder-add-logic = Add skip logic
builder-rule-when = When the answer is
builder-rule-goto = go to
builder-add-rule = Add the rule
builder-add-page = Add a page
builder-closing = Closing message
builder-save-closing = Save the closing message
builder-goto-end = The end of the form
builder-goto-next = The next page
builder-rule = When “{ $question }” is “{ $option }”, go to { $goto }.
builder-page = Page { $number }
builder-option = Option
builder-edit-question = Edit the question
builder-change-warning = This question already has answers. Saving will:
builder-change-removed = remove a question that has answers (they stay in the exports);
builder-change-type_changed = change the type of a question that has answers (the old answers stay in the exports);
builder-change-options_removed = remove options that people chose (their answers stay in the exports).
builder-change-anyway = Save anyway
builder-help = Help text (optional)
builder-required = An answer is required
builder-options = Options
builder-remove-option = Remove
builder-new-options = New options, one per line
builder-other = Offer “Other” with a text
builder-rows = Statements
builder-new-rows = New statements, one per line
builder-min-number = Smallest number allowed
builder-max-number = Largest number allowed
builder-min-linear_scale = First point of the scale (0 or 1)
builder-max-linear_scale = Last point of the scale
builder-min-matrix = First point of the scale (0 or 1)
builder-max-matrix = Last point of the scale
builder-min-multiple_choice = Fewest options to choose
builder-max-multiple_choice = Most options to choose
builder-min-label = What the first point means
builder-max-label = What the last point means
builder-save-question = Save the question
confirm-remove-question = Remove this question?
confirm-remove-page = Remove this page and its questions?
builder-answers-stay = { $count ->
    [one] One person has answered the form: their answers stay in the exports.
   *[other] { $count } people have answered the form: their answers stay in the exports.
}
question-type-short_text = Short text
question-type-long_text = Long text
question-type-number = Number
question-type-single_choice = Single choice
question-type-multiple_choice = Multiple choice
question-type-linear_scale = Linear scale
question-type-rating = Rating
question-type-ranking = Ranking
question-type-matrix = Matrix
question-type-date = Date
question-type-point = Point on a map
question-type-file = File upload
field-answered = This cannot change once people have answered.
survey-filtered = Only the responses that chose:
survey-filter-remove = Remove this filter
survey-filter-also = Also only those that chose
