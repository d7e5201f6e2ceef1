# fish completion for wcomp
complete -c wcomp -f
complete -c wcomp -n '__fish_use_subcommand' -s h -l help -d 'Print help'
complete -c wcomp -n '__fish_use_subcommand' -s V -l version -d 'Print the version'
complete -c wcomp -n '__fish_use_subcommand' -a inspect -d 'Show what is inside a core module, component or WIT package'
complete -c wcomp -n '__fish_use_subcommand' -a parse -d 'Translate a core module from the text format to the binary format'
complete -c wcomp -n '__fish_seen_subcommand_from parse' -F
complete -c wcomp -n '__fish_seen_subcommand_from parse' -s o -l output -r -F -d 'Write the binary to OUT'
complete -c wcomp -n '__fish_seen_subcommand_from parse' -s h -l help -d 'Print help for this command'
complete -c wcomp -n '__fish_use_subcommand' -a validate -d 'Check that a core module or component is valid'
complete -c wcomp -n '__fish_use_subcommand' -a compose -d 'Link a consumer component with the providers of its imports'
complete -c wcomp -n '__fish_use_subcommand' -a help -d 'Print help for a command'
complete -c wcomp -n '__fish_seen_subcommand_from help' -a 'inspect validate compose print parse'

complete -c wcomp -n '__fish_seen_subcommand_from inspect' -F
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l json -d 'Print one JSON document instead of text'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l wit -d 'Print the component world as WIT'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l types -d 'Show instance types in full'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l sections -d 'Show every section with its byte range'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l all -d 'List every import, export and function'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l color -x -a 'auto always never' -d 'Colour the summary'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -l features -r -d 'Enable WIT feature gates'
complete -c wcomp -n '__fish_seen_subcommand_from inspect' -s h -l help -d 'Print help for this command'

complete -c wcomp -n '__fish_seen_subcommand_from validate' -F
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l features -r -d 'WebAssembly features (wasm-tools syntax)'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l json -d 'Print one JSON document'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l verbose -d 'Also print a line when the file is valid'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l wit -r -F -d 'Also check the component against a WIT world'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l world -r -d 'The world to check against'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -l semver-compatible -d 'Match semver-compatible interface versions'
complete -c wcomp -n '__fish_seen_subcommand_from validate' -s h -l help -d 'Print help for this command'

complete -c wcomp -n '__fish_seen_subcommand_from compose' -F
complete -c wcomp -n '__fish_seen_subcommand_from compose' -s o -l output -r -d 'Write the composed component here'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l dry-run -d 'Print the wiring plan and write nothing'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l json -d 'Print the plan as JSON'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l wire -r -d 'Satisfy IMPORT with PROVIDER[:EXPORT]'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l no-semver -d 'Match names exactly'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l skip-validation -d 'Do not validate the inputs core code'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l deps -r -a '(__fish_complete_directories)' -d 'Where a document finds its packages'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l dep -r -d 'Take package NS:NAME from PATH'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -l emit-wac -d 'With --dry-run, print the plan as a document'
complete -c wcomp -n '__fish_seen_subcommand_from compose' -s h -l help -d 'Print help for this command'
complete -c wcomp -n '__fish_use_subcommand' -a print -d 'Print a module or component in the text format'
complete -c wcomp -n '__fish_seen_subcommand_from print' -F
complete -c wcomp -n '__fish_seen_subcommand_from print' -s o -l output -r -d 'Write the text here'
complete -c wcomp -n '__fish_seen_subcommand_from print' -s p -l offsets -d 'Start lines with binary offsets'
complete -c wcomp -n '__fish_seen_subcommand_from print' -l print-offsets -d 'Start lines with binary offsets'
complete -c wcomp -n '__fish_seen_subcommand_from print' -l skeleton -d 'Leave out bodies and contents'
complete -c wcomp -n '__fish_seen_subcommand_from print' -l name-unnamed -d 'Synthesize names for unnamed items'
complete -c wcomp -n '__fish_seen_subcommand_from print' -s h -l help -d 'Print help for this command'
