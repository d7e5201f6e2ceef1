import WasmBinary
import WasmComponent
import WasmCore

// Text → the component AST (ComponentAST.swift), following the grammar of wasm-tools' `wast` crate: every
// field, type and canon built-in, with the abbreviations it accepts. Core modules are parsed (to bytes) as
// they are met; core type definitions are read again when they are resolved.

struct ComponentParser {
    var c: Cursor
    /// Whether core modules are skipped, to be parsed in parallel afterwards (ParallelModules.swift).
    var deferModules = false
    var deferredModules: [DeferredModule] = []

    init(cursor: Cursor) { c = cursor }

    // MARK: tokens

    func atString(_ k: Int = 0) -> Bool { c.peek(k).kind == .string }
    func keywordAt(_ k: Int, _ word: String) -> Bool { c.peek(k).kind == .keyword && c.tokenIs(c.peek(k), word) }
    /// `(` then keyword `word` at offset `k`.
    func listAt(_ k: Int, _ word: String) -> Bool { c.peek(k).kind == .lparen && keywordAt(k + 1, word) }
    func atIndex(_ k: Int = 0) -> Bool {
        let t = c.peek(k)
        return t.kind == .id || (t.kind == .keyword && TextNumber.u32(c.text(t)) != nil)
    }

    mutating func defName() throws(TextError) -> TDefName {
        let at = c.peek.start
        let (id, name) = try c.idAndName()
        return TDefName(id: id, name: name, at: at)
    }

    mutating func index() throws(TextError) -> TIndex {
        let t = c.peek
        if t.kind == .id {
            _ = c.advance()
            return TIndex(ref: .id(c.idName(t)), at: t.start)
        }
        guard t.kind == .keyword, let v = TextNumber.u32(c.text(t)) else { throw c.expected("an index") }
        _ = c.advance()
        return TIndex(ref: .num(v), at: t.start)
    }

    /// `idx "name"*` (inside the parens of an item reference, after its kind).
    mutating func itemRefContents() throws(TextError) -> TItemRef {
        var r = TItemRef(index: try index())
        while atString() { r.names.append(try c.name()) }
        return r
    }

    /// `idx "name"?` (a core item reference, after its kind).
    mutating func coreRefContents() throws(TextError) -> TCoreRef {
        let i = try index()
        return TCoreRef(index: i, exportName: atString() ? try c.name() : nil)
    }

    /// `idx` or `(kind idx "name"*)`.
    mutating func indexOrRef(_ kind: String) throws(TextError) -> TItemRef {
        if atIndex() { return TItemRef(index: try index()) }
        try c.openList(kind)
        let r = try itemRefContents()
        try c.rparen()
        return r
    }

    /// `idx`, `(core kind idx "name"?)`, or (`legacy`) `(kind idx "name"?)`.
    mutating func corePrefixedRef(_ kind: String, legacy: Bool) throws(TextError) -> TCoreRef {
        if atIndex() { return TCoreRef(index: try index()) }
        try c.lparen()
        if !(legacy && keywordAt(0, kind)) { try c.keyword("core") }
        try c.keyword(kind)
        let r = try coreRefContents()
        try c.rparen()
        return r
    }

    /// After `(kind`: `idx "name"?` or `(core kind idx "name"?)`.
    mutating func corePrefixedContents(_ kind: String) throws(TextError) -> TCoreRef {
        if atIndex() { return try coreRefContents() }
        try c.lparen()
        try c.keyword("core")
        try c.keyword(kind)
        let r = try coreRefContents()
        try c.rparen()
        return r
    }

    // MARK: names

    /// `"name"` or `(interface "name")`, then `(implements "i")? (versionsuffix "v")? (external-id "e")?`.
    mutating func externName() throws(TextError) -> ExternName {
        let name: String
        if c.peek.kind == .lparen {
            try c.openList("interface")
            name = try c.name()
            try c.rparen()
        } else {
            name = try c.name()
        }
        var attributes: [NameAttribute] = []
        if listAt(0, "implements") {
            try c.openList("implements"); attributes.append(.implements(try c.name())); try c.rparen()
        }
        for spelling in ["version-suffix", "versionsuffix"] where listAt(0, spelling) {
            try c.openList(spelling); attributes.append(.versionSuffix(try c.name())); try c.rparen()
        }
        if listAt(0, "external-id") {
            try c.openList("external-id"); attributes.append(.externalId(try c.name())); try c.rparen()
        }
        return ExternName(name, attributes: attributes)
    }

