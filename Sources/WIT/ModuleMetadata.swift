import WasmBinary
import WasmComponent
import WasmCore

/// The WIT a core module carries before it becomes a component: the `component-type*` custom
/// sections that `wasm-tools component embed` and wit-bindgen's guest generators write. Each holds
/// a small component (format version 4): a `wit-component-encoding` custom section (the version
/// byte and the string encoding), and one exported component type holding the bound world. The
/// older layout (format 3, still shipped: the WASI preview1 adapter) is the byte 0x03, the string
/// encoding byte and the world's name, followed by a whole WIT package encoded as a component.
/// Decoding gives what `wasm-tools component wit core.wasm` prints: package `root:root` whose world
/// `root` has the imports and exports of every bound world, plus the packages they come from
/// (packages and interfaces named alike in several sections are merged, and must agree).
enum ModuleMetadata {
    static let sectionPrefix = "component-type"
    static let encodingSectionName = "wit-component-encoding"
    static let currentVersion: UInt8 = 0x04
    static let legacyVersion: UInt8 = 0x03
    static let encodingNames = ["utf8", "utf16", "compact-utf16"]

    /// What one section holds: the component, its bindings' string encoding, and for the old layout
    /// the name of the world it binds (the component is then a whole package).
    struct Payload {
        var component: Component
        var stringEncoding: String
        var legacyWorld: String?
    }

    struct Failure: Error { var message: String }

    /// The `component-type*` custom sections of the module in `bytes` (name and content).
    static func sections(of bytes: ByteSlice) throws(WasmError) -> [(name: String, content: ByteSlice)] {
        let header = try ModuleHeader.scan(bytes)
        var found: [(name: String, content: ByteSlice)] = []
        for s in header.sections {
            guard let name = s.customName, name.hasPrefix(sectionPrefix) else { continue }
            var r = ByteReader(storage: bytes.storage, range: s.contentRange)
            let custom = try r.readCustomSection()
            found.append((name, custom.content))
        }
        return found
    }

    static func decode(_ bytes: ByteSlice) throws -> ResolvedWIT {
        let found = try sections(of: bytes)
        guard !found.isEmpty else {
            throw Failure(message: "the core module has no `component-type` custom section, so it carries no WIT "
                + "(build it with wit-bindgen or `wasm-tools component embed`, or pass the component)")
        }
        let components = try found.map { (name: $0.name, payload: try openSection($0.name, $0.content)) }
        if components.count > 1 { try checkMergeable(components) }
        // One decoder for every section: interfaces named alike are one interface, packages named
        // alike one package (wit-component merges the sections' packages the same way).
        var d = try WITDecoder(components[0].payload.component)
        var bound = [try boundWorld(&d, section: components[0].name, legacyWorld: components[0].payload.legacyWorld)]
        for (name, payload) in components.dropFirst() {
            try d.load(payload.component)
            bound.append(try boundWorld(&d, section: name, legacyWorld: payload.legacyWorld))
        }
        let main = d.r.addRootWorld(merging: bound)
        return ResolvedWIT(resolve: d.r, main: main)
    }

    /// Decodes the world the decoder's component binds (its one export; for the old layout, the package's
    /// world named `legacyWorld`) into the decoder's packages.
    static func boundWorld(_ d: inout WITDecoder, section name: String, legacyWorld: String? = nil) throws -> WorldID {
        do {
            guard d.isPackage, legacyWorld != nil || d.g.externs.count == 1 else {
                throw Failure(message: "custom section `\(name)`: expected one exported component type (a world)")
            }
            let draft = try d.decodePackageDraft()
            let world: WorldID
            if let legacyWorld {
                guard let w = selectWorld(legacyWorld, in: draft) else {
                    throw Failure(message: "custom section `\(name)`: the package `\(draft.name)` has no world "
                        + "`\(legacyWorld)`")
                }
                world = w
            } else {
                guard draft.worlds.count == 1, let w = draft.worlds.values.first else {
                    throw Failure(message: "custom section `\(name)`: expected a single world")
                }
                world = w
            }
            let pkg = d.finish(draft)
            // The old layout carries a whole package, with its `package-docs`.
            if legacyWorld != nil { try d.applyMetadata(pkg) }
            return world
        } catch let e as WITDecoder.Failure {
            throw Failure(message: "custom section `\(name)`: \(e.message)")
        }
    }

