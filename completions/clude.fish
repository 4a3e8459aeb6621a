# fish completion for clude.
# Installed as share/fish/vendor_completions.d/clude.fish (or copy it to
# ~/.config/fish/completions/).
#
# Vendor names come from `clude providers list` (its NAME column is the first
# field that is neither the ★ marker nor the row number); model ids from
# `clude models list` (the first field that is not ★), up to the blank line
# before its footer; saved sessions from `clude sessions list` (ID, and NAME
# when it is not "-").

# The clude being completed (./clude, ~/bin/clude …), else clude.
function __clude_bin
    set -l c (commandline -opc)[1]
    if test -n "$c"; and command -sq -- $c
        echo $c
    else
        echo clude
    end
end

function __clude_vendors
    set -l bin (__clude_bin)
    $bin providers list 2>/dev/null | awk 'NR > 1 {
        for (i = 1; i <= NF; i++)
            if ($i != "★" && $i !~ /^[0-9]+$/) { print $i; break }
    }'
end

function __clude_sessions
    set -l bin (__clude_bin)
    $bin sessions list 2>/dev/null | awk 'NR > 1 && NF {
        print $1
        if ($2 != "-") print $2
    }'
end

# true right after "chat --resume" (its ID or NAME is optional)
function __clude_resume_arg
    __clude_in chat; or return 1
    test (commandline -opc)[-1] = --resume
end

# Model ids of the vendor named by -P/--provider on the line, else of the
# current vendor.
function __clude_models
    set -l words (commandline -opc)
    set -l vendor
    for i in (seq 2 (count $words))
        switch $words[$i]
            case -P --provider
                set -l j (math $i + 1)
                if test $j -le (count $words)
                    set vendor $words[$j]
                end
            case '--provider=*'
                set vendor (string replace -- '--provider=' '' $words[$i])
            case '-P?*'
                set vendor (string sub -s 3 -- $words[$i])
        end
    end
    set -l args models list
    if test -n "$vendor"
        set args $args --provider $vendor
    end
    set -l bin (__clude_bin)
    $bin $args 2>/dev/null | awk 'NR > 1 {
        if (NF == 0) exit
        print ($1 == "★" ? $2 : $1)
    }'
end

# The words after the options: command, subcommand, arguments. Global
# options with a value (-p -P -m -s --timeout --max-tokens --temperature)
# and the subcommands' options with a value are skipped with their value.
function __clude_args
    set -l words (commandline -opc)
    set -e words[1]
    set -l skip 0
    for w in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $w
            case -p --prompt -P --provider -m --model -s --system --timeout --max-tokens \
                --temperature --type --region --api-key --base-url --default-model \
                --api-version --organization --unset --since --by --limit
                set skip 1
            case '-*'
            case '*'
                echo $w
        end
    end
end

# true when the non-option words so far are exactly $argv
function __clude_is
    set -l a (__clude_args)
    test (count $a) -eq (count $argv); or return 1
    for i in (seq (count $argv))
        test "$a[$i]" = "$argv[$i]"; or return 1
    end
end

# true when the first non-option words are $argv (anything may follow)
function __clude_in
    set -l a (__clude_args)
    test (count $a) -ge (count $argv); or return 1
    for i in (seq (count $argv))
        test "$a[$i]" = "$argv[$i]"; or return 1
    end
end

function __clude_no_args
    test (count (__clude_args)) -eq 0
end

function __clude_no_command
    __clude_no_args; or return 1
    # -p PROMPT takes no command
    not contains -- -p (commandline -opc); and not contains -- --prompt (commandline -opc)
end

complete -c clude -f

# global options (before the command)
complete -c clude -n __clude_no_args -s p -l prompt -x -d 'Send one prompt and print the reply'
complete -c clude -n __clude_no_args -s P -l provider -x -a '(__clude_vendors)' -d 'Vendor to use'
complete -c clude -n __clude_no_args -s m -l model -x -a '(__clude_models)' -d 'Model to use'
complete -c clude -n __clude_no_args -s s -l system -x -d 'System prompt'
complete -c clude -n __clude_no_args -l no-stream -d 'Wait for the whole reply'
complete -c clude -n __clude_no_args -l json -d 'Print one JSON object'
complete -c clude -n __clude_no_args -l plain -d 'Line-by-line chat instead of the full-screen one'
complete -c clude -n __clude_no_args -l timeout -x -d 'Give up after SECS without data'
complete -c clude -n __clude_no_args -l max-tokens -x -d 'Cap the reply length'
complete -c clude -n __clude_no_args -l temperature -x -d 'Sampling temperature'
complete -c clude -n __clude_no_args -s v -l verbose -d 'Print a status line on stderr'
complete -c clude -n __clude_no_args -s q -l quiet -d 'No hints or warnings on stderr'
complete -c clude -n __clude_no_args -s h -l help -d 'Show help'
complete -c clude -n __clude_no_args -s V -l version -d 'Print the version'

