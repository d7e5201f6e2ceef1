import Compose
import WasmBinary
import WasmComponent
import WIT
import WasmCore

/// What `wcomp inspect` shows about one module or component, built once and rendered as text or
/// JSON (so both always carry the same information).
struct InspectNode {
    enum Kind: String { case module, component }

    struct SectionRow {
        var name: String
        /// The name of a custom section.
        var customName: String? = nil
        /// Byte range of the section's contents (absolute offsets, as `wasm-tools objdump` shows).
        var range: Range<Int>
        var items: Int?
        /// A start section's function: its index and (from the `name` section) its name.
        var startFunction: (index: Int, name: String?)? = nil
        /// A data count section's value: the number of data segments it announces.
        var dataCount: Int? = nil
    }

    struct ItemRow {
        var name: String
        var kind: String
        /// Rendered when asked for: text output shows only the first rows of a long list.
        private let render: () -> String
        var type: String { render() }

        init(name: String, kind: String, type: @autoclosure @escaping () -> String) {
            self.name = name
            self.kind = kind
            self.render = type
        }
    }

    struct CustomRow {
        var name: String
        var range: Range<Int>
        /// Decoded fields, in display order (empty for sections wcomp does not decode).
        var fields: [(String, String)] = []
        var error: String?
    }

    struct FunctionRow {
        var index: Int
        var name: String?
        var type: String
        var bodyRange: Range<Int>?
        var imported: Bool
    }

    var kind: Kind
    /// `core module 2`, `component 0`, or the file name for the root.
    var label: String
    /// The `name`/`component-name` name, when the binary has one.
    var displayName: String?
    var range: Range<Int>
    var version: Int
    var layer: Int
    var sections: [SectionRow] = []
    /// The first imports and exports (all of them unless ``InspectOptions/listLimit`` cut them), and
    /// how many there are.
    var imports: [ItemRow] = []
    var exports: [ItemRow] = []
    var importCount = 0
    var exportCount = 0
    /// Module-level counts (`types`, `functions`, ...), in display order.
    var counts: [(String, Int)] = []
    var customs: [CustomRow] = []
    /// A core module's own memories (not imported ones), as their limits (`1..16`), in pages.
    var memories: [MemoryType] = []
    var functions: [FunctionRow]?
    var children: [InspectNode] = []
    /// Set when this nested item could not be read; the rest of the tree is still shown.
    var error: WasmError?
}

struct InspectOptions {
    /// List every import, export and function instead of truncating long lists.
    var all = false
    /// Core modules' import and export lists are read up to this many entries (nil: all of them);
    /// the text form shows 12 without `--all`, so it reads no more than that however many there are.
    var listLimit: Int?
    /// The detailed tree (`--types`, `--sections`): instance types in full, and every section's
    /// byte range. Without them an instance is one line (its function count and names).
    var types = true
    var sections = true
    /// Render a valid component's rows from the validator's types (the names `--wit` uses). Costs a
    /// validation of the component's interface (~10 ms on an 18 MB componentize-py component), so the
    /// one-screen summary, whose lines name no type that the lenient reading names differently on any
    /// testdata component, goes without it.
    var validatedNames = true
}

enum InspectBuilder {
    static func build(_ storage: ByteStorage, label: String, options: InspectOptions) throws(WasmError) -> InspectNode {
        let bytes = storage.all
        switch BinaryKind.detect(bytes) {
        case .coreModule:
            return try module(bytes, label: label, options: options)
        case .component:
            let c = try Component.decode(bytes, mode: .shallow)
            let space = TypeSpace(c)
            // A valid component's rows are rendered from the validator's types (the names its messages and
            // `--wit` use), validating its interface-only copy (no code is read: `validate` checks that).
            // An invalid one's come from the lenient `TypeSpace`.
            let validated = !options.validatedNames ? nil : (try? Interfaces.component(c)).flatMap {
                try? ComponentValidator(features: .all).validated($0, checkingFunctionBodies: false)
            }
            return component(c, bytes: bytes, label: label, space: space, scope: space.root,
                             validated: validated.map(ValidatedPrinter.init), options: options)
        case .unknown, .notWasm:
            // Neither: the preamble error `validate` reports for the same bytes.
            var r = bytes.reader
            try r.readModulePreamble()
            throw WasmError(.unknownVersion, "not a core module or component", offset: 4)
        }
    }

