# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_xpost_global_optspecs
    string join \n file= image= media= alt= sensitive= subtitles= tag= reply-to= quote= plan= thread= poll= poll-duration= reply-settings= community= share-with-followers made-with-ai paid-partnership split number dry-run sandbox json no-browser auth= no-interactive auth-timeout= account= app= env-file= insecure-storage q/quiet v/verbose wait max-wait= timeout= connect-timeout= max-time= h/help V/version
end

function __fish_xpost_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_xpost_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_xpost_using_subcommand
    set -l cmd (__fish_xpost_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c xpost -n "__fish_xpost_needs_command" -l file -d 'Read the text from this file' -r -F
complete -c xpost -n "__fish_xpost_needs_command" -l image -d 'Attach an image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images' -r -F
complete -c xpost -n "__fish_xpost_needs_command" -l media -d 'Attach media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB), recognised by their bytes' -r -F
complete -c xpost -n "__fish_xpost_needs_command" -l alt -d 'Alt text for the --image or --media just before it (at most 1000 characters)' -r
complete -c xpost -n "__fish_xpost_needs_command" -l sensitive -d 'Mark the --image or --media just before it as sensitive (X\'s warning over it): adult, violence or other. Repeat for more than one' -r -f -a "adult\t'Adult content (nudity, sexual content)'
violence\t'Graphic violence'
other\t'Other sensitive content'"
complete -c xpost -n "__fish_xpost_needs_command" -l subtitles -d 'Subtitles for the video (--media) just before it: LANG a two-letter language code (en, fr, ja...), PATH an SRT or WebVTT file (UTF-8, at most 1 MiB). Repeat for more languages' -r
complete -c xpost -n "__fish_xpost_needs_command" -l tag -d 'Tag someone in the post\'s images: a username (with or without @; @ before one of digits only) or a user id. Repeat for up to 10; needs an image' -r
complete -c xpost -n "__fish_xpost_needs_command" -l reply-to -d 'Reply to this post (an id, or its URL on x.com or twitter.com)' -r
complete -c xpost -n "__fish_xpost_needs_command" -l quote -d 'Quote this post (an id, or its URL on x.com or twitter.com). Enterprise plans only: refused before anything is sent under self-serve (see --plan)' -r
complete -c xpost -n "__fish_xpost_needs_command" -l plan -d 'The app\'s X plan: self-serve (pay-per-use, Basic, Pro: no quotes, at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve' -r -f -a "self-serve\t'X\'s self-serve plans (pay-per-use, Basic, Pro): no quotes, at most one cashtag a post'
enterprise\t'An Enterprise plan: quotes and cashtags are X\'s to judge'"
complete -c xpost -n "__fish_xpost_needs_command" -l thread -d 'Post a thread from this file (- for stdin): posts separated by lines holding only ---, images as lines of the form ![alt text](path), optionally followed by {sensitive=KIND subtitles=LANG=PATH tag=USER}, and a poll in the last post as lines of the form - [ ] option' -r -F
complete -c xpost -n "__fish_xpost_needs_command" -l poll -d 'Add a poll with this option (1 to 25 characters); repeat for 2 to 4 options. Not with media or a quote; a thread\'s poll is written in its file. The options down to --paid-partnership apply to every post of a thread, but --community' -r
complete -c xpost -n "__fish_xpost_needs_command" -l poll-duration -d 'How long the poll (--poll\'s, or the thread file\'s) runs, with its unit: e.g. 15m, 2h, 1d, 7d (5 minutes to 7 days). Default: 1d' -r
complete -c xpost -n "__fish_xpost_needs_command" -l reply-settings -d 'Who may reply: following (accounts you follow), mentioned (accounts the post mentions), subscribers or verified. Default: everyone' -r -f -a "following\t'Accounts the author follows'
mentioned\t'Accounts mentioned in the post'
subscribers\t'The author\'s subscribers'
verified\t'Verified accounts'"
complete -c xpost -n "__fish_xpost_needs_command" -l community -d 'Post in this community (its id, the number in x.com/i/communities/ID). Not with --thread' -r
complete -c xpost -n "__fish_xpost_needs_command" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_needs_command" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_needs_command" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_needs_command" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_needs_command" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_needs_command" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_needs_command" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_needs_command" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_needs_command" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_needs_command" -l share-with-followers -d 'Show the community post to your followers too (only with --community)'
complete -c xpost -n "__fish_xpost_needs_command" -l made-with-ai -d 'Label the post as made with AI'
complete -c xpost -n "__fish_xpost_needs_command" -l paid-partnership -d 'Label the post as a paid partnership'
complete -c xpost -n "__fish_xpost_needs_command" -l split -d 'Post a text longer than 280 weighted characters (the argument, - or --file) as a thread: posts of at most 280 each, cut at a paragraph break, else at a sentence\'s end, else at a space, never inside a URL, a mention, a hashtag or an emoji. Media go on the first post, a poll on the last. A text that fits is one post. (An account with a subscription may post up to 25,000 in one post without it.) E.g. xpost --split --number --file essay.txt'
complete -c xpost -n "__fish_xpost_needs_command" -l number -d 'With --split: end each post with " k/N" (counted in its length), e.g. xpost --split --number - < notes.txt'
complete -c xpost -n "__fish_xpost_needs_command" -l dry-run -d 'Check everything and print what would be sent, without sending anything'
complete -c xpost -n "__fish_xpost_needs_command" -l sandbox -d 'Run against xpost\'s built-in imitation of X: no account needed, nothing is posted publicly'
complete -c xpost -n "__fish_xpost_needs_command" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_needs_command" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_needs_command" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_needs_command" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_needs_command" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_needs_command" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_needs_command" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_needs_command" -s V -l version -d 'Print version'
complete -c xpost -n "__fish_xpost_needs_command" -a "auth" -d 'Log in, check or end the stored login, or print its access token'
complete -c xpost -n "__fish_xpost_needs_command" -a "sandbox" -d 'Run xpost\'s imitation of X, for trying xpost and testing scripts without an account'
complete -c xpost -n "__fish_xpost_needs_command" -a "delete" -d 'Delete your posts, by id or URL: each deleted post\'s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm'
complete -c xpost -n "__fish_xpost_needs_command" -a "edit" -d 'Replace one of your posts with a new version (X\'s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying'
complete -c xpost -n "__fish_xpost_needs_command" -a "article" -d 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout'
complete -c xpost -n "__fish_xpost_needs_command" -a "completions" -d 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)'
complete -c xpost -n "__fish_xpost_needs_command" -a "man" -d 'Print the manual page (roff), e.g. xpost man > xpost.1'
complete -c xpost -n "__fish_xpost_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "setup" -d 'Set up the app xpost posts with, once, for every directory: says what to create in X\'s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "login" -d 'Ask X for consent now and store the login of the account that consents (added, or replacing that account\'s); the first login becomes the default'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "status" -d 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "logout" -d 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "token" -d 'Print a valid access token (refreshed if needed), for other tools'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "list" -d 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "switch" -d 'Make another stored login the default, the one used without --account'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and not __fish_seen_subcommand_from setup login status logout token list switch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l from-env -d 'Keep the X_* variables the environment (or --env-file) holds now, after checking them, without asking anything: for servers and scripts'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l remove -d 'Delete the app set up (the default, or --app NAME): its settings and its secrets, keyring entry included'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l force -d 'Delete the login here even if X cannot revoke it (its grant may stay live at X)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Set up the app xpost posts with, once, for every directory: says what to create in X\'s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Ask X for consent now and store the login of the account that consents (added, or replacing that account\'s); the first login becomes the default'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "token" -d 'Print a valid access token (refreshed if needed), for other tools'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "switch" -d 'Make another stored login the default, the one used without --account'
complete -c xpost -n "__fish_xpost_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -f -a "serve" -d 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -f -a "consent" -d 'Act as a browser on the sandbox\'s consent page: usable as $BROWSER where none exists'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and not __fish_seen_subcommand_from serve consent help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l port -d 'The port to listen on (127.0.0.1 only); 0 picks a free one' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l redirect-uri -d 'A callback to register besides http://127.0.0.1:5000/oauth/callback. Repeatable' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l processing-polls -d 'How many STATUS polls a GIF or video takes to process; 0 finishes at finalize' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l fault -d 'Make an endpoint fail, as \'METHOD ROUTE=KIND[:ARG][*TIMES]\' (TIMES defaults to 1), e.g. \'POST /2/tweets=drop-after-read\', \'POST /2/media/upload/{id}/append=status:503*2\', \'GET /2/users/me=delay:3s\'. KIND is status:N, delay:DURATION, drop-before-read, drop-after-read, truncated, not-json or bad-id (the answer\'s data.id is no id). Repeatable; faults for one route are met in order. Change them while serving with POST or DELETE /_sandbox/faults' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l plan -d 'The app\'s plan: permissive (everything allowed) or self-serve (no quotes; at most one cashtag; replies only to your own posts, to posts that mention you or quote you)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l credits -d 'Prepaid credits: each request that succeeds spends one; then X answers 402' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l daily-post-limit -d 'Posts per user per 24 hours, with X\'s x-user-limit-24hour-* headers; then 429' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l edit-window -d 'How long after a post is posted it may be edited (X documents 30 minutes)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l edits -d 'How many edits a post may have (X documents 5)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l field-names -d 'The names a post lookup takes: tweet (tweet.fields, edit_history_tweet_ids, as X\'s docs) or post (post.fields, edit_history_post_ids, as X\'s OpenAPI description v2.167)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l missing-post -d 'How a lookup of a post that does not exist is answered: errors (200 with only errors) or 404' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l delete-answer -d 'How a deletion is answered: data (200 {"data":{"deleted":true|false}}), 204 (no body for a post deleted), errors (200 with only errors for a post already gone) or 404 (for a post already gone)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l error-shape -d 'How refusals are worded: problem (type, title, detail), errors (only an errors list), code ({"code", "message"}) or flat (OpenAPI v2.167: types under api.x.com, a refused parameter as one flat invalid-request)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l subscription -d 'The accounts\' subscription: none (posts of up to 280 weighted characters), basic, premium or premiumplus (up to 25,000). POST /_sandbox/subscription with {"subscription":"none"} changes it while the sandbox runs (a subscription that lapses)' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l usage-capped -d 'Answer every request with 429 usage-capped, as when a usage cap is reached'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l unenrolled -d 'Answer every request with 403 client-forbidden, as for an app not attached to a project'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l cancel -d 'Click Cancel instead of Authorize'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from consent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "consent" -d 'Act as a browser on the sandbox\'s consent page: usable as $BROWSER where none exists'
complete -c xpost -n "__fish_xpost_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l dry-run -d 'List what would be deleted, and send nothing'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l file -d 'Read the new version\'s text from this file' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l image -d 'Replace the post\'s media with this image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l media -d 'Replace the post\'s media with media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB)' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l alt -d 'Alt text for the --image or --media just before it (at most 1000 characters)' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l sensitive -d 'Mark the --image or --media just before it as sensitive: adult, violence or other' -r -f -a "adult\t'Adult content (nudity, sexual content)'
violence\t'Graphic violence'
other\t'Other sensitive content'"
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l subtitles -d 'Subtitles for the video (--media) just before it, as LANG=PATH (as for a post)' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l plan -d 'The app\'s X plan: self-serve (pay-per-use, Basic, Pro: at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve' -r -f -a "self-serve\t'X\'s self-serve plans (pay-per-use, Basic, Pro): no quotes, at most one cashtag a post'
enterprise\t'An Enterprise plan: quotes and cashtags are X\'s to judge'"
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l no-media -d 'The new version has no media (without this, or --image/--media, it keeps the post\'s)'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l dry-run -d 'Check everything and say what would be sent, without sending anything (not even the read of the post)'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l title -d 'The title (without it, the file\'s first level-1 heading)' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l cover -d 'A cover image (JPEG, PNG, WEBP or GIF, at most 5 MB)' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand article" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand article" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand article" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand article" -l draft -d 'Create the draft only, and print its id: publish it on X'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l dry-run -d 'Check everything and print the draft\'s body (JSON) that would be sent, without sending anything'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand article" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand article" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand article" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand article" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand man" -l auth -d 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are' -r -f -a "oauth1\t'OAuth 1.0a user context: the four keys from the developer portal. No consent, no login, nothing stored'
oauth2\t'OAuth 2.0 with PKCE: a consent in a browser once, then a stored, refreshed login'"
complete -c xpost -n "__fish_xpost_using_subcommand man" -l auth-timeout -d 'How long to wait for consent in the browser, e.g. 300, 90s or 5m' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l account -d 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l app -d 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l env-file -d 'Read credentials from this file instead of ./.env' -r -F
complete -c xpost -n "__fish_xpost_using_subcommand man" -l max-wait -d 'With --wait, the longest to wait for a rate limit\'s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l timeout -d 'The longest one request to X may take, e.g. 60s' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l connect-timeout -d 'The longest connecting to X may take' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l max-time -d 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up' -r
complete -c xpost -n "__fish_xpost_using_subcommand man" -l json -d 'Print the result as JSON'
complete -c xpost -n "__fish_xpost_using_subcommand man" -l no-browser -d 'Do not open a browser; print the consent URL and wait for the redirect'
complete -c xpost -n "__fish_xpost_using_subcommand man" -l no-interactive -d 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
complete -c xpost -n "__fish_xpost_using_subcommand man" -l insecure-storage -d 'Keep the OAuth 2.0 login\'s tokens in its file (readable only by you) rather than the system\'s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
complete -c xpost -n "__fish_xpost_using_subcommand man" -s q -l quiet -d 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
complete -c xpost -n "__fish_xpost_using_subcommand man" -s v -l verbose -d 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
complete -c xpost -n "__fish_xpost_using_subcommand man" -l wait -d 'When X\'s rate limit is used up, wait for its reset and go on instead of exiting with 75'
complete -c xpost -n "__fish_xpost_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "auth" -d 'Log in, check or end the stored login, or print its access token'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "sandbox" -d 'Run xpost\'s imitation of X, for trying xpost and testing scripts without an account'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "delete" -d 'Delete your posts, by id or URL: each deleted post\'s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "edit" -d 'Replace one of your posts with a new version (X\'s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "article" -d 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "completions" -d 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "man" -d 'Print the manual page (roff), e.g. xpost man > xpost.1'
complete -c xpost -n "__fish_xpost_using_subcommand help; and not __fish_seen_subcommand_from auth sandbox delete edit article completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "setup" -d 'Set up the app xpost posts with, once, for every directory: says what to create in X\'s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Ask X for consent now and store the login of the account that consents (added, or replacing that account\'s); the first login becomes the default'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "token" -d 'Print a valid access token (refreshed if needed), for other tools'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "list" -d 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "switch" -d 'Make another stored login the default, the one used without --account'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "serve" -d 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
complete -c xpost -n "__fish_xpost_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "consent" -d 'Act as a browser on the sandbox\'s consent page: usable as $BROWSER where none exists'
