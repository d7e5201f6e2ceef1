import WasmBinary
/// The commands and flags wcomp accepts, as data. Help text, the argument parser, and the tests that
/// keep `man/wcomp.1` and `completions/` in step all read this one table.
struct OptionSpec: Sendable, Equatable {
    /// Long name including dashes, e.g. `--json`.
    let name: String
    /// Optional short form, e.g. `-o`.
    let short: String?
    /// Name of the value placeholder when the option takes one (`PATH`), nil for a flag.
    let value: String?
    let help: String
    /// Whether the option may be given several times (values accumulate).
    let repeatable: Bool

    init(_ name: String, short: String? = nil, value: String? = nil, repeatable: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.help = help
        self.repeatable = repeatable
    }
}

struct ArgumentSpec: Sendable, Equatable {
    let name: String
    let help: String
    /// `...`: one or more.
    let variadic: Bool
    /// May be left out (`[NAME...]`): compose's providers, absent when the first argument is a document.
    let optional: Bool
    init(_ name: String, variadic: Bool = false, optional: Bool = false, help: String) {
        self.name = name
        self.help = help
        self.variadic = variadic
        self.optional = optional
    }
}

struct CommandSpec: Sendable {
    let name: String
    let summary: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]
    /// Paragraphs shown after the option list in `wcomp help NAME`.
    let discussion: [String]
    /// Example invocations (without the leading `wcomp `).
    let examples: [String]

    var usage: String {
        var parts = ["wcomp", name]
        if !options.isEmpty { parts.append("[OPTIONS]") }
        for a in arguments {
            let shown = a.variadic ? "\(a.name)..." : a.name
            parts.append(a.optional ? "[\(shown)]" : shown)
        }
        return parts.joined(separator: " ")
    }

    func option(named n: String) -> OptionSpec? {
        options.first { $0.name == n || $0.short == n }
    }
}

enum WcompSpec {
    static let version = "0.1.0"

    static let globalOptions: [OptionSpec] = [
        OptionSpec("--help", short: "-h", help: "Print help (for a command: `wcomp help COMMAND`)."),
        OptionSpec("--version", short: "-V", help: "Print the version."),
    ]

    /// Options every command accepts in addition to its own.
    static let commonOptions: [OptionSpec] = [
        OptionSpec("--help", short: "-h", help: "Print help for this command."),
    ]

    static let inspect = CommandSpec(
        name: "inspect",
        summary: "Show what is inside a core module, component or WIT package.",
        arguments: [ArgumentSpec("FILE", help: "A .wasm file, a .wit file or a directory of WIT files with its deps/ (`-` reads standard input: a binary or WIT text).")],
        options: [
            OptionSpec("--json", help: "Print one JSON document instead of text."),
            OptionSpec("--wit", help: "Print the component's world as WIT (for a core module: the world in its `component-type` custom section)."),
            OptionSpec("--types", help: "Show the detailed tree with every instance type in full (WIT syntax), as well as each nested module's and component's imports and exports."),
            OptionSpec("--sections", help: "Show the detailed tree with every section's byte range, size and item count (the ranges `wasm-tools objdump` prints)."),
            OptionSpec("--all", help: "List everything: every import and export of core modules (long lists are cut at 12 otherwise), every line of the summary's lists, and every function with its type and body size."),
            OptionSpec("--color", value: "WHEN", help: "Colour the summary: `auto` (default: on a terminal, unless NO_COLOR is set or TERM is dumb), `always` or `never`."),
            OptionSpec("--features", value: "LIST", repeatable: true,
                       help: "Enable WIT feature gates (`@unstable(feature = ...)`), comma-separated; `all` enables every gate."),
        ] + commonOptions,
        discussion: [
            "For a binary, by default a summary that fits on a screen: its kind (core module or component), version and layer, size; for a component its producers (language, toolchain, of every nested module), its world with one line per import and export (functions with their WIT signature, interfaces with their function count and names), the tree of nested core modules and components with their names (`name` and `component-name` sections), sizes and share of the file, and its custom sections; for a core module its counts (functions, memories, ...), where its bytes are (code, data, custom sections), its memories' limits, its imports and exports with their types (the first 12 of each) and its custom sections decoded (producers among them).",
            "--types and --sections show the detailed tree instead: every nested module and component with its imports and exports, custom sections decoded (`name`, `producers`, `target_features`, `component-name`, WIT metadata), with --types instance types in full and with --sections every section's byte range and item count. --json prints all of it, whatever the other flags.",
            "For WIT: the resolved package(s) printed as canonical WIT (as `wasm-tools component wit` prints them), or the diagnostics with file:line:col and a caret (exit status 1).",
        ],
        examples: [
            "inspect app.wasm",
            "inspect --types --sections app.wasm",
            "inspect --json app.wasm",
            "inspect --wit app.wasm",
            "inspect wit/",
        ])

