# bash completion for clude                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/clude, or: source clude.bash
#
# Vendor names come from `clude providers list` (its NAME column is the first
# field that is neither the ★ marker nor the row number); model ids from
# `clude models list` (the first field that is not ★), up to the blank line
# before its footer; saved sessions from `clude sessions list` (ID, and NAME
# when it is not "-").

_clude_bin()
{
    local c=${COMP_WORDS[0]}
    c=${c/#\~/$HOME}
    if [[ $c == */* && -x $c ]] || type -P -- "$c" >/dev/null 2>&1; then
        printf '%s\n' "$c"
    else
        printf 'clude\n'
    fi
}

_clude_vendors()
{
    "$(_clude_bin)" providers list 2>/dev/null | awk 'NR > 1 {
        for (i = 1; i <= NF; i++)
            if ($i != "★" && $i !~ /^[0-9]+$/) { print $i; break }
    }'
}

# $1: vendor name, or empty for the current vendor
_clude_models()
{
    local -a args=(models list)
    [[ -n $1 ]] && args+=(--provider "$1")
    "$(_clude_bin)" "${args[@]}" 2>/dev/null | awk 'NR > 1 {
        if (NF == 0) exit
        print ($1 == "★" ? $2 : $1)
    }'
}

_clude_sessions()
{
    "$(_clude_bin)" sessions list 2>/dev/null | awk 'NR > 1 && NF {
        print $1
        if ($2 != "-") print $2
    }'
}

_clude()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    # "--opt=value" is split by COMP_WORDBREAKS into "--opt" "=" "value"
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi

    local global_opts="-p --prompt -P --provider -m --model -s --system --no-stream --json
        --plain --timeout --max-tokens --temperature -v --verbose -q --quiet -h --help -V --version"
    local commands="chat providers models usage sessions help version"

    # Walk the words before the cursor: global options, the command, its
    # subcommand and arguments, and the vendor chosen with -P/--provider
    # (for model ids).
    local i w cmd="" sub="" vendor="" prompt=0 skip=0 nargs=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((skip)); then
            [[ $w == "=" ]] && continue
            skip=0
            [[ $vendor == "?" ]] && vendor=$w
            continue
        fi
        # an option right after "providers"/"models"/"sessions" means "list"
        [[ $w == -* && -z $sub && ($cmd == providers || $cmd == models || $cmd == sessions) ]] && sub=list
        case $w in
            -P | --provider) skip=1; vendor="?"; continue ;;
            --provider=*) vendor=${w#*=}; continue ;;
            -p | --prompt) [[ -z $cmd ]] && prompt=1; skip=1; continue ;;
            -m | --model | -s | --system | --timeout | --max-tokens | --temperature | \
                --type | --region | --api-key | --base-url | --default-model | \
                --api-version | --organization | --unset | --since | --by | --limit) skip=1; continue ;;
            -* | "=") continue ;;
        esac
        if [[ -z $cmd ]]; then
            cmd=$w
        elif [[ -z $sub && ($cmd == providers || $cmd == models || $cmd == sessions) ]]; then
            sub=$w
        else
            ((nargs++))
        fi
    done
    [[ $vendor == "?" ]] && vendor=""

    # the value of an option
    case $prev in
        -P | --provider)
            COMPREPLY=($(compgen -W "$(_clude_vendors)" -- "$cur"))
            return
            ;;
        -m | --model)
            COMPREPLY=($(compgen -W "$(_clude_models "$vendor")" -- "$cur"))
            return
            ;;
        --type)
            if [[ $cmd == providers && $sub == config ]]; then
                COMPREPLY=($(compgen -W "openai_compat $(_clude_vendors)" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "cloud local aggregator custom" -- "$cur"))
            fi
            return
            ;;
        --region)
            COMPREPLY=($(compgen -W "intl china any" -- "$cur"))
            return
            ;;
        --by)
            COMPREPLY=($(compgen -W "provider model day" -- "$cur"))
            return
            ;;
        --since)
            COMPREPLY=($(compgen -W "30m 24h 7d 2w" -- "$cur"))
            return
            ;;
        --resume)
            # its argument is optional: an ID or NAME, or nothing (the most recent)
            if [[ $cmd == chat && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "$(_clude_sessions)" -- "$cur"))
                return
            fi
            ;;
        --unset)
            COMPREPLY=($(compgen -W "api_key base_url default_model api_version organization
                type enabled" -- "$cur"))
            return
            ;;
        -p | --prompt | -s | --system | --timeout | --max-tokens | --temperature | \
            --api-key | --base-url | --default-model | --api-version | --organization | --limit)
            return
            ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global_opts" -- "$cur"))
        elif ((!prompt)); then
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    case $cmd in
        chat)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "-P --provider -m --model -s --system --plain
                --resume --help" -- "$cur"))
            ;;
        usage)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--since --by --json --help" -- "$cur"))
            ;;
        sessions)
            case $sub in
                "")
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--limit --json --help" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -W "list show rm" -- "$cur"))
                    fi
                    ;;
                list | ls)
                    [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--limit --json --help" -- "$cur"))
                    ;;
                show)
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--json --help" -- "$cur"))
                    elif ((nargs == 0)); then
                        COMPREPLY=($(compgen -W "$(_clude_sessions)" -- "$cur"))
                    fi
                    ;;
                rm | remove)
                    ((nargs == 0)) && [[ $cur != -* ]] &&
                        COMPREPLY=($(compgen -W "$(_clude_sessions)" -- "$cur"))
                    ;;
            esac
            ;;
        help)
            ((nargs == 0)) && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
            ;;
        providers)
            case $sub in
                "")
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--type --region --configured --help" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -W "list show config check" -- "$cur"))
                    fi
                    ;;
                list | ls)
                    [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--type --region --configured --help" -- "$cur"))
                    ;;
                show)
                    ((nargs == 0)) && [[ $cur != -* ]] &&
                        COMPREPLY=($(compgen -W "$(_clude_vendors)" -- "$cur"))
                    ;;
                check)
                    [[ $cur != -* ]] && COMPREPLY=($(compgen -W "$(_clude_vendors)" -- "$cur"))
                    ;;
                config | set)
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--api-key --base-url --default-model --api-version
                            --organization --type --enable --disable --unset --help" -- "$cur"))
                    elif ((nargs == 0)); then
                        COMPREPLY=($(compgen -W "$(_clude_vendors)" -- "$cur"))
                    fi
                    ;;
            esac
            ;;
        models)
            case $sub in
                "")
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--provider --live --refresh --help" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -W "list" -- "$cur"))
                    fi
                    ;;
                list | ls)
                    [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--provider --live --refresh --help" -- "$cur"))
                    ;;
            esac
            ;;
    esac
}

complete -F _clude clude