    /// Whether at `(word "name")` or `(word (interface "name"))` (an inline import or export).
    func atInline(_ word: String) -> Bool {
        guard listAt(0, word) else { return false }
        if atString(2) { return c.peek(3).kind == .rparen }
        return listAt(2, "interface") && atString(4) && c.peek(5).kind == .rparen && c.peek(6).kind == .rparen
    }

    mutating func inlineExports() throws(TextError) -> [ExternName] {
        var names: [ExternName] = []
        while atInline("export") {
            try c.openList("export")
            names.append(try externName())
            try c.rparen()
        }
        return names
    }

    mutating func inlineImport() throws(TextError) -> ExternName? {
        guard atInline("import") else { return nil }
        try c.openList("import")
        let n = try externName()
        try c.rparen()
        return n
    }

    // MARK: components

    /// At `(component`: the component through its `)`.
    /// wast's bound on nesting (components, component and instance types, defined types, modules): a
    /// paren depth of 100 at any of them.
    func depthCheck() throws(TextError) {
        if c.depth > 100 { throw c.error("item nesting too deep") }
    }

    mutating func component(definition: Bool = false) throws(TextError) -> TComponent {
        try depthCheck()
        try c.openList("component")
        if definition { _ = c.eatKeyword("definition") }
        let comp = TComponent(name: try defName())
        try fields(comp)
        try c.rparen()
        return comp
    }

    mutating func fields(_ comp: TComponent) throws(TextError) {
        while c.peek.kind == .lparen || c.peek.kind == .annotation {
            if c.peek.kind == .annotation {
                comp.fields.append(.custom(try customSection()))
                continue
            }
            comp.fields.append(try field())
        }
    }

    /// `(@custom ...)` or `(@producers ...)`, read as the core parser reads them.
    mutating func customSection() throws(TextError) -> WasmComponent.CustomSection {
        let t = c.peek
        guard c.atAnnotation("custom") || c.atAnnotation("producers") else {
            throw c.error("unexpected annotation in a component", t)
        }
        var p = ModuleParser(cursor: c)
        try p.sectionAnnotation()
        c = p.c
        guard let s = p.customs.last?.section else { throw c.error("expected a custom section", t) }
        return WasmComponent.CustomSection(name: s.name, data: s.content)
    }

    mutating func field() throws(TextError) -> TField {
        guard c.peek.kind == .lparen, c.peek(1).kind == .keyword else { throw c.expected("a component field") }
        let kt = c.peek(1)
        let k = c.text(kt)
        if k == "core" {
            if keywordAt(2, "module") { return try coreModule() }
            if keywordAt(2, "instance") { return try coreInstance() }
            if keywordAt(2, "type") { return .coreType(try coreTypeField()) }
            if keywordAt(2, "func") { return try coreFunc() }
            if keywordAt(2, "rec") { return .coreType(try coreRec()) }
            throw c.error("expected valid component field", kt)
        }
        switch k {
        case "component": return try nestedComponent()
        case "instance": return try instance()
        case "alias":
            try c.lparen()
            let a = try alias()
            try c.rparen()
            return .alias(a, exports: [])
        case "type": return .type(try typeField(inlineExports: true))
        case "import":
            try c.lparen()
            let i = try importDecl()
            try c.rparen()
            return .import(i, exports: [])
        case "func": return try function()
        case "export":
            try c.lparen()
            let e = try export()
            try c.rparen()
            return .export(e)
        case "start": return try start()
        case "canon":
            try c.lparen()
            let f = try canonField()
            try c.rparen()
            return f
        default: throw c.error("expected valid component field", kt)
        }
    }