    static let parse = CommandSpec(
        name: "parse",
        summary: "Translate a core module or a component from the WebAssembly text format to the binary format.",
        arguments: [ArgumentSpec("FILE", help: "A .wat file, or a .wast script with --wasm-dir (`-` reads standard input).")],
        options: [
            OptionSpec("--output", short: "-o", value: "OUT", help: "Write the binary to OUT (`-` is standard output, the default; a file is replaced atomically)."),
            OptionSpec("--wasm-dir", value: "DIR", help: "Read FILE as a .wast script and write each of its modules into DIR as `wasm-tools json-from-wast` does: NAME.N.wasm, and NAME.N.wat for quoted text."),
        ] + commonOptions,
        discussion: [
            "The output is byte-identical to `wasm-tools parse` 1.262, including the `name` section for `$id`s. Errors give file:line:col, the source line and a caret (exit status 1).",
            "With --wasm-dir, FILE is a .wast script: every module (text, `binary` and `quote` forms, inside assertions too) is numbered as json-from-wast numbers them; a module that cannot be made (components, for now) is reported and the rest are still written (exit status 1).",
        ],
        examples: [
            "parse app.wat -o app.wasm",
            "parse i32.wast --wasm-dir out/",
        ])

    static let validate = CommandSpec(
        name: "validate",
        summary: "Check that a core module or component is valid (full spec validation).",
        arguments: [ArgumentSpec("FILE", help: "A .wasm file (`-` reads standard input).")],
        options: [
            OptionSpec("--features", value: "LIST", repeatable: true,
                       help: "WebAssembly features, in wasm-tools' syntax: `name` enables, `-name` disables, `mvp`, `wasm1`, `wasm2`, `wasm3` and `lime1` select a set, `all` enables everything (default: every proposal at phase 4 or later)."),
            OptionSpec("--json", help: "Print one JSON document: file, valid, kind and errors (code, message, offset, path, function)."),
            OptionSpec("--verbose", help: "Also print a line when the file is valid: its kind, function count and time."),
            OptionSpec("--wit", value: "PATH",
                       help: "Also check that the component targets a WIT world (a .wit file or a directory with deps/): its imports must be in the world, the world's exports in the component, with matching types."),
            OptionSpec("--world", value: "NAME",
                       help: "The world to check against with --wit: a name in the main package or `ns:pkg/world` (needed when the package has several worlds)."),
            OptionSpec("--semver-compatible",
                       help: "With --wit, match interface names whose versions are semver-compatible (`a:b/c@0.1.0` and `a:b/c@0.1.3`) when there is no exact match."),
        ] + commonOptions,
        discussion: [
            "A core module is decoded and validated in one pass: types (recursion groups, subtyping, canonical equivalence), imports and exports, limits, constant expressions, segments, and every function body, which is type-checked instruction by instruction (function bodies are checked in parallel). A construct that needs a disabled feature is reported with the feature's name.",
            "A component is validated against the Component Model specification: index spaces, aliases, type definitions (labels, sizes, borrow and stream rules), resources, instantiation arguments by component subtyping (with resource substitution), import and export names (kebab case, annotations, interface names and versions, strong uniqueness, external visibility of types), canonical lifts and lowers by the Canonical ABI, every built-in with its feature gate, and every nested core module. An error is printed with its offset and its place in the component, e.g. `component › instance 2 › import \"cache\" › func get › result`.",
            "With --wit, the component is also checked against a world: every problem is reported, grouped (imports missing from the world, exports missing from the component, type mismatches), each with the WIT location it concerns and the path to the difference.",
            "Exit status 0: valid (nothing is printed without --verbose). 1: invalid or malformed (the first error, at the lowest offset, is printed with its offset, the function (index and name from the name section) and the instruction), a WIT that does not resolve, or a component that does not target the world. 2: usage or I/O error.",
        ],
        examples: [
            "validate app.wasm",
            "validate --features -simd,threads app.wasm",
            "validate --json app.wasm",
            "validate --verbose - < app.wasm",
            "validate app.wasm --wit wit/ --world app",
        ])