    // MARK: Core modules

    static func module(_ bytes: ByteSlice, label: String, options: InspectOptions) throws(WasmError) -> InspectNode {
        let h = try ModuleHeader.scan(bytes)
        var node = InspectNode(kind: .module, label: label, range: bytes.range, version: 1, layer: 0)
        var nameSection: NameSection?
        for s in h.sections {
            if let name = s.customName {
                // The payload follows the section's name.
                var r = bytes.storage.all.slice(s.contentRange).reader
                _ = try? r.readNameSlice()
                let content = bytes.storage.all.slice(r.position..<s.contentRange.upperBound)
                var row = InspectNode.CustomRow(name: name, range: content.range)
                describeCustom(name, content, into: &row, names: &nameSection)
                node.customs.append(row)
                node.sections.append(.init(name: "custom", customName: name, range: content.range, items: nil))
            } else {
                if s.id == .memory {
                    // A few memories at most; the first 16 are shown.
                    var r = bytes.storage.all.slice(s.contentRange).reader
                    if let n = try? r.readCount(minimumItemSize: 1, "memories") {
                        for _ in 0..<min(n, 16) {
                            guard let m = try? r.readMemoryType() else { break }
                            node.memories.append(m)
                        }
                    }
                }
                var row = InspectNode.SectionRow(name: s.id.name, range: s.contentRange, items: s.count)
                // The scan reads a start or data count section's one value as its count; as objdump says,
                // each holds one item.
                if s.id == .start {
                    row.items = 1
                    row.startFunction = (s.count ?? 0, nil)
                } else if s.id == .dataCount {
                    row.items = 1
                    row.dataCount = s.count
                }
                node.sections.append(row)
            }
        }
        node.displayName = nameSection?.moduleName
        // The start function's name (the name section usually comes last).
        if let names = nameSection?.functionNames, let k = node.sections.firstIndex(where: { $0.startFunction != nil }),
           let f = node.sections[k].startFunction {
            node.sections[k].startFunction?.name = names.entries.first { Int($0.index) == f.index }?.name
        }
        // Types are decoded as rows need them, a block of rec groups at a time, and kept.
        let cache = TypeCache(h.types)
        let lookup = { (i: Int) -> SubType? in cache.type(i) }
        let limit = options.listLimit ?? .max
        for imp in try h.imports(limit: limit) {
            node.imports.append(.init(name: "\(imp.module).\(imp.name)", kind: imp.type.kind.name, type: imp.type.text(lookup: lookup)))
        }
        node.importCount = h.importCount
        let funcTypes = h.importedFunctionTypes + h.functionTypes
        for e in try h.exports(limit: limit) {
            node.exports.append(.init(name: e.name, kind: e.kind.name,
                                      type: exportType(e, funcTypes: funcTypes, lookup: lookup)))
        }
        node.exportCount = h.exportCount
        node.counts = [
            ("types", h.types.count),
            ("functions", funcTypes.count),
            ("tables", h.importCounts[.table, default: 0] + h.tableCount),
            ("memories", h.importCounts[.memory, default: 0] + h.memoryCount),
            ("globals", h.importCounts[.global, default: 0] + h.globalCount),
            ("tags", h.importCounts[.tag, default: 0] + h.tagCount),
            ("elements", h.elementCount),
            ("data", h.dataCount),
        ]
        if options.all {
            node.functions = try functionRows(bytes, header: h, funcTypes: funcTypes, lookup: lookup, names: nameSection)
        }
        return node
    }

    /// The types a module's rows have looked up, decoded from the header's type table a block at a time.
    final class TypeCache {
        let table: TypeTable
        var blocks: [Int: (first: Int, types: [SubType])] = [:]
        init(_ table: TypeTable) { self.table = table }

        func type(_ i: Int) -> SubType? {
            guard let n = table.blockNumber(containing: i) else { return nil }
            if blocks[n] == nil { blocks[n] = table.block(n) }
            guard let b = blocks[n], i >= b.first, i - b.first < b.types.count else { return nil }
            return b.types[i - b.first]
        }
    }