    /// The world an old-layout section names: `w` in the package, or `ns:pkg/w@version` naming it in full.
    static func selectWorld(_ name: String, in draft: WITDecoder.Draft) -> WorldID? {
        guard name.contains(":") else { return draft.worlds[name] }
        guard let (pkg, world) = PackageName.split(name, versionSuffix: nil), pkg == draft.name else { return nil }
        return draft.worlds[world]
    }

    /// Several sections merge only when each interface they share (by package and name) and each
    /// world item they share (by name) is the same in all of them; otherwise an error names the
    /// two sections and the item (wit-component refuses these merges too).
    static func checkMergeable(_ found: [(name: String, payload: Payload)]) throws {
        var interfaces: [String: (text: String, section: String)] = [:]
        var items: [String: (text: String, section: String)] = [:]
        for (index, (name, payload)) in found.enumerated() {
            let section = "\(index + 1) (`\(name)`)"
            var d = try WITDecoder(payload.component)
            let world = try boundWorld(&d, section: name, legacyWorld: payload.legacyWorld)
            let r = d.r
            for pkg in r.packages {
                for (ifaceName, id) in pkg.interfaces {
                    let key = "interface `\(ifaceName)` of package `\(pkg.name)`"
                    let text = r.printedInterface(id)
                    if let seen = interfaces[key], seen.text != text {
                        throw Failure(message: "custom sections \(seen.section) and \(section) define \(key) differently")
                    }
                    interfaces[key] = (text, section)
                }
            }
            let w = r.worlds[world.index]
            for (keyword, list) in [("import", w.imports), ("export", w.exports)] {
                for (key, item) in list {
                    let text = r.printedWorldItem(key, item, keyword)
                    let label = "\(keyword) `\(r.name(of: key))`"
                    if let seen = items[label], seen.text != text {
                        throw Failure(message: "the worlds of custom sections \(seen.section) and \(section) both have "
                            + "\(label), but they differ")
                    }
                    items[label] = (text, section)
                }
            }
        }
    }

    /// The component inside a `component-type` section, with its format version checked, and the
    /// string encoding its bindings use (both layouts).
    static func metadataComponent(_ content: ByteSlice) throws(WasmError) -> Payload {
        func invalid(_ m: String, at offset: Int? = nil) -> WasmError {
            WasmError(.witInvalid, m, offset: offset ?? content.offset, kind: .invalid)
        }
        func encodingName(_ b: UInt8, at offset: Int) throws(WasmError) -> String {
            guard Int(b) < encodingNames.count else { throw invalid("invalid string encoding 0x\(String(b, radix: 16))", at: offset) }
            return encodingNames[Int(b)]
        }
        if !content.isEmpty, content.buffer[0] == legacyVersion {
            var r = content.reader
            _ = try r.readByte()
            let at = r.position
            let encoding = try encodingName(try r.readByte(), at: at)
            let world = try r.readName()
            let rest = content.slice((r.position - content.offset)..<content.count)
            return Payload(component: try Component.decode(rest, mode: .shallow), stringEncoding: encoding, legacyWorld: world)
        }
        let component = try Component.decode(content, mode: .shallow)
        guard let encoding = component.customSections(named: encodingSectionName).first?.data.array else {
            throw invalid("missing the `\(encodingSectionName)` section")
        }
        guard encoding.count == 2, encoding[0] == currentVersion else {
            let version = encoding.first.map { "format \($0)" } ?? "an unknown format"
            throw invalid("uses \(version), but only formats \(legacyVersion) and \(currentVersion) are supported")
        }
        return Payload(component: component, stringEncoding: try encodingName(encoding[1], at: content.offset),
                       legacyWorld: nil)
    }

    /// `metadataComponent` with errors naming the section.
    static func openSection(_ name: String, _ content: ByteSlice) throws -> Payload {
        do {
            return try metadataComponent(content)
        } catch {
            throw Failure(message: "custom section `\(name)`: \(error.message)"
                + (error.offset.map { " (at 0x\(String($0, radix: 16)))" } ?? ""))
        }
    }
}