    mutating func coreModule() throws(TextError) -> TField {
        try depthCheck()
        try c.lparen()
        try c.keyword("core")
        try c.keyword("module")
        let name = try defName()
        let exports = try inlineExports()
        if let imp = try inlineImport() {
            let use = try coreModuleTypeUse()
            try c.rparen()
            return .coreModule(name, exports: exports, .import(imp, use))
        }
        if deferModules, let k = try deferModule(name: name.name) {
            try c.rparen()
            return .coreModule(name, exports: exports, .deferred(k))
        }
        var p = ModuleParser(cursor: c)
        p.moduleName = name.name
        let bytes = try p.module()
        c = p.c
        try c.rparen()
        return .coreModule(name, exports: exports, .inline(bytes))
    }

    /// `(type idx)` or an inline module type `(decl)*` (its position kept).
    mutating func coreModuleTypeUse() throws(TextError) -> TCoreModuleTypeUse {
        if atTypeRef() {
            try c.openList("type")
            let r = try coreRefContents()
            try c.rparen()
            return .ref(r)
        }
        let pos = c.pos
        while c.peek.kind == .lparen { try c.skipItem() }
        return .inline(pos: pos)
    }

    /// At a reference to a type: `(type idx)`, or `(type idx "name"...)` (an instance's export).
    func atTypeRef() -> Bool {
        listAt(0, "type") && atIndex(2) && (c.peek(3).kind == .rparen || atString(3))
    }

    mutating func coreInstance() throws(TextError) -> TField {
        try c.lparen()
        try c.keyword("core")
        try c.keyword("instance")
        let name = try defName()
        if listAt(0, "instantiate") {
            try c.openList("instantiate")
            let module = try indexOrRef("module")
            var args: [(String, TCoreInstanceArg)] = []
            while c.peek.kind == .lparen {
                try c.openList("with")
                let n = try c.name()
                try c.openList("instance")
                if atIndex() {
                    args.append((n, .instance(try coreRefContents())))
                } else {
                    args.append((n, .bundle(try coreExports())))
                }
                try c.rparen()
                try c.rparen()
            }
            try c.rparen()
            try c.rparen()
            return .coreInstance(name, .instantiate(module: module, args: args))
        }
        let exports = try coreExports()
        try c.rparen()
        return .coreInstance(name, .bundle(exports))
    }

    /// `(export "name" (func|table|memory|global|tag idx "name"?))*`.
    mutating func coreExports() throws(TextError) -> [(String, CoreSort, TCoreRef)] {
        var out: [(String, CoreSort, TCoreRef)] = []
        while c.peek.kind == .lparen {
            try c.openList("export")
            let n = try c.name()
            try c.lparen()
            let sort = try coreExternalSort()
            out.append((n, sort, try coreRefContents()))
            try c.rparen()
            try c.rparen()
        }
        return out
    }

    mutating func coreExternalSort() throws(TextError) -> CoreSort {
        let t = c.peek
        guard t.kind == .keyword else { throw c.expected("`func`, `table`, `memory`, `global` or `tag`") }
        let s: CoreSort
        switch c.text(t) {
        case "func": s = .func
        case "table": s = .table
        case "memory": s = .memory
        case "global": s = .global
        case "tag": s = .tag
        default: throw c.expected("`func`, `table`, `memory`, `global` or `tag`")
        }
        _ = c.advance()
        return s
    }

    mutating func coreFunc() throws(TextError) -> TField {
        try c.lparen()
        try c.keyword("core")
        try c.keyword("func")
        let name = try defName()
        try c.lparen()
        if c.eatKeyword("alias") {
            try c.keyword("core")
            try c.keyword("export")
            let inst = try index()
            let n = try c.name()
            try c.rparen()
            try c.rparen()
            return .alias(TAlias(name: name, target: .coreExport(instance: inst, name: n, sort: .func)), exports: [])
        }
        try c.keyword("canon")
        let canon = try coreCanon()
        try c.rparen()
        try c.rparen()
        return .canon(name, canon, exports: [])
    }

    mutating func nestedComponent() throws(TextError) -> TField {
        try depthCheck()
        try c.lparen()
        try c.keyword("component")
        let name = try defName()
        let exports = try inlineExports()
        if let imp = try inlineImport() {
            let use = try typeUse { (p: inout ComponentParser) throws(TextError) in try p.decls(component: true) }
            try c.rparen()
            return .component(name, exports: exports, .import(imp, use))
        }
        let comp = TComponent(name: name)
        try fields(comp)
        try c.rparen()
        return .component(name, exports: exports, .inline(comp))
    }

