#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmText

/// Reading WIT from the file system: a single file, or a directory (all its `*.wit` files form one
/// package) with an optional `deps/` directory of dependency packages (each a `*.wit` file or a
/// directory of them).
struct Loader {
    var options = ResolveOptions()
    var sources = SourceMap()
    var diagnostics: [WITDiagnostic] = []
    /// WIT files larger than this are refused, by every command (a WIT package is text written by
    /// people; the largest real ones are a few hundred KiB).
    public static let maxFileSize = 16 << 20

    /// One parsed group: the main package's files and the nested `package … { }` blocks.
    struct Group {
        var files: [AST.File] = []
        /// Decoded from a `.wasm` package: added before the text packages, as wasm-tools does.
        var fromWasm = false
    }

    /// What a WIT path holds once read.
    enum Content {
        case text(AST.File)
        /// A WIT package encoded as a component.
        case wasm(ByteStorage)
    }

    /// Reads `path` once: WIT text (parsed; at most ``maxFileSize`` bytes) or, when it starts with
    /// the WebAssembly magic number, a binary. Failures become diagnostics (`.io` for reading).
    mutating func read(_ path: String, allowWasm: Bool) -> Content? {
        let storage: ByteStorage
        do {
            // A regular file is mapped whatever its size; a stream is read up to the WIT limit.
            storage = try ByteStorage.load(path: path, limit: Self.maxFileSize)
        } catch {
            let message = error.code == .inputTooLarge
                ? "cannot read \(path): it is larger than the \(Self.maxFileSize >> 20) MiB WIT limit" : error.message
            diagnostics.append(WITDiagnostic(.io, message, at: .unknown))
            return nil
        }
        if allowWasm && Self.isWasm(storage) { return .wasm(storage) }
        if storage.count > Self.maxFileSize {
            diagnostics.append(WITDiagnostic(.io, "cannot read \(path): it is larger than the \(Self.maxFileSize >> 20) MiB WIT "
                                             + "limit (\(storage.count) bytes)", at: .unknown))
            return nil
        }
        return parse(path: path, bytes: Array(storage.buffer)).map { .text($0) }
    }

    /// A WIT text file (a binary is parsed as text and fails).
    mutating func readFile(_ path: String) -> AST.File? {
        if case .text(let f)? = read(path, allowWasm: false) { return f }
        return nil
    }

    /// Lexes and parses one file, collecting its diagnostics.
    mutating func parse(path: String, bytes: [UInt8]) -> AST.File? {
        let file = sources.add(path: path, bytes: bytes)
        let lexer = Lexer(bytes: bytes, file: file)
        if let d = lexer.checkText() {
            diagnostics.append(d)
            return nil
        }
        var parser = Parser(bytes: bytes, file: file, stream: lexer.lex())
        parser.nestedNames = options.nestedNames
        let ast = parser.parseFile()
        diagnostics.append(contentsOf: parser.diagnostics)
        return parser.diagnostics.isEmpty ? ast : nil
    }

    struct DirectoryError: Error { var reason: String }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The entries of `dir` (without `.` and `..`), or the reason it could not be read.
    static func directoryEntries(_ dir: String) -> Result<[String], DirectoryError> {
        guard let d = opendir(dir) else { return .failure(DirectoryError(reason: String(cString: strerror(errno)))) }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// The WIT package that the component at `path` (a binary, or the text format by content) encodes; a
    /// text syntax error is reported at its line and column (and nil returned).
    mutating func decodePackage(at path: String) -> Result<ResolvedWIT, WITFailure>? {
        var storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path, expect: .wasmOrText)
        } catch {
            var e = error
            e.file = e.file ?? path
            return .failure(WITFailure([WITDiagnostic(binary: e)], sources: SourceMap()))
        }
        if WasmText.isText(storage.all) {
            let source = storage.all.array
            do {
                storage = ByteStorage(copying: try WasmText.parse(source))
            } catch {
                let file = sources.add(path: path, bytes: source)
                diagnostics.append(WITDiagnostic(.textSyntax, error.message,
                                                 at: Span(file: file, start: error.offset, end: error.offset)))
                return nil
            }
        }
        return WIT.decode(componentBytes: storage.all)
    }

    /// Whether the bytes start with the WebAssembly magic number.
    static func isWasm(_ storage: ByteStorage) -> Bool {
        guard storage.count >= 4 else { return false }
        let b = storage.buffer
        return b[0] == 0 && b[1] == 0x61 && b[2] == 0x73 && b[3] == 0x6D
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    /// The `*.wit` files directly in `dir`, sorted by path.
    mutating func witFiles(in dir: String) -> [String] {
        let names: [String]
        switch Self.directoryEntries(dir) {
        case .success(let n): names = n
        case .failure(let e):
            diagnostics.append(WITDiagnostic(.io, "failed to read directory \(dir): \(e.reason)", at: .unknown))
            return []
        }
        return names.filter { $0.hasSuffix(".wit") }.map { Self.join(dir, $0) }
            .filter { !Self.isDirectory($0) }.sorted()
    }

    mutating func loadDirectory(_ dir: String) -> Group {
        var g = Group()
        for path in witFiles(in: dir) {
            if let f = readFile(path) { g.files.append(f) }
        }
        return g
    }

    /// Dependency groups from `deps/`, in file-name order.
    mutating func loadDeps(_ dir: String) -> [Group] {
        let deps = Self.join(dir, "deps")
        guard Self.isDirectory(deps) else { return [] }
        let names: [String]
        switch Self.directoryEntries(deps) {
        case .success(let n): names = n.sorted()
        case .failure(let e):
            diagnostics.append(WITDiagnostic(.io, "failed to read directory \(deps): \(e.reason)", at: .unknown))
            return []
        }
        var groups: [Group] = []
        for name in names {
            let path = Self.join(deps, name)
            // As wasm-tools does, an entry that cannot be examined (a dangling or looping link) is an
            // error, whatever its name.
            var st = stat()
            if stat(path, &st) != 0 {
                diagnostics.append(WITDiagnostic(.io, "failed to read dependency \(path): \(String(cString: strerror(errno)))",
                                                 at: .unknown))
                continue
            }
            if Self.isDirectory(path) {
                groups.append(loadDirectory(path))
            } else if name.hasSuffix(".wit") {
                if let f = readFile(path) { groups.append(Group(files: [f])) }
            } else if name.hasSuffix(".wasm") || name.hasSuffix(".wat") {
                // A WIT package encoded as a component (binary or text): decoded, then read as the WIT it
                // stands for.
                switch decodePackage(at: path) {
                case nil: break
                case .success(let w):
                    var p = WITPrinter()
                    let text = p.print(w.resolve, main: w.main, nested: [])
                    if let f = parse(path: path + ".wit", bytes: Array(text.utf8)) { groups.append(Group(files: [f], fromWasm: true)) }
                case .failure(let f):
                    for d in f.diagnostics {
                        var e = d
                        e.message = "\(path): \(d.message)"
                        diagnostics.append(e)
                    }
                }
            }
        }
        return groups
    }
}

