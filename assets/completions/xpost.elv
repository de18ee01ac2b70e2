
use builtin;
use str;

set edit:completion:arg-completer[xpost] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'xpost'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'xpost'= {
            cand --file 'Read the text from this file'
            cand --image 'Attach an image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images'
            cand --media 'Attach media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB), recognised by their bytes'
            cand --alt 'Alt text for the --image or --media just before it (at most 1000 characters)'
            cand --sensitive 'Mark the --image or --media just before it as sensitive (X''s warning over it): adult, violence or other. Repeat for more than one'
            cand --subtitles 'Subtitles for the video (--media) just before it: LANG a two-letter language code (en, fr, ja...), PATH an SRT or WebVTT file (UTF-8, at most 1 MiB). Repeat for more languages'
            cand --tag 'Tag someone in the post''s images: a username (with or without @; @ before one of digits only) or a user id. Repeat for up to 10; needs an image'
            cand --reply-to 'Reply to this post (an id, or its URL on x.com or twitter.com)'
            cand --quote 'Quote this post (an id, or its URL on x.com or twitter.com). Enterprise plans only: refused before anything is sent under self-serve (see --plan)'
            cand --plan 'The app''s X plan: self-serve (pay-per-use, Basic, Pro: no quotes, at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve'
            cand --thread 'Post a thread from this file (- for stdin): posts separated by lines holding only ---, images as lines of the form ![alt text](path), optionally followed by {sensitive=KIND subtitles=LANG=PATH tag=USER}, and a poll in the last post as lines of the form - [ ] option'
            cand --poll 'Add a poll with this option (1 to 25 characters); repeat for 2 to 4 options. Not with media or a quote; a thread''s poll is written in its file. The options down to --paid-partnership apply to every post of a thread, but --community'
            cand --poll-duration 'How long the poll (--poll''s, or the thread file''s) runs, with its unit: e.g. 15m, 2h, 1d, 7d (5 minutes to 7 days). Default: 1d'
            cand --reply-settings 'Who may reply: following (accounts you follow), mentioned (accounts the post mentions), subscribers or verified. Default: everyone'
            cand --community 'Post in this community (its id, the number in x.com/i/communities/ID). Not with --thread'
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --share-with-followers 'Show the community post to your followers too (only with --community)'
            cand --made-with-ai 'Label the post as made with AI'
            cand --paid-partnership 'Label the post as a paid partnership'
            cand --split 'Post a text longer than 280 weighted characters (the argument, - or --file) as a thread: posts of at most 280 each, cut at a paragraph break, else at a sentence''s end, else at a space, never inside a URL, a mention, a hashtag or an emoji. Media go on the first post, a poll on the last. A text that fits is one post. (An account with a subscription may post up to 25,000 in one post without it.) E.g. xpost --split --number --file essay.txt'
            cand --number 'With --split: end each post with " k/N" (counted in its length), e.g. xpost --split --number - < notes.txt'
            cand --dry-run 'Check everything and print what would be sent, without sending anything'
            cand --sandbox 'Run against xpost''s built-in imitation of X: no account needed, nothing is posted publicly'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand auth 'Log in, check or end the stored login, or print its access token'
            cand sandbox 'Run xpost''s imitation of X, for trying xpost and testing scripts without an account'
            cand delete 'Delete your posts, by id or URL: each deleted post''s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm'
            cand edit 'Replace one of your posts with a new version (X''s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying'
            cand article 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout'
            cand completions 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)'
            cand man 'Print the manual page (roff), e.g. xpost man > xpost.1'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;auth'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand setup 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
            cand login 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default'
            cand status 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
            cand logout 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
            cand token 'Print a valid access token (refreshed if needed), for other tools'
            cand list 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
            cand switch 'Make another stored login the default, the one used without --account'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;auth;setup'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --from-env 'Keep the X_* variables the environment (or --env-file) holds now, after checking them, without asking anything: for servers and scripts'
            cand --remove 'Delete the app set up (the default, or --app NAME): its settings and its secrets, keyring entry included'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;login'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;status'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;logout'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --force 'Delete the login here even if X cannot revoke it (its grant may stay live at X)'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;token'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;list'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;switch'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;auth;help'= {
            cand setup 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
            cand login 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default'
            cand status 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
            cand logout 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
            cand token 'Print a valid access token (refreshed if needed), for other tools'
            cand list 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
            cand switch 'Make another stored login the default, the one used without --account'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;auth;help;setup'= {
        }
        &'xpost;auth;help;login'= {
        }
        &'xpost;auth;help;status'= {
        }
        &'xpost;auth;help;logout'= {
        }
        &'xpost;auth;help;token'= {
        }
        &'xpost;auth;help;list'= {
        }
        &'xpost;auth;help;switch'= {
        }
        &'xpost;auth;help;help'= {
        }
        &'xpost;sandbox'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand serve 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
            cand consent 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;sandbox;serve'= {
            cand --port 'The port to listen on (127.0.0.1 only); 0 picks a free one'
            cand --redirect-uri 'A callback to register besides http://127.0.0.1:5000/oauth/callback. Repeatable'
            cand --processing-polls 'How many STATUS polls a GIF or video takes to process; 0 finishes at finalize'
            cand --fault 'Make an endpoint fail, as ''METHOD ROUTE=KIND[:ARG][*TIMES]'' (TIMES defaults to 1), e.g. ''POST /2/tweets=drop-after-read'', ''POST /2/media/upload/{id}/append=status:503*2'', ''GET /2/users/me=delay:3s''. KIND is status:N, delay:DURATION, drop-before-read, drop-after-read, truncated, not-json or bad-id (the answer''s data.id is no id). Repeatable; faults for one route are met in order. Change them while serving with POST or DELETE /_sandbox/faults'
            cand --plan 'The app''s plan: permissive (everything allowed) or self-serve (no quotes; at most one cashtag; replies only to your own posts, to posts that mention you or quote you)'
            cand --credits 'Prepaid credits: each request that succeeds spends one; then X answers 402'
            cand --daily-post-limit 'Posts per user per 24 hours, with X''s x-user-limit-24hour-* headers; then 429'
            cand --edit-window 'How long after a post is posted it may be edited (X documents 30 minutes)'
            cand --edits 'How many edits a post may have (X documents 5)'
            cand --field-names 'The names a post lookup takes: tweet (tweet.fields, edit_history_tweet_ids, as X''s docs) or post (post.fields, edit_history_post_ids, as X''s OpenAPI description v2.167)'
            cand --missing-post 'How a lookup of a post that does not exist is answered: errors (200 with only errors) or 404'
            cand --delete-answer 'How a deletion is answered: data (200 {"data":{"deleted":true|false}}), 204 (no body for a post deleted), errors (200 with only errors for a post already gone) or 404 (for a post already gone)'
            cand --error-shape 'How refusals are worded: problem (type, title, detail), errors (only an errors list), code ({"code", "message"}) or flat (OpenAPI v2.167: types under api.x.com, a refused parameter as one flat invalid-request)'
            cand --subscription 'The accounts'' subscription: none (posts of up to 280 weighted characters), basic, premium or premiumplus (up to 25,000). POST /_sandbox/subscription with {"subscription":"none"} changes it while the sandbox runs (a subscription that lapses)'
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --usage-capped 'Answer every request with 429 usage-capped, as when a usage cap is reached'
            cand --unenrolled 'Answer every request with 403 client-forbidden, as for an app not attached to a project'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;sandbox;consent'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --cancel 'Click Cancel instead of Authorize'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;sandbox;help'= {
            cand serve 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
            cand consent 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;sandbox;help;serve'= {
        }
        &'xpost;sandbox;help;consent'= {
        }
        &'xpost;sandbox;help;help'= {
        }
        &'xpost;delete'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --dry-run 'List what would be deleted, and send nothing'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;edit'= {
            cand --file 'Read the new version''s text from this file'
            cand --image 'Replace the post''s media with this image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images'
            cand --media 'Replace the post''s media with media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB)'
            cand --alt 'Alt text for the --image or --media just before it (at most 1000 characters)'
            cand --sensitive 'Mark the --image or --media just before it as sensitive: adult, violence or other'
            cand --subtitles 'Subtitles for the video (--media) just before it, as LANG=PATH (as for a post)'
            cand --plan 'The app''s X plan: self-serve (pay-per-use, Basic, Pro: at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve'
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --no-media 'The new version has no media (without this, or --image/--media, it keeps the post''s)'
            cand --dry-run 'Check everything and say what would be sent, without sending anything (not even the read of the post)'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;article'= {
            cand --title 'The title (without it, the file''s first level-1 heading)'
            cand --cover 'A cover image (JPEG, PNG, WEBP or GIF, at most 5 MB)'
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --draft 'Create the draft only, and print its id: publish it on X'
            cand --dry-run 'Check everything and print the draft''s body (JSON) that would be sent, without sending anything'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;completions'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;man'= {
            cand --auth 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are'
            cand --auth-timeout 'How long to wait for consent in the browser, e.g. 300, 90s or 5m'
            cand --account 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT'
            cand --app 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP'
            cand --env-file 'Read credentials from this file instead of ./.env'
            cand --max-wait 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it'
            cand --timeout 'The longest one request to X may take, e.g. 60s'
            cand --connect-timeout 'The longest connecting to X may take'
            cand --max-time 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up'
            cand --json 'Print the result as JSON'
            cand --no-browser 'Do not open a browser; print the consent URL and wait for the redirect'
            cand --no-interactive 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)'
            cand --insecure-storage 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1'
            cand -q 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand --quiet 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show'
            cand -v 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --verbose 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr'
            cand --wait 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'xpost;help'= {
            cand auth 'Log in, check or end the stored login, or print its access token'
            cand sandbox 'Run xpost''s imitation of X, for trying xpost and testing scripts without an account'
            cand delete 'Delete your posts, by id or URL: each deleted post''s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm'
            cand edit 'Replace one of your posts with a new version (X''s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying'
            cand article 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout'
            cand completions 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)'
            cand man 'Print the manual page (roff), e.g. xpost man > xpost.1'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'xpost;help;auth'= {
            cand setup 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)'
            cand login 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default'
            cand status 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it'
            cand logout 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept'
            cand token 'Print a valid access token (refreshed if needed), for other tools'
            cand list 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *'
            cand switch 'Make another stored login the default, the one used without --account'
        }
        &'xpost;help;auth;setup'= {
        }
        &'xpost;help;auth;login'= {
        }
        &'xpost;help;auth;status'= {
        }
        &'xpost;help;auth;logout'= {
        }
        &'xpost;help;auth;token'= {
        }
        &'xpost;help;auth;list'= {
        }
        &'xpost;help;auth;switch'= {
        }
        &'xpost;help;sandbox'= {
            cand serve 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs'
            cand consent 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists'
        }
        &'xpost;help;sandbox;serve'= {
        }
        &'xpost;help;sandbox;consent'= {
        }
        &'xpost;help;delete'= {
        }
        &'xpost;help;edit'= {
        }
        &'xpost;help;article'= {
        }
        &'xpost;help;completions'= {
        }
        &'xpost;help;man'= {
        }
        &'xpost;help;help'= {
        }
    ]
    $completions[$command]
}