    mutating func instance() throws(TextError) -> TField {
        try c.lparen()
        try c.keyword("instance")
        let name = try defName()
        let exports = try inlineExports()
        if let imp = try inlineImport() {
            let use = try typeUse { (p: inout ComponentParser) throws(TextError) in try p.decls(component: false) }
            try c.rparen()
            return .instance(name, exports: exports, .import(imp, use))
        }
        if listAt(0, "instantiate") {
            try c.openList("instantiate")
            let comp = try indexOrRef("component")
            var args: [(String, TInstanceArg)] = []
            while c.peek.kind == .lparen {
                try c.openList("with")
                let n = try c.name()
                if listAt(0, "instance") && !atIndex(2) {
                    try c.openList("instance")
                    args.append((n, .bundle(try exportList())))
                    try c.rparen()
                } else {
                    let (kind, ref) = try exportKind()
                    args.append((n, .item(kind, ref)))
                }
                try c.rparen()
            }
            try c.rparen()
            try c.rparen()
            return .instance(name, exports: exports, .instantiate(component: comp, args: args))
        }
        let list = try exportList()
        try c.rparen()
        return .instance(name, exports: exports, .bundle(list))
    }

    mutating func exportList() throws(TextError) -> [TExport] {
        var out: [TExport] = []
        while c.peek.kind == .lparen {
            try c.lparen()
            out.append(try export())
            try c.rparen()
        }
        return out
    }

    /// `(core module idx "name"*)`, `(func ...)`, `(value ...)`, `(type ...)`, `(component ...)`, `(instance ...)`.
    mutating func exportKind() throws(TextError) -> (ComponentExternalKind, TItemRef) {
        try c.lparen()
        let t = c.peek
        guard t.kind == .keyword else { throw c.expected("an item kind") }
        let kind: ComponentExternalKind
        switch c.text(t) {
        case "core":
            _ = c.advance()
            try c.keyword("module")
            kind = .module
        case "func": _ = c.advance(); kind = .func
        case "value": _ = c.advance(); kind = .value
        case "type": _ = c.advance(); kind = .type
        case "component": _ = c.advance(); kind = .component
        case "instance": _ = c.advance(); kind = .instance
        default: throw c.expected("`core module`, `func`, `value`, `type`, `component` or `instance`")
        }
        let r = try itemRefContents()
        try c.rparen()
        return (kind, r)
    }

    /// After `(export`: `$id? (@name)? "name" (kind ref) (sig)?`.
    mutating func export() throws(TextError) -> TExport {
        try c.keyword("export")
        let name = try defName()
        let n = try externName()
        let (kind, ref) = try exportKind()
        var sig: TItemSig?
        if c.peek.kind == .lparen {
            try c.lparen()
            sig = try itemSig(named: false)
            try c.rparen()
        }
        return TExport(name: name, externName: n, kind: kind, item: ref, type: sig)
    }

    /// After `(import`: `"name" (sig)`.
    mutating func importDecl() throws(TextError) -> TImport {
        try c.keyword("import")
        let n = try externName()
        try c.lparen()
        let sig = try itemSig(named: true)
        try c.rparen()
        return TImport(name: n, sig: sig)
    }

    mutating func function() throws(TextError) -> TField {
        try c.lparen()
        try c.keyword("func")
        let name = try defName()
        let exports = try inlineExports()
        if let imp = try inlineImport() {
            let use = try typeUse { (p: inout ComponentParser) throws(TextError) in try p.funcType() }
            try c.rparen()
            let sigName = TDefName(id: name.id, name: name.id, at: name.at)
            return .import(TImport(name: imp, sig: TItemSig(name: sigName, kind: .func(use))), exports: exports)
        }
        if listAt(0, "alias") {
            try c.openList("alias")
            try c.keyword("export")
            let inst = try index()
            let n = try c.name()
            try c.rparen()
            try c.rparen()
            return .alias(TAlias(name: name, target: .export(instance: inst, name: n, kind: .func)), exports: exports)
        }
        let use = try typeUse { (p: inout ComponentParser) throws(TextError) in try p.funcType() }
        try c.openList("canon")
        try c.keyword("lift")
        let (core, options) = try liftImmediates()
        try c.rparen()
        try c.rparen()
        return .canon(name, .lift(coreFunc: core, options: options, type: use), exports: exports)
    }

