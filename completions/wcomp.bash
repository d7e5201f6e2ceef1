# bash completion for wcomp
_wcomp() {
    local cur prev words cword
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local commands="inspect validate compose print parse help"
    if [[ ${COMP_CWORD} -eq 1 ]]; then
        COMPREPLY=( $(compgen -W "${commands} --help -h --version -V" -- "${cur}") )
        return
    fi
    local cmd="${COMP_WORDS[1]}"
    local opts=""
    case "${cmd}" in
        inspect) opts="--json --wit --types --sections --all --color --features --help -h" ;;
        parse) opts="--output -o --wasm-dir --help -h" ;;
        validate) opts="--features --json --verbose --wit --world --semver-compatible --help -h" ;;
        compose) opts="--output -o --dry-run --json --wire --no-semver --skip-validation --deps --dep --emit-wac --help -h" ;;
        print) opts="--output -o --offsets -p --print-offsets --skeleton --name-unnamed --fold --fold-instructions --help -h" ;;
        help) COMPREPLY=( $(compgen -W "${commands}" -- "${cur}") ); return ;;
    esac
    case "${prev}" in
        --features|--world|--wire) return ;;
    esac
    if [[ "${cur}" == -* ]]; then
        COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
    else
        COMPREPLY=( $(compgen -f -- "${cur}") )
    fi
}
complete -o filenames -F _wcomp wcomp