    static let compose = CommandSpec(
        name: "compose",
        summary: "Link a consumer component with the providers of its imports into one component.",
        arguments: [
            ArgumentSpec("CONSUMER", help: "The component whose imports are filled; the result exports what it exports. Or a composition document (`app.wac`)."),
            ArgumentSpec("PROVIDER", variadic: true, optional: true, help: "Components whose exports satisfy imports (of the consumer or of each other). At least one, unless CONSUMER is a composition document."),
        ],
        options: [
            OptionSpec("--output", short: "-o", value: "OUT", help: "Write the composed component to OUT: `-` is standard output; a file is replaced atomically (a symbolic link's target, keeping its mode and owner); a FIFO or device is written directly. Nothing is written when composing fails."),
            OptionSpec("--dry-run", help: "Print the wiring plan (each import and what satisfies it, the result's imports and exports, warnings) and write nothing."),
            OptionSpec("--json", help: "Print the plan (and any error) as one JSON document."),
            OptionSpec("--wire", value: "IMPORT=PROVIDER[:EXPORT]", repeatable: true,
                       help: "Satisfy IMPORT with PROVIDER's export EXPORT (default: the same or a semver-compatible name). PROVIDER is a provider's path exactly as given on the command line, or its 1-based position among the providers."),
            OptionSpec("--no-semver", help: "Match names exactly: no semver-compatible matching of imports to exports, no merging of semver-compatible imports."),
            OptionSpec("--skip-validation", help: "Do not validate the inputs' core code before writing (every wire is still type-checked)."),
            OptionSpec("--deps", value: "DIR", repeatable: true,
                       help: "With a composition document: where its packages are (`DIR/ns/name.wasm`, `DIR/ns/name/VERSION.wasm`, or a WIT package directory `DIR/ns/name`). Default: `deps/` beside the document."),
            OptionSpec("--dep", value: "NS:NAME[@VERSION]=PATH", repeatable: true,
                       help: "With a composition document: take package NS:NAME from PATH (a component, a WIT directory or a .wit file)."),
            OptionSpec("--emit-wac", help: "With --dry-run, for a consumer and providers: print the equivalent composition document instead of the plan."),
        ] + commonOptions,
        discussion: [
            "A first argument that is a composition document (WAC text, as bytecodealliance/wac reads it) is composed as the document says: `let x = new ns:name { arg, name: expr, ...instance, ... };` instantiates a package (several instances of one component are separate; each component is embedded once), `x.name` / `x[\"name\"]` access exports (by name suffix for interface exports), `import` names the result's imports, `export expr [as name];` and `export x...;` choose its exports, `package ns:name targets ns:pkg/world;` checks the result against a world. Errors point into the document (file:line:col, the line, a caret).",
            "Each import of a component in the composition is satisfied by a provider's export of the same name; if there is none, by the highest semver-compatible version (same major version; same minor version below 1.0). Providers satisfy each other's imports too, transitively. Two providers offering the same import is an error unless --wire chooses; a cycle between providers is an error; a provider that satisfies nothing is left out with a warning.",
            "Every wire is type-checked with component subtyping (the provider's export must be usable as the import, resources by identity); a mismatch names the import, the provider and the path to the difference. Imports nothing satisfies become imports of the result, merged by name (semver-compatible versions unify to the highest). Inputs are embedded byte for byte and instantiated in dependency order.",
            "The result exports what the consumer exports. When those exports use types of an interface a provider satisfies (`run: func() -> result<_, error>` with `error` from the imported cache), the types would lose their names, so the result also exports that provider's interface, before the consumer's exports; the plan lists it with the exports that need it. Type imports bound to such types (what WIT's `use` in a world makes) are satisfied with them (`[derived]` in the plan).",
            "A --wire given twice is one wire; two different wires for one import are an error.",
            "Exit status 0: composed (or planned, with --dry-run). 1: composition failed (no match for a --wire, ambiguity, cycle, type mismatch, conflicting imports, invalid input). 2: usage or I/O error.",
        ],
        examples: [
            "compose app.wasm cache.wasm -o composed.wasm",
            "compose app.wasm cache.wasm --dry-run",
            "compose app.wasm fast.wasm slow.wasm --wire example:cache/cache=2 -o composed.wasm",
            "compose app.wasm a.wasm b.wasm --json --dry-run",
            "compose app.wac -o composed.wasm",
            "compose app.wac --deps vendor --dep example:cache=cache.wasm --dry-run",
            "compose app.wasm cache.wasm --dry-run --emit-wac",
        ])

