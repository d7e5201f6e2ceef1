import WasmComponent

/// Prints resolved packages as WIT text in the canonical form `wasm-tools component wit` uses:
/// two-space indentation, a blank line between items, `use` statements grouped, world imports
/// ordered interfaces → types → functions, other packages as `package … { }` blocks.
public struct WITPrinter {
    /// Print doc comments (`--no-docs` turns this off).
    public var emitDocs = true
    var out = ""
    var indent = 0
    var needsIndent = false
    var anyItems = false

    public init(emitDocs: Bool = true) { self.emitDocs = emitDocs }

    /// `main` as a file, followed by `nested` packages in `package … { }` notation.
    public mutating func print(_ r: Resolve, main: PackageID, nested: [PackageID]) -> String {
        out = ""
        printPackage(r, main, isMain: true)
        for (i, p) in nested.enumerated() {
            if i > 0 {
                newline()
                newline()
            }
            printPackage(r, p, isMain: false)
        }
        return out
    }

    // MARK: Output primitives (mirroring wasm-tools' `OutputToString`)

    mutating func indentIfNeeded() {
        if needsIndent {
            out += String(repeating: "  ", count: indent)
            needsIndent = false
        }
    }

    mutating func str(_ s: String) {
        indentIfNeeded()
        out += s
    }

    mutating func newline() {
        out += "\n"
        needsIndent = true
    }

    mutating func semicolon() {
        out += ";"
        newline()
    }

    mutating func indentStart() {
        out += " {"
        indent += 1
        newline()
    }

    mutating func indentEnd() {
        indent = max(0, indent - 1)
        indentIfNeeded()
        out += "}"
        newline()
    }

    mutating func newItem() {
        if anyItems { newline() }
        anyItems = true
    }

    // MARK: Packages, interfaces, worlds

    mutating func printPackage(_ r: Resolve, _ id: PackageID, isMain: Bool) {
        let pkg = r.packages[id.index]
        printDocs(pkg.docs)
        str("package ")
        str(Self.escapePath(pkg.name.namespace, separator: ":"))
        str(":")
        str(Self.escapePath(pkg.name.name, separator: "/"))
        if let v = pkg.name.version { str("@\(v)") }
        if isMain {
            semicolon()
            newline()
        } else {
            indentStart()
        }
        for (name, iid) in pkg.interfaces {
            let iface = r.interfaces[iid.index]
            printDocs(iface.docs)
            printStability(iface.stability)
            str("interface ")
            str(Self.escape(name))
            indentStart()
            printInterface(r, iid)
            indentEnd()
            if isMain { newline() }
        }
        for (name, wid) in pkg.worlds {
            let w = r.worlds[wid.index]
            printDocs(w.docs)
            printStability(w.stability)
            str("world ")
            str(Self.escape(name))
            indentStart()
            printWorld(r, wid)
            indentEnd()
        }
        if !isMain { indentEnd() }
    }

    mutating func printInterface(_ r: Resolve, _ id: InterfaceID) {
        let prev = anyItems
        anyItems = false
        let iface = r.interfaces[id.index]
        var resourceFuncs: [TypeID: [Function]] = [:]
        var freestanding: [Function] = []
        for f in iface.functions.values {
            if let res = f.kind.resource { resourceFuncs[res, default: []].append(f) } else { freestanding.append(f) }
        }
        printTypes(r, owner: .interface(id), iface.types.map { ($0, $1) }, resourceFuncs)
        for f in freestanding {
            newItem()
            printDocs(f.docs)
            printStability(f.stability)
            printExternalID(f.externalID)
            str(Self.escape(f.itemName))
            str(": ")
            printFunction(r, f)
            semicolon()
        }
        anyItems = prev
    }

    /// `use` statements for types owned elsewhere, then the type definitions.
    mutating func printTypes(_ r: Resolve, owner: TypeOwner, _ types: [(String, TypeID)], _ resourceFuncs: [TypeID: [Function]]) {
        var declare: [TypeID] = []
        var imports: [(owner: InterfaceID, first: TypeDef, names: [(String, String)])] = []
        for (name, tid) in types {
            let t = r.types[tid.index]
            if case .type(.id(let other)) = t.kind {
                let o = r.types[other.index]
                if o.owner != .none && o.owner != owner, case .interface(let oid) = o.owner {
                    let otherName = o.name ?? ""
                    if let last = imports.last, last.owner == oid, last.first.stability == t.stability,
                       last.first.externalID == t.externalID {
                        imports[imports.count - 1].names.append((name, otherName))
                    } else {
                        imports.append((oid, t, [(name, otherName)]))
                    }
                    continue
                }
            }
            declare.append(tid)
        }
        let myPackage: PackageID?
        switch owner {
        case .interface(let i): myPackage = r.interfaces[i.index].package
        case .world(let w): myPackage = r.worlds[w.index].package
        case .none: myPackage = nil
        }
        for imp in imports {
            anyItems = true
            printStability(imp.first.stability)
            printExternalID(imp.first.externalID)
            str("use ")
            printPath(r, imp.owner, from: myPackage)
            str(".{")
            for (i, (mine, theirs)) in imp.names.enumerated() {
                if i > 0 { str(", ") }
                if mine == theirs {
                    str(Self.escape(mine))
                } else {
                    str(Self.escape(theirs))
                    str(" as ")
                    str(Self.escape(mine))
                }
            }
            str("}")
            semicolon()
        }
        for tid in declare {
            newItem()
            let t = r.types[tid.index]
            printDocs(t.docs)
            printStability(t.stability)
            printExternalID(t.externalID)
            if case .resource = t.kind {
                printResource(r, tid, resourceFuncs[tid] ?? [])
            } else {
                declareType(r, t)
            }
        }
    }