    static func exportType(_ e: Export, funcTypes: [UInt32], lookup: (Int) -> SubType?) -> String {
        switch e.kind {
        case .func, .funcExact:
            let i = Int(e.index)
            guard i < funcTypes.count else { return "func \(e.index)" }
            return "func \(e.index) " + ExternType.func(funcTypes[i]).text(lookup: lookup).dropFirst(5)
        default:
            return "\(e.kind.name) \(e.index)"
        }
    }

    static func functionRows(_ bytes: ByteSlice, header h: ModuleHeader, funcTypes: [UInt32], lookup: (Int) -> SubType?,
                             names: NameSection?) throws(WasmError) -> [InspectNode.FunctionRow] {
        let module = try Module.decode(bytes, options: ModuleDecodeOptions(bodies: .lazy))
        let bodies = module.codes
        let imported = h.importedFunctionCount
        var rows: [InspectNode.FunctionRow] = []
        rows.reserveCapacity(funcTypes.count)
        for (i, t) in funcTypes.enumerated() {
            var range: Range<Int>?
            if i >= imported, i - imported < bodies.count, case .bytes(let slice) = bodies[i - imported].code {
                range = slice.range
            }
            let sig = String(ExternType.func(t).text(lookup: lookup).dropFirst(5))
            rows.append(.init(index: i, name: names?.functionNames?[UInt32(i)], type: sig, bodyRange: range,
                              imported: i < imported))
        }
        return rows
    }

    // MARK: Custom sections