extension Resolve {
    /// Builds the packages of `main` and `deps`, orders them by their dependencies, and links
    /// them into `self`. Returns the main package.
    mutating func add(main: Loader.Group, deps: [Loader.Group]) throws(WITDiagnostic) -> PackageID {
        var all: [(UnresolvedPackage, isMain: Bool)] = []
        var wasmPackages: [Int] = []
        for (gi, group) in ([main] + deps).enumerated() {
            var builder = PackageBuilder(sources: sources)
            var nested: [UnresolvedPackage] = []
            for file in group.files {
                var topItems: [AST.Item] = []
                for item in file.items {
                    if case .package(let p) = item {
                        for case .package(let inner) in p.items {
                            throw WITDiagnostic(.witSyntax, "nested packages must be placed at the top-level", at: inner.name.span)
                        }
                        var b = PackageBuilder(sources: sources)
                        try b.add(package: p.name, items: p.items)
                        nested.append(try b.build())
                    } else {
                        topItems.append(item)
                    }
                }
                try builder.add(package: file.package, items: topItems)
            }
            if group.files.isEmpty && gi == 0 {
                throw WITDiagnostic(.witInvalid, "no WIT files found", at: .unknown,
                                    hint: "a WIT directory holds `*.wit` files (dependencies go in `deps/`)")
            }
            for n in nested { all.append((n, false)) }
            if !group.files.isEmpty {
                if group.fromWasm { wasmPackages.append(all.count) }
                all.append((try builder.build(), gi == 0))
            }
        }

        var byName: [PackageName: Int] = [:]
        for (i, (p, _)) in all.enumerated() {
            if let prev = byName[p.name] {
                throw WITDiagnostic(.witDuplicateName, "package `\(p.name)` is defined in two different locations", at: p.nameSpan,
                                    hint: "each package may be defined only once among the files and deps/",
                                    related: [.init(message: "also defined here", span: all[prev].0.nameSpan)])
            }
            byName[p.name] = i
        }

        // Depth-first in name order, dependencies first; a dependency already on the path is a cycle.
        var order: [Int] = []
        var done = Set<Int>()
        var visiting = Set<PackageName>()
        func visit(_ i: Int) throws(WITDiagnostic) {
            if done.contains(i) { return }
            struct Frame { var index: Int; var next: Int }
            var stack = [Frame(index: i, next: 0)]
            while let top = stack.last {
                let p = all[top.index].0
                if top.next < p.foreignDeps.count {
                    let dep = p.foreignDeps.keys[top.next]
                    let span = top.next < p.foreignDepSpans.count ? p.foreignDepSpans[top.next] : .unknown
                    stack[stack.count - 1].next += 1
                    if !visiting.insert(dep).inserted {
                        throw WITDiagnostic(.witCycle, "package `\(dep)` creates a dependency cycle", at: span,
                                            hint: dep == p.name ? "a package refers to its own interfaces by their plain names" : nil)
                    }
                    if let j = byName[dep], !done.contains(j) {
                        stack.append(Frame(index: j, next: 0))
                    } else {
                        visiting.remove(dep)
                    }
                    continue
                }
                stack.removeLast()
                done.insert(top.index)
                order.append(top.index)
                if let parent = stack.last {
                    let pp = all[parent.index].0
                    visiting.remove(pp.foreignDeps.keys[parent.next - 1])
                }
            }
        }
        for i in wasmPackages { try visit(i) }
        for name in byName.keys.sorted() {
            if let i = byName[name] { try visit(i) }
        }

        var mainID: PackageID?
        for i in order {
            let id = try append(all[i].0)
            if all[i].isMain { mainID = id }
        }
        guard let m = mainID else { throw WITDiagnostic(.witInvalid, "no main package", at: .unknown) }
        return m
    }
}