    mutating func printResource(_ r: Resolve, _ id: TypeID, _ funcs: [Function]) {
        str("resource ")
        str(Self.escape(r.types[id.index].name ?? ""))
        if funcs.isEmpty {
            semicolon()
            return
        }
        indentStart()
        for f in funcs {
            printDocs(f.docs)
            printStability(f.stability)
            printExternalID(f.externalID)
            switch f.kind {
            case .constructor: break
            case .method, .asyncMethod:
                str(Self.escape(f.itemName))
                str(": ")
            case .static, .asyncStatic:
                str(Self.escape(f.itemName))
                str(": static ")
            case .freestanding, .asyncFreestanding: break
            }
            printFunction(r, f)
            semicolon()
        }
        indentEnd()
    }

    mutating func printFunction(_ r: Resolve, _ f: Function) {
        var skip = 0
        if case .method = f.kind { skip = 1 }
        if case .asyncMethod = f.kind { skip = 1 }
        let params = f.params.dropFirst(skip).map { (Self.escape($0.name), Self.typeName(r, $0.type)) }
        guard case .constructor = f.kind else {
            str(WITSyntax.render(.function(isAsync: f.kind.isAsync, params: params, result: f.result.map { Self.typeName(r, $0) })))
            return
        }
        if f.kind.isAsync { str("async ") }
        str("constructor(")
        for (i, p) in f.params.dropFirst(skip).enumerated() {
            if i > 0 { str(", ") }
            str(Self.escape(p.name))
            str(": ")
            printTypeName(r, p.type)
        }
        str(")")
        if isConstructorShorthand(r, f) { return }
        if let res = f.result {
            str(" -> ")
            printTypeName(r, res)
        }
    }

    func isConstructorShorthand(_ r: Resolve, _ f: Function) -> Bool {
        guard case .constructor(let res) = f.kind, case .id(let t)? = f.result,
              case .handle(.own(let returned)) = r.types[t.index].kind else { return false }
        return returned == res
    }

    mutating func printWorld(_ r: Resolve, _ id: WorldID) {
        let prev = anyItems
        anyItems = false
        let w = r.worlds[id.index]
        let pkg = w.package
        var types: [(String, TypeID)] = []
        var resourceFuncs: [TypeID: [Function]] = [:]
        var functionImports: [(WorldKey, WorldItem)] = []
        for (key, item) in w.imports {
            switch item {
            case .type(let tid, _):
                if case .name(let n) = key { types.append((n, tid)) }
            case .function(let f):
                if let res = f.kind.resource {
                    resourceFuncs[res, default: []].append(f)
                } else {
                    functionImports.append((key, item))
                }
            case .interface:
                printWorldItem(r, key, item, pkg, "import")
                anyItems = true
            }
        }
        printTypes(r, owner: .world(id), types, resourceFuncs)
        for (key, item) in functionImports {
            printWorldItem(r, key, item, pkg, "import")
            anyItems = true
        }
        if !w.exports.isEmpty { newItem() }
        for (key, item) in w.exports { printWorldItem(r, key, item, pkg, "export") }
        anyItems = prev
    }

    mutating func printWorldItem(_ r: Resolve, _ key: WorldKey, _ item: WorldItem, _ pkg: PackageID?, _ keyword: String) {
        switch item {
        case .interface(let iid, _, let docs, _, _):
            if docs.contents != nil {
                printDocs(docs)
            } else if case .name = key {
                printDocs(r.interfaces[iid.index].docs)
            }
        case .function(let f):
            printDocs(f.docs)
        case .type:
            return
        }
        printStability(r.stability(of: item))
        if case .interface(_, _, _, _, let ext) = item { printExternalID(ext) }
        if case .function(let f) = item { printExternalID(f.externalID) }
        str(keyword)
        str(" ")
        switch key {
        case .name(let n):
            switch item {
            case .interface(let iid, _, _, _, _):
                str(Self.escape(n))
                str(": ")
                if r.interfaces[iid.index].name == nil {
                    str("interface")
                    indentStart()
                    printInterface(r, iid)
                    indentEnd()
                } else {
                    printPath(r, iid, from: pkg)
                    semicolon()
                }
            case .function(let f):
                str(Self.escape(f.name))
                str(": ")
                printFunction(r, f)
                semicolon()
            case .type: break
            }
        case .interface(let iid):
            printPath(r, iid, from: pkg)
            semicolon()
        }
    }

    /// `iface` within the same package, else `ns:pkg/iface@version`.
    mutating func printPath(_ r: Resolve, _ iid: InterfaceID, from pkg: PackageID?) {
        let iface = r.interfaces[iid.index]
        let name = Self.escape(iface.name ?? "")
        if iface.package == pkg || iface.package == nil {
            str(name)
            return
        }
        guard let p = iface.package else { return }
        let pn = r.packages[p.index].name
        str(Self.escapePath(pn.namespace, separator: ":"))
        str(":")
        str(Self.escapePath(pn.name, separator: "/"))
        str("/")
        str(name)
        if let v = pn.version { str("@\(v)") }
    }
}
