import WasmBinary
import WasmComponent
import WasmCore

/// The WIT a core module carries before it becomes a component: the `component-type*` custom
/// section that `wasm-tools component embed` and wit-bindgen's guest generators write. Its content
/// is a small component (format version 4): a `wit-component-encoding` custom section (the version
/// byte and the string encoding), and one exported component type holding the bound world.
/// Decoding gives what `wasm-tools component wit core.wasm` prints: package `root:root` whose world
/// `root` has the bound world's imports and exports, plus the packages they come from.
enum ModuleMetadata {
    static let sectionPrefix = "component-type"
    static let encodingSectionName = "wit-component-encoding"
    static let currentVersion: UInt8 = 0x04

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
        guard let (name, content) = found.first else {
            throw Failure(message: "the core module has no `component-type` custom section, so it carries no WIT "
                + "(build it with wit-bindgen or `wasm-tools component embed`, or pass the component)")
        }
        guard found.count == 1 else {
            throw Failure(message: "the core module has \(found.count) `component-type` custom sections ("
                + found.map { "`\($0.name)`" }.joined(separator: ", ") + "); merging several worlds is not supported yet")
        }
        let component: Component
        do {
            component = try Component.decode(content, mode: .shallow)
        } catch {
            throw Failure(message: "custom section `\(name)`: \(error.message)"
                + (error.offset.map { " (at 0x\(String($0, radix: 16)))" } ?? ""))
        }
        let encoding = component.customSections(named: encodingSectionName).first?.data.array
        switch encoding {
        case nil:
            throw Failure(message: "custom section `\(name)`: missing the `\(encodingSectionName)` section")
        case [currentVersion, 0], [currentVersion, 1], [currentVersion, 2]:
            break
        case .some(let e) where e.first == currentVersion && e.count == 2:
            throw Failure(message: "custom section `\(name)`: invalid string encoding 0x\(String(e[1], radix: 16))")
        case .some(let e):
            let version = e.first.map { "format \($0)" } ?? "an unknown format"
            throw Failure(message: "custom section `\(name)` uses \(version), but only format \(currentVersion) is supported")
        }
        var d = WITDecoder(component)
        var wit: ResolvedWIT
        do {
            guard d.isPackage, d.g.externs.count == 1 else {
                throw Failure(message: "custom section `\(name)`: expected one exported component type (a world)")
            }
            wit = try d.decodePackage()
        } catch let e as WITDecoder.Failure {
            throw Failure(message: "custom section `\(name)`: \(e.message)")
        }
        let pkg = wit.resolve.packages[wit.main.index]
        guard pkg.worlds.count == 1, let bound = pkg.worlds.values.first else {
            throw Failure(message: "custom section `\(name)`: expected a single world")
        }
        wit.main = wit.resolve.addRootWorld(copying: bound)
        return wit
    }
}

extension Resolve {
    /// Adds package `root:root` with world `root` holding `world`'s imports and exports (as
    /// wit-component merges a module's bound world into its own); returns the package.
    mutating func addRootWorld(copying world: WorldID) -> PackageID {
        let pkg = PackageID(index: packages.count)
        let name = PackageName(namespace: "root", name: "root")
        let root = WorldID(index: worlds.count)
        let source = worlds[world.index]
        worlds.append(World(name: "root", imports: source.imports, exports: source.exports, package: pkg, docs: Docs(),
                            stability: .unknown, span: .unknown))
        var worldsOfPackage = OrderedMap<String, WorldID>()
        worldsOfPackage.insert("root", root)
        packages.append(Package(name: name, docs: Docs(), interfaces: OrderedMap(), worlds: worldsOfPackage, span: .unknown))
        packageNames[name] = pkg
        return pkg
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
            return .failure(WITFailure([WITDiagnostic(e.code, e.message, at: .unknown)], sources: SourceMap()))
        } catch {
            return .failure(WITFailure([WITDiagnostic(.witInvalid, "\(error)", at: .unknown)], sources: SourceMap()))
        }
    }
}
