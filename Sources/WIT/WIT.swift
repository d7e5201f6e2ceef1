/// Entry points of the WIT front end.
///
/// ```swift
/// switch WIT.load(path: "wit/") {
/// case .success(let wit): print(wit.printed())
/// case .failure(let failure): print(failure.rendered)   // file:line:col: error: … with carets
/// }
/// ```
public enum WIT {
    /// The largest WIT text file any command reads (16 MiB); larger is an I/O error.
    public static var maxFileSize: Int { Loader.maxFileSize }

    /// Parses and resolves a `*.wit` file or a directory (with its `deps/`). A WebAssembly
    /// component is decoded instead (see ``decode(component:)``).
    public static func load(path: String, options: ResolveOptions = ResolveOptions()) -> Result<ResolvedWIT, WITFailure> {
        var loader = Loader()
        loader.options = options
        let main: Loader.Group
        var deps: [Loader.Group] = []
        if Loader.isDirectory(path) {
            main = loader.loadDirectory(path)
            deps = loader.loadDeps(path)
        } else {
            switch loader.read(path, allowWasm: true) {
            case .wasm(let storage)?:
                return decode(componentBytes: storage.all)
            case .text(let file)?:
                main = Loader.Group(files: [file])
            case nil:
                main = Loader.Group()
            }
        }
        return finish(loader, main: main, deps: deps, options: options)
    }

    /// Parses and resolves WIT text (one file; dependencies as `package … { }` blocks).
    public static func load(source: String, path: String = "<input>",
                            options: ResolveOptions = ResolveOptions()) -> Result<ResolvedWIT, WITFailure> {
        load(files: [(path, Array(source.utf8))], options: options)
    }

    /// Parses and resolves several in-memory files forming one package (like a directory).
    public static func load(files: [(path: String, bytes: [UInt8])], deps: [[(path: String, bytes: [UInt8])]] = [],
                            options: ResolveOptions = ResolveOptions()) -> Result<ResolvedWIT, WITFailure> {
        var loader = Loader()
        loader.options = options
        var main = Loader.Group()
        for (p, b) in files.sorted(by: { $0.path < $1.path }) {
            if let f = loader.parse(path: p, bytes: b) { main.files.append(f) }
        }
        var groups: [Loader.Group] = []
        for dep in deps {
            var g = Loader.Group()
            for (p, b) in dep.sorted(by: { $0.path < $1.path }) {
                if let f = loader.parse(path: p, bytes: b) { g.files.append(f) }
            }
            groups.append(g)
        }
        return finish(loader, main: main, deps: groups, options: options)
    }

    static func finish(_ loader: Loader, main: Loader.Group, deps: [Loader.Group],
                       options: ResolveOptions) -> Result<ResolvedWIT, WITFailure> {
        if !loader.diagnostics.isEmpty { return .failure(WITFailure(loader.diagnostics, sources: loader.sources)) }
        var resolve = Resolve(options: options, sources: loader.sources)
        do {
            let id = try resolve.add(main: main, deps: deps)
            return .success(ResolvedWIT(resolve: resolve, main: id))
        } catch {
            return .failure(WITFailure([error], sources: loader.sources))
        }
    }
}

/// The result of loading WIT: all packages, and which one is the main ("root") package.
public struct ResolvedWIT: Sendable {
    public var resolve: Resolve
    public var main: PackageID

    public init(resolve: Resolve, main: PackageID) {
        self.resolve = resolve
        self.main = main
    }

    /// Canonical WIT text: the main package, then every other package as a `package … { }` block
    /// (what `wasm-tools component wit <path>` prints).
    public func printed(docs: Bool = true) -> String {
        var p = WITPrinter(emitDocs: docs)
        let others = resolve.packages.indices.map { PackageID(index: $0) }.filter { $0 != main }
        return p.print(resolve, main: main, nested: others)
    }

    /// One package alone (as a file of its own, like `--out-dir` writes them).
    public func printed(package id: PackageID, docs: Bool = true) -> String {
        var p = WITPrinter(emitDocs: docs)
        return p.print(resolve, main: id, nested: [])
    }

    /// Chooses a world: by name in the main package, by `ns:pkg/world`, or the only world of the
    /// main package when `name` is nil.
    public func world(named name: String?) -> WorldID? {
        let mainPkg = resolve.packages[main.index]
        guard let name else { return mainPkg.worlds.count == 1 ? mainPkg.worlds.values.first : nil }
        if let w = mainPkg.worlds[name] { return w }
        guard let (pn, worldName) = PackageName.split(name), let p = resolve.packageNames[pn] else { return nil }
        return resolve.packages[p.index].worlds[worldName]
    }
}