extension Resolve {
    /// Adds package `root:root` with world `root` holding the imports and exports of `bound` in
    /// order (as wit-component merges a module's bound worlds into its own); returns the package.
    /// An item named in several worlds (the same in each: see `checkMergeable`) keeps the first.
    mutating func addRootWorld(merging bound: [WorldID]) -> PackageID {
        let pkg = PackageID(index: packages.count)
        let name = PackageName(namespace: "root", name: "root")
        var root = World(name: "root", imports: OrderedMap(), exports: OrderedMap(), package: pkg, docs: Docs(),
                         stability: .unknown, span: .unknown)
        for w in bound {
            for (key, item) in worlds[w.index].imports where root.imports[key] == nil { root.imports.insert(key, item) }
            for (key, item) in worlds[w.index].exports where root.exports[key] == nil { root.exports.insert(key, item) }
        }
        let rootID = WorldID(index: worlds.count)
        worlds.append(root)
        var worldsOfPackage = OrderedMap<String, WorldID>()
        worldsOfPackage.insert("root", rootID)
        packages.append(Package(name: name, docs: Docs(), interfaces: OrderedMap(), worlds: worldsOfPackage, span: .unknown))
        packageNames[name] = pkg
        return pkg
    }
}

extension Resolve {
    /// An interface's body as WIT without docs (for comparing interfaces).
    func printedInterface(_ id: InterfaceID) -> String {
        var p = WITPrinter(emitDocs: false)
        p.printInterface(self, id)
        return p.out
    }

    /// A world item as WIT without docs, interfaces by full path (for comparing items).
    func printedWorldItem(_ key: WorldKey, _ item: WorldItem, _ keyword: String) -> String {
        var p = WITPrinter(emitDocs: false)
        if case .type(let id, _) = item, case .name(let n) = key {
            p.str("\(keyword) \(n): ")
            p.printTypes(self, owner: .none, [(n, id)], [:])
        } else {
            p.printWorldItem(self, key, item, nil, keyword)
        }
        return p.out
    }
}

extension WIT {
    /// Reconstructs the WIT a core module carries in its `component-type` custom section (as
    /// `wasm-tools component wit` does for the output of `component embed`): package `root:root`
    /// with world `root`, plus the packages of the bound world.
    public static func decode(moduleMetadata module: ByteSlice) -> Result<ResolvedWIT, WITFailure> {
        do {
            return .success(try ModuleMetadata.decode(module))
        } catch let e as ModuleMetadata.Failure {
            return .failure(WITFailure([WITDiagnostic(.witInvalid, e.message, at: .unknown)], sources: SourceMap()))
        } catch let e as WasmError {
            return .failure(WITFailure([WITDiagnostic(binary: e)], sources: SourceMap()))
        } catch {
            return .failure(WITFailure([WITDiagnostic(.witInvalid, "\(error)", at: .unknown)], sources: SourceMap()))
        }
    }
}

extension WIT {
    /// What one `component-type` custom section binds, for `inspect`: the world's qualified name
    /// and the string encoding its bindings use.
    public static func metadataSummary(_ content: ByteSlice) throws(WasmError) -> (world: String, stringEncoding: String) {
        let payload = try ModuleMetadata.metadataComponent(content)
        let g = ComponentTypeView(try WITDecoder.validated(payload.component))
        // The bound world: the one export, or for the old layout the package's world of that name.
        var candidates = g.externs
        if let name = payload.legacyWorld {
            candidates = g.externs.filter { entry in
                guard case .type(let n) = entry.export.entity, case .component(_, let exports) = g.nodes[g.peel(n)],
                      let inner = exports.first, case .component = inner.entity else { return false }
                let qualified = inner.name.name + (inner.name.versionSuffix ?? "")
                return name.contains(":") ? qualified == name || inner.name.name == name : entry.export.name.name == name
            }
            if candidates.isEmpty {
                throw WasmError(.witInvalid, "the package in this section has no world `\(name)`", offset: content.offset,
                                kind: .invalid)
            }
        }
        guard candidates.count == 1, let e = candidates.first?.export, case .type(let n) = e.entity,
              case .component(_, let exports) = g.nodes[g.peel(n)], exports.count == 1, let world = exports.first else {
            throw WasmError(.witInvalid, "expected one exported component type (a world)", offset: content.offset, kind: .invalid)
        }
        return (world.name.name + (world.name.versionSuffix ?? ""), payload.stringEncoding)
    }

    /// Custom sections whose name starts with this hold a core module's WIT (see `metadataSummary`).
    public static var metadataSectionPrefix: String { ModuleMetadata.sectionPrefix }
}