    static let print = CommandSpec(
        name: "print",
        summary: "Print a core module or component in the WebAssembly text format (as wasm-tools print).",
        arguments: [ArgumentSpec("FILE", help: "A .wasm file (`-` reads standard input).")],
        options: [
            OptionSpec("--output", short: "-o", value: "OUT", help: "Write the text to OUT instead of standard output: a file is replaced atomically (nothing is left when printing fails); a FIFO or device is written directly."),
            OptionSpec("--offsets", short: "-p", help: "Start every line with the binary offset of what it prints, as `(;@1f  ;)`."),
            OptionSpec("--print-offsets", help: "The same as --offsets (wasm-tools' spelling)."),
            OptionSpec("--skeleton", help: "Leave out function bodies, data and custom section contents (printed as `...`)."),
            OptionSpec("--name-unnamed", help: "Give items without a name a synthesized one (`$#func3`, `$#local0`)."),
            OptionSpec("--fold", help: "Print instructions in folded form, `(i32.add (local.get 0) (i32.const 1))`, as wasm-tools' --fold-instructions."),
            OptionSpec("--fold-instructions", help: "The same as --fold (wasm-tools' spelling)."),
        ] + commonOptions,
        discussion: [
            "The text is byte for byte what `wasm-tools print` 1.262 writes: names from the `name` section as `$id` (quoted or synthesized where wasm-tools does), `(;N;)` index comments, `;; label = @N` block comments, strings and data escaped, floats in hexadecimal with their decimal value (NaN payloads kept), custom sections as `(@custom ...)` and `producers` as `(@producers ...)`.",
            "Output is streamed: memory stays bounded however large the input. A malformed function body prints everything before it, then the error with its offset (exit status 1).",
            "Exit status 0: printed. 1: malformed input. 2: usage or I/O error.",
        ],
        examples: [
            "print app.wasm",
            "print app.wasm -o app.wat",
            "print --skeleton big.wasm | less",
            "print - < app.wasm",
        ])

    /// The commands that exist today, in help order.
    static let commands: [CommandSpec] = [inspect, validate, compose, print, parse]

    static func command(named name: String) -> CommandSpec? { commands.first { $0.name == name } }
}
