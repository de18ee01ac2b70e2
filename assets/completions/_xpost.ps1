
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'xpost' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'xpost'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'xpost' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from this file')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Attach an image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images')
            [CompletionResult]::new('--media', '--media', [CompletionResultType]::ParameterName, 'Attach media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB), recognised by their bytes')
            [CompletionResult]::new('--alt', '--alt', [CompletionResultType]::ParameterName, 'Alt text for the --image or --media just before it (at most 1000 characters)')
            [CompletionResult]::new('--sensitive', '--sensitive', [CompletionResultType]::ParameterName, 'Mark the --image or --media just before it as sensitive (X''s warning over it): adult, violence or other. Repeat for more than one')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Subtitles for the video (--media) just before it: LANG a two-letter language code (en, fr, ja...), PATH an SRT or WebVTT file (UTF-8, at most 1 MiB). Repeat for more languages')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag someone in the post''s images: a username (with or without @; @ before one of digits only) or a user id. Repeat for up to 10; needs an image')
            [CompletionResult]::new('--reply-to', '--reply-to', [CompletionResultType]::ParameterName, 'Reply to this post (an id, or its URL on x.com or twitter.com)')
            [CompletionResult]::new('--quote', '--quote', [CompletionResultType]::ParameterName, 'Quote this post (an id, or its URL on x.com or twitter.com). Enterprise plans only: refused before anything is sent under self-serve (see --plan)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'The app''s X plan: self-serve (pay-per-use, Basic, Pro: no quotes, at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve')
            [CompletionResult]::new('--thread', '--thread', [CompletionResultType]::ParameterName, 'Post a thread from this file (- for stdin): posts separated by lines holding only ---, images as lines of the form ![alt text](path), optionally followed by {sensitive=KIND subtitles=LANG=PATH tag=USER}, and a poll in the last post as lines of the form - [ ] option')
            [CompletionResult]::new('--poll', '--poll', [CompletionResultType]::ParameterName, 'Add a poll with this option (1 to 25 characters); repeat for 2 to 4 options. Not with media or a quote; a thread''s poll is written in its file. The options down to --paid-partnership apply to every post of a thread, but --community')
            [CompletionResult]::new('--poll-duration', '--poll-duration', [CompletionResultType]::ParameterName, 'How long the poll (--poll''s, or the thread file''s) runs, with its unit: e.g. 15m, 2h, 1d, 7d (5 minutes to 7 days). Default: 1d')
            [CompletionResult]::new('--reply-settings', '--reply-settings', [CompletionResultType]::ParameterName, 'Who may reply: following (accounts you follow), mentioned (accounts the post mentions), subscribers or verified. Default: everyone')
            [CompletionResult]::new('--community', '--community', [CompletionResultType]::ParameterName, 'Post in this community (its id, the number in x.com/i/communities/ID). Not with --thread')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--share-with-followers', '--share-with-followers', [CompletionResultType]::ParameterName, 'Show the community post to your followers too (only with --community)')
            [CompletionResult]::new('--made-with-ai', '--made-with-ai', [CompletionResultType]::ParameterName, 'Label the post as made with AI')
            [CompletionResult]::new('--paid-partnership', '--paid-partnership', [CompletionResultType]::ParameterName, 'Label the post as a paid partnership')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Post a text longer than 280 weighted characters (the argument, - or --file) as a thread: posts of at most 280 each, cut at a paragraph break, else at a sentence''s end, else at a space, never inside a URL, a mention, a hashtag or an emoji. Media go on the first post, a poll on the last. A text that fits is one post. (An account with a subscription may post up to 25,000 in one post without it.) E.g. xpost --split --number --file essay.txt')
            [CompletionResult]::new('--number', '--number', [CompletionResultType]::ParameterName, 'With --split: end each post with " k/N" (counted in its length), e.g. xpost --split --number - < notes.txt')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and print what would be sent, without sending anything')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against xpost''s built-in imitation of X: no account needed, nothing is posted publicly')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in, check or end the stored login, or print its access token')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run xpost''s imitation of X, for trying xpost and testing scripts without an account')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your posts, by id or URL: each deleted post''s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Replace one of your posts with a new version (X''s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying')
            [CompletionResult]::new('article', 'article', [CompletionResultType]::ParameterValue, 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. xpost man > xpost.1')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;auth' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshed if needed), for other tools')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make another stored login the default, the one used without --account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;auth;setup' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--from-env', '--from-env', [CompletionResultType]::ParameterName, 'Keep the X_* variables the environment (or --env-file) holds now, after checking them, without asking anything: for servers and scripts')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Delete the app set up (the default, or --app NAME): its settings and its secrets, keyring entry included')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;login' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;status' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;logout' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete the login here even if X cannot revoke it (its grant may stay live at X)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;token' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;list' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;switch' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;auth;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshed if needed), for other tools')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make another stored login the default, the one used without --account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;auth;help;setup' {
            break
        }
        'xpost;auth;help;login' {
            break
        }
        'xpost;auth;help;status' {
            break
        }
        'xpost;auth;help;logout' {
            break
        }
        'xpost;auth;help;token' {
            break
        }
        'xpost;auth;help;list' {
            break
        }
        'xpost;auth;help;switch' {
            break
        }
        'xpost;auth;help;help' {
            break
        }
        'xpost;sandbox' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs')
            [CompletionResult]::new('consent', 'consent', [CompletionResultType]::ParameterValue, 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;sandbox;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port to listen on (127.0.0.1 only); 0 picks a free one')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'A callback to register besides http://127.0.0.1:5000/oauth/callback. Repeatable')
            [CompletionResult]::new('--processing-polls', '--processing-polls', [CompletionResultType]::ParameterName, 'How many STATUS polls a GIF or video takes to process; 0 finishes at finalize')
            [CompletionResult]::new('--fault', '--fault', [CompletionResultType]::ParameterName, 'Make an endpoint fail, as ''METHOD ROUTE=KIND[:ARG][*TIMES]'' (TIMES defaults to 1), e.g. ''POST /2/tweets=drop-after-read'', ''POST /2/media/upload/{id}/append=status:503*2'', ''GET /2/users/me=delay:3s''. KIND is status:N, delay:DURATION, drop-before-read, drop-after-read, truncated, not-json or bad-id (the answer''s data.id is no id). Repeatable; faults for one route are met in order. Change them while serving with POST or DELETE /_sandbox/faults')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'The app''s plan: permissive (everything allowed) or self-serve (no quotes; at most one cashtag; replies only to your own posts, to posts that mention you or quote you)')
            [CompletionResult]::new('--credits', '--credits', [CompletionResultType]::ParameterName, 'Prepaid credits: each request that succeeds spends one; then X answers 402')
            [CompletionResult]::new('--daily-post-limit', '--daily-post-limit', [CompletionResultType]::ParameterName, 'Posts per user per 24 hours, with X''s x-user-limit-24hour-* headers; then 429')
            [CompletionResult]::new('--edit-window', '--edit-window', [CompletionResultType]::ParameterName, 'How long after a post is posted it may be edited (X documents 30 minutes)')
            [CompletionResult]::new('--edits', '--edits', [CompletionResultType]::ParameterName, 'How many edits a post may have (X documents 5)')
            [CompletionResult]::new('--field-names', '--field-names', [CompletionResultType]::ParameterName, 'The names a post lookup takes: tweet (tweet.fields, edit_history_tweet_ids, as X''s docs) or post (post.fields, edit_history_post_ids, as X''s OpenAPI description v2.167)')
            [CompletionResult]::new('--missing-post', '--missing-post', [CompletionResultType]::ParameterName, 'How a lookup of a post that does not exist is answered: errors (200 with only errors) or 404')
            [CompletionResult]::new('--delete-answer', '--delete-answer', [CompletionResultType]::ParameterName, 'How a deletion is answered: data (200 {"data":{"deleted":true|false}}), 204 (no body for a post deleted), errors (200 with only errors for a post already gone) or 404 (for a post already gone)')
            [CompletionResult]::new('--error-shape', '--error-shape', [CompletionResultType]::ParameterName, 'How refusals are worded: problem (type, title, detail), errors (only an errors list), code ({"code", "message"}) or flat (OpenAPI v2.167: types under api.x.com, a refused parameter as one flat invalid-request)')
            [CompletionResult]::new('--subscription', '--subscription', [CompletionResultType]::ParameterName, 'The accounts'' subscription: none (posts of up to 280 weighted characters), basic, premium or premiumplus (up to 25,000). POST /_sandbox/subscription with {"subscription":"none"} changes it while the sandbox runs (a subscription that lapses)')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--usage-capped', '--usage-capped', [CompletionResultType]::ParameterName, 'Answer every request with 429 usage-capped, as when a usage cap is reached')
            [CompletionResult]::new('--unenrolled', '--unenrolled', [CompletionResultType]::ParameterName, 'Answer every request with 403 client-forbidden, as for an app not attached to a project')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;sandbox;consent' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Click Cancel instead of Authorize')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;sandbox;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs')
            [CompletionResult]::new('consent', 'consent', [CompletionResultType]::ParameterValue, 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;sandbox;help;serve' {
            break
        }
        'xpost;sandbox;help;consent' {
            break
        }
        'xpost;sandbox;help;help' {
            break
        }
        'xpost;delete' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be deleted, and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;edit' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the new version''s text from this file')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Replace the post''s media with this image (JPEG, PNG, WEBP or GIF, at most 5 MB). Repeat for up to 4 images')
            [CompletionResult]::new('--media', '--media', [CompletionResultType]::ParameterName, 'Replace the post''s media with media of any kind X takes: images, an animated GIF (15 MB) or an MP4/MOV video (512 MB)')
            [CompletionResult]::new('--alt', '--alt', [CompletionResultType]::ParameterName, 'Alt text for the --image or --media just before it (at most 1000 characters)')
            [CompletionResult]::new('--sensitive', '--sensitive', [CompletionResultType]::ParameterName, 'Mark the --image or --media just before it as sensitive: adult, violence or other')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Subtitles for the video (--media) just before it, as LANG=PATH (as for a post)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'The app''s X plan: self-serve (pay-per-use, Basic, Pro: at most one cashtag a post, refused before anything is sent) or enterprise. Default: X_PLAN, else self-serve')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--no-media', '--no-media', [CompletionResultType]::ParameterName, 'The new version has no media (without this, or --image/--media, it keeps the post''s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and say what would be sent, without sending anything (not even the read of the post)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;article' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The title (without it, the file''s first level-1 heading)')
            [CompletionResult]::new('--cover', '--cover', [CompletionResultType]::ParameterName, 'A cover image (JPEG, PNG, WEBP or GIF, at most 5 MB)')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--draft', '--draft', [CompletionResultType]::ParameterName, 'Create the draft only, and print its id: publish it on X')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and print the draft''s body (JSON) that would be sent, without sending anything')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;completions' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;man' {
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to authorize with X: oauth1 (the four OAuth 1.0a keys; no browser, nothing stored) or oauth2 (a consent once, then the stored login). Default: XPOST_AUTH, else oauth2 when X_CLIENT_ID is set, else oauth1 when the four keys are')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'How long to wait for consent in the browser, e.g. 300, 90s or 5m')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account to use, by its username (with or without @), among the stored logins (xpost auth list); the default when not given. Also XPOST_ACCOUNT')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app to use, by its name, among those set up with xpost auth setup; the first set up when not given. Also XPOST_APP')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read credentials from this file instead of ./.env')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'With --wait, the longest to wait for a rate limit''s reset, e.g. 15m; a later reset (a 24-hour limit) ends the run at once with 75, naming it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The longest one request to X may take, e.g. 60s')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'The longest connecting to X may take')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'The longest the whole run may take (waits for consent, processing and rate limits included); then xpost gives up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the consent URL and wait for the redirect')
            [CompletionResult]::new('--no-interactive', '--no-interactive', [CompletionResultType]::ParameterName, 'Never wait for a consent: a run that needs one exits with 77 at once (as when CI is set)')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Keep the OAuth 2.0 login''s tokens in its file (readable only by you) rather than the system''s keyring, for logins and refreshes of this run. Also XPOST_INSECURE_STORAGE=1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress bars or notes on stderr; errors, and the consent URL of --no-browser, still show')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to X and the quota left (-v); with -vv also headers and bodies, secrets redacted. On stderr')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'When X''s rate limit is used up, wait for its reset and go on instead of exiting with 75')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'xpost;help' {
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in, check or end the stored login, or print its access token')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run xpost''s imitation of X, for trying xpost and testing scripts without an account')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete your posts, by id or URL: each deleted post''s id on stdout, one per line (--json: a list of {id, deleted}). A post already gone counts as deleted, so a repeat succeeds; never asks to confirm')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Replace one of your posts with a new version (X''s edit): its URL on stdout. Reads the post first (one request) and says why X would not edit it, without trying')
            [CompletionResult]::new('article', 'article', [CompletionResultType]::ParameterValue, 'Publish an X Article from a Markdown file (accounts with a subscription): the URL of the post that carries it on stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (e.g. xpost completions bash > /etc/bash_completion.d/xpost)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. xpost man > xpost.1')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'xpost;help;auth' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up the app xpost posts with, once, for every directory: says what to create in X''s developer console, asks for its keys (secrets hidden), checks them with X and keeps them (secrets in the system keyring, the rest in your configuration directory)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Ask X for consent now and store the login of the account that consents (added, or replacing that account''s); the first login becomes the default')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is logged in (the default, or --account NAME), where the login and its tokens are stored (the system keyring, or its file) and whether X accepts it')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke a login (the default, or --account NAME) at X and delete it here; a login X could not revoke is kept')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshed if needed), for other tools')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every stored login: username, where its tokens are (keyring or file), expiry, scopes; the default is marked with *')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make another stored login the default, the one used without --account')
            break
        }
        'xpost;help;auth;setup' {
            break
        }
        'xpost;help;auth;login' {
            break
        }
        'xpost;help;auth;status' {
            break
        }
        'xpost;help;auth;logout' {
            break
        }
        'xpost;help;auth;token' {
            break
        }
        'xpost;help;auth;list' {
            break
        }
        'xpost;help;auth;switch' {
            break
        }
        'xpost;help;sandbox' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the imitation until stopped, keeping accounts, tokens and posts across runs')
            [CompletionResult]::new('consent', 'consent', [CompletionResultType]::ParameterValue, 'Act as a browser on the sandbox''s consent page: usable as $BROWSER where none exists')
            break
        }
        'xpost;help;sandbox;serve' {
            break
        }
        'xpost;help;sandbox;consent' {
            break
        }
        'xpost;help;delete' {
            break
        }
        'xpost;help;edit' {
            break
        }
        'xpost;help;article' {
            break
        }
        'xpost;help;completions' {
            break
        }
        'xpost;help;man' {
            break
        }
        'xpost;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