# commands
complete -c clude -n __clude_no_command -a chat -d 'Interactive chat (the default)'
complete -c clude -n __clude_no_command -a providers -d 'List, show and configure vendors'
complete -c clude -n __clude_no_command -a models -d "List a vendor's models"
complete -c clude -n __clude_no_command -a usage -d 'Tokens, cost and latency of past requests'
complete -c clude -n __clude_no_command -a sessions -d 'List, show and remove saved conversations'
complete -c clude -n __clude_no_command -a help -d 'Show help for a command'
complete -c clude -n __clude_no_command -a version -d 'Print the version'

# chat
complete -c clude -n '__clude_in chat' -s P -l provider -x -a '(__clude_vendors)' -d 'Vendor to use'
complete -c clude -n '__clude_in chat' -s m -l model -x -a '(__clude_models)' -d 'Model to use'
complete -c clude -n '__clude_in chat' -s s -l system -x -d 'System prompt'
complete -c clude -n '__clude_in chat' -l plain -d 'Line-by-line chat instead of the full-screen one'
complete -c clude -n '__clude_in chat' -l resume -d 'Continue a saved conversation (the most recent without ID or NAME)'
complete -c clude -n __clude_resume_arg -a '(__clude_sessions)' -d 'Session'
complete -c clude -n '__clude_in chat' -s h -l help -d 'Show help'

# help
complete -c clude -n '__clude_is help' -a 'chat providers models usage sessions help version'

# providers
complete -c clude -n '__clude_is providers' -a list -d 'List every vendor with its status'
complete -c clude -n '__clude_is providers' -a show -d "Show one vendor's settings"
complete -c clude -n '__clude_is providers' -a config -d "Write a vendor's settings to the config file"
set -l __clude_plist '__clude_is providers; or __clude_in providers list; or __clude_in providers ls'
complete -c clude -n $__clude_plist -l type -x -a 'cloud local aggregator custom' -d 'Only vendors of this type'
complete -c clude -n $__clude_plist -l region -x -a 'intl china any' -d 'Only vendors of this region'
complete -c clude -n $__clude_plist -l configured -d 'Only vendors configured or running'
complete -c clude -n $__clude_plist -s h -l help -d 'Show help'
complete -c clude -n '__clude_is providers' -a check -d 'Probe vendors with one live call each'
complete -c clude -n '__clude_is providers show' -x -a '(__clude_vendors)'
complete -c clude -n '__clude_in providers check' -x -a '(__clude_vendors)'
set -l __clude_pconf '__clude_in providers config; or __clude_in providers set'
complete -c clude -n '__clude_is providers config; or __clude_is providers set' -x -a '(__clude_vendors)'
complete -c clude -n $__clude_pconf -l api-key -x -d 'Set api_key'
complete -c clude -n $__clude_pconf -l base-url -x -d 'Set base_url'
complete -c clude -n $__clude_pconf -l default-model -x -d 'Set default_model'
complete -c clude -n $__clude_pconf -l api-version -x -d 'Set api_version'
complete -c clude -n $__clude_pconf -l organization -x -d 'Set organization'
complete -c clude -n $__clude_pconf -l type -x -a 'openai_compat (__clude_vendors)' -d 'Set type'
complete -c clude -n $__clude_pconf -l enable -d 'Set enabled: true'
complete -c clude -n $__clude_pconf -l disable -d 'Set enabled: false'
complete -c clude -n $__clude_pconf -l unset -x -a 'api_key base_url default_model api_version organization type enabled' -d 'Remove a key'
complete -c clude -n $__clude_pconf -s h -l help -d 'Show help'

# models
complete -c clude -n '__clude_is models' -a list -d "List a vendor's models"
set -l __clude_mlist '__clude_is models; or __clude_in models list; or __clude_in models ls'
complete -c clude -n $__clude_mlist -s P -l provider -x -a '(__clude_vendors)' -d 'Vendor whose models to list'
complete -c clude -n $__clude_mlist -l live -d "Ask the vendor's /models endpoint"
complete -c clude -n $__clude_mlist -l refresh -d 'Like --live, ignoring the cache'
complete -c clude -n $__clude_mlist -s h -l help -d 'Show help'

# usage
complete -c clude -n '__clude_in usage' -l since -x -a '30m 24h 7d 2w' -d 'Only requests since then (or YYYY-MM-DD)'
complete -c clude -n '__clude_in usage' -l by -x -a 'provider model day' -d 'One row per vendor, model or day'
complete -c clude -n '__clude_in usage' -l json -d 'Print one JSON object'
complete -c clude -n '__clude_in usage' -s h -l help -d 'Show help'

# sessions
complete -c clude -n '__clude_is sessions' -a list -d 'List saved conversations, the most recent first'
complete -c clude -n '__clude_is sessions' -a show -d 'Show a whole conversation'
complete -c clude -n '__clude_is sessions' -a rm -d 'Delete a conversation'
set -l __clude_slist '__clude_is sessions; or __clude_in sessions list; or __clude_in sessions ls'
complete -c clude -n $__clude_slist -l limit -x -d 'Show at most N sessions'
complete -c clude -n $__clude_slist -l json -d 'Print JSON'
complete -c clude -n $__clude_slist -s h -l help -d 'Show help'
complete -c clude -n '__clude_in sessions show' -l json -d 'Print JSON'
complete -c clude -n '__clude_is sessions show; or __clude_is sessions rm; or __clude_is sessions remove' -x -a '(__clude_sessions)'