    /// After `lift`: `(core func ref) opts`.
    mutating func liftImmediates() throws(TextError) -> (TCoreRef, [TCanonOption]) {
        try c.lparen()
        try c.keyword("core")
        try c.keyword("func")
        let r = try coreRefContents()
        try c.rparen()
        return (r, try canonOptions())
    }

    mutating func start() throws(TextError) -> TField {
        try c.openList("start")
        let f = try index()
        var args: [TItemRef] = []
        while c.peek.kind == .lparen, !keywordAt(1, "result") {
            try c.openList("value")
            args.append(try itemRefContents())
            try c.rparen()
        }
        var results: [TDefName] = []
        while listAt(0, "result") {
            try c.openList("result")
            try c.openList("value")
            results.append(try defName())
            try c.rparen()
            try c.rparen()
        }
        try c.rparen()
        return .start(func: f, args: args, results: results)
    }

    // MARK: aliases

    /// After `(`: `alias export|core export|outer ...`.
    mutating func alias() throws(TextError) -> TAlias {
        try c.keyword("alias")
        if c.eatKeyword("outer") {
            let outer = try index()
            let idx = try index()
            try c.lparen()
            let t = c.peek
            let kind: OuterAliasKind
            if c.eatKeyword("core") {
                if c.eatKeyword("module") { kind = .coreModule } else if c.eatKeyword("type") { kind = .coreType } else {
                    throw c.expected("`module` or `type`")
                }
            } else if c.eatKeyword("type") { kind = .type } else if c.eatKeyword("component") { kind = .component } else {
                throw c.error("expected `core module`, `core type`, `type` or `component`", t)
            }
            let name = try defName()
            try c.rparen()
            return TAlias(name: name, target: .outer(outer: outer, index: idx, kind: kind))
        }
        if c.eatKeyword("core") {
            try c.keyword("export")
            let inst = try index()
            let n = try c.name()
            try c.lparen()
            try c.keyword("core")
            let sort = try coreExternalSort()
            let name = try defName()
            try c.rparen()
            return TAlias(name: name, target: .coreExport(instance: inst, name: n, sort: sort))
        }
        guard c.eatKeyword("export") else { throw c.expected("`export`, `core export` or `outer`") }
        let inst = try index()
        let n = try c.name()
        try c.lparen()
        let t = c.peek
        let kind: ComponentExternalKind
        if c.eatKeyword("core") {
            try c.keyword("module")
            kind = .module
        } else if c.eatKeyword("func") { kind = .func } else if c.eatKeyword("value") { kind = .value }
        else if c.eatKeyword("type") { kind = .type } else if c.eatKeyword("component") { kind = .component }
        else if c.eatKeyword("instance") { kind = .instance } else {
            throw c.error("expected `core module`, `func`, `value`, `type`, `component` or `instance`", t)
        }
        let name = try defName()
        try c.rparen()
        return TAlias(name: name, target: .export(instance: inst, name: n, kind: kind))
    }
}

extension ComponentParser {
    /// At `(component`: the component through its `)`, encoded as `wasm-tools parse` encodes it.
    static func parseComponent(_ c: inout Cursor, definition: Bool = false) throws(TextError) -> [UInt8] {
        let at = c.peek.start
        var p = ComponentParser(cursor: c)
        var parsed: TComponent?
        var modules: [[UInt8]] = []
        if worthParallelModules(c) {
            p.deferModules = true
            if let comp = try? p.component(definition: definition),
               let m = parseDeferredModules(p.deferredModules, cursor: p.c) {
                (parsed, modules) = (comp, m)
            } else {
                // A module (or the component around it) failed: parse again in order, for the first error in
                // text order.
                p = ComponentParser(cursor: c)
            }
        }
        let comp: TComponent
        if let parsed { comp = parsed } else { comp = try p.component(definition: definition) }
        c = p.c
        var l = ComponentLowering(cursor: c)
        l.modules = modules
        return try l.component(comp, depthAt: at).encode(reuseNestedBytes: false)
    }
}