    static func describeCustom(_ name: String, _ content: ByteSlice, into row: inout InspectNode.CustomRow,
                               names: inout NameSection?) {
        do {
            switch name {
            case NameSection.sectionName:
                let n = try NameSection.decode(content)
                names = n
                row.fields = nameSummary(n)
            case ProducersSection.sectionName:
                let p = try ProducersSection.decode(content)
                row.fields = p.fields.map { f in
                    (f.name, f.values.map { $0.version.isEmpty ? $0.name : "\($0.name) \($0.version)" }.joined(separator: ", "))
                }
            case TargetFeaturesSection.sectionName:
                let t = try TargetFeaturesSection.decode(content)
                row.fields = [("features", t.entries.map { "\($0.prefix.character)\($0.name)" }.joined(separator: " "))]
            case ComponentNameSection.sectionName:
                let n = try ComponentNameSection.decode(content)
                if let c = n.componentName { row.fields.append(("component", c)) }
                let counted = n.subsections.count - (n.componentName == nil ? 0 : 1)
                if counted > 0 { row.fields.append(("name maps", String(counted))) }
            case let n where n.hasPrefix(WIT.metadataSectionPrefix):
                let m = try WIT.metadataSummary(content)
                row.fields = [("world", m.world), ("string encoding", m.stringEncoding)]
            default:
                break
            }
        } catch {
            row.error = "\(error.message) at 0x\(String(error.offset ?? content.offset, radix: 16))"
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func nameSummary(_ n: NameSection) -> [(String, String)] {
        var fields: [(String, String)] = []
        for s in n.subsections {
            switch s {
            case .module(let name): fields.append(("module", name))
            case .functions(let m): fields.append(("functions", count(m.entries.count, "name")))
            case .locals(let m): fields.append(("locals", count(m.entries.count, "function")))
            case .labels(let m): fields.append(("labels", count(m.entries.count, "function")))
            case .types(let m): fields.append(("types", count(m.entries.count, "name")))
            case .tables(let m): fields.append(("tables", count(m.entries.count, "name")))
            case .memories(let m): fields.append(("memories", count(m.entries.count, "name")))
            case .globals(let m): fields.append(("globals", count(m.entries.count, "name")))
            case .elements(let m): fields.append(("elements", count(m.entries.count, "name")))
            case .data(let m): fields.append(("data", count(m.entries.count, "name")))
            case .fields(let m): fields.append(("fields", count(m.entries.count, "type")))
            case .tags(let m): fields.append(("tags", count(m.entries.count, "name")))
            case .unknown(let id, let content): fields.append(("subsection \(id)", "\(content.count) bytes"))
            }
        }
        return fields
    }
}

// MARK: Components

extension InspectBuilder {
    static func component(_ c: Component, bytes: ByteSlice, label: String, space: TypeSpace, scope: ScopeID,
                          validated: ValidatedPrinter? = nil, options: InspectOptions) -> InspectNode {
        var node = InspectNode(kind: .component, label: label, range: bytes.range, version: 0x0d, layer: 1)
        let printer = TypePrinter(space)
        let layout = c.layout ?? []
        // Nested component definitions get their scopes in document order.
        let nestedScopes = space.scopes.indices.filter {
            space.scopes[$0].kind == .component && space.scopes[$0].parent == scope
        }.map(ScopeID.init)
        var moduleCount = 0
        var componentCount = 0
        for (k, section) in c.sections.enumerated() {
            let range = k < layout.count ? layout[k].contents : 0..<0
            switch section {
            case .custom(let custom):
                var row = InspectNode.CustomRow(name: custom.name, range: custom.data.range)
                var ignored: NameSection?
                describeCustom(custom.name, custom.data, into: &row, names: &ignored)
                if custom.name == ComponentNameSection.sectionName,
                   let n = try? ComponentNameSection.decode(custom.data)
                {
                    node.displayName = n.componentName
                }
                node.customs.append(row)
                node.sections.append(.init(name: "custom", customName: custom.name, range: custom.data.range, items: nil))
            case .coreModule(let m):
                let label = "core module \(moduleCount)"
                moduleCount += 1
                node.sections.append(.init(name: "core module", range: m.bytes.range, items: nil))
                do {
                    node.children.append(try module(m.bytes, label: label, options: options))
                } catch {
                    var failed = InspectNode(kind: .module, label: label, range: m.bytes.range, version: 1, layer: 0)
                    failed.error = error
                    node.children.append(failed)
                }
            case .component(let nested):
                let label = "component \(componentCount)"
                let nestedBytes = nested.originalBytes ?? ByteSlice(copying: [UInt8]())
                node.sections.append(.init(name: "component", range: nestedBytes.range, items: nil))
                if componentCount < nestedScopes.count {
                    node.children.append(component(nested, bytes: nestedBytes, label: label, space: space,
                                                   scope: nestedScopes[componentCount], options: options))
                }
                componentCount += 1
            default:
                var row = InspectNode.SectionRow(name: sectionName(section), range: range, items: itemCount(section))
                if case .start(let s) = section { row.startFunction = (Int(s.function), nil) }
                node.sections.append(row)
            }
        }
        if let validated {
            for (name, isImport) in validated.externs {
                guard let r = validated.render(name: name, isImport: isImport) else { continue }
                let row = InspectNode.ItemRow(name: name, kind: r.kind, type: r.text)
                if isImport { node.imports.append(row) } else { node.exports.append(row) }
            }
        } else {
            for i in space.imports(of: scope) { node.imports.append(itemRow(i, printer)) }
            for e in space.exports(of: scope) { node.exports.append(itemRow(e, printer)) }
        }
        node.importCount = node.imports.count
        node.exportCount = node.exports.count
        return node
    }

    static func itemRow(_ named: NamedItem, _ printer: TypePrinter) -> InspectNode.ItemRow {
        let kind: String
        switch named.item {
        case .module: kind = "module"
        case .func: kind = "func"
        case .value: kind = "value"
        case .type: kind = "type"
        case .instance: kind = "instance"
        case .component: kind = "component"
        }
        if case .type = named.item {
            return .init(name: named.name.name, kind: kind, type: printer.render(named))
        }
        return .init(name: named.name.name, kind: kind, type: printer.render(named.item))
    }

    static func sectionName(_ s: ComponentSection) -> String {
        switch s {
        case .custom: "custom"
        case .coreModule: "core module"
        case .coreInstances: "core instance"
        case .coreTypes: "core type"
        case .component: "component"
        case .instances: "instance"
        case .aliases: "alias"
        case .types: "type"
        case .canons: "canon"
        case .start: "start"
        case .imports: "import"
        case .exports: "export"
        case .values: "value"
        }
    }

    static func itemCount(_ s: ComponentSection) -> Int? {
        switch s {
        case .coreInstances(let a): a.count
        case .coreTypes(let a): a.count
        case .instances(let a): a.count
        case .aliases(let a): a.count
        case .types(let a): a.count
        case .canons(let a): a.count
        case .imports(let a): a.count
        case .exports(let a): a.count
        case .values(let a): a.count
        case .start: 1
        case .custom, .coreModule, .component: nil
        }
    }
}
