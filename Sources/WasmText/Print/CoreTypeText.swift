import WasmBinary
import WasmCore

/// What the printer knows of the core module it is in: names, types, functions' types, counts.
final class CoreState {
    var names = CoreNames()
    var types: [SubType] = []
    var funcTypes: [UInt32] = []
    /// The type index of each tag (imported, then defined).
    var tagTypes: [UInt32] = []
    var funcs: UInt32 = 0, tables: UInt32 = 0, memories: UInt32 = 0, globals: UInt32 = 0, tags: UInt32 = 0
    var customPlace = "before first"
    var hints = BranchHints()
    init() {}

    /// A copy for a thread that prints bodies from function `funcs` on (the arrays are shared, not copied).
    func copy(funcs: UInt32) -> CoreState {
        let c = CoreState()
        c.names = names
        c.types = types
        c.funcTypes = funcTypes
        c.tagTypes = tagTypes
        c.funcs = funcs
        c.tables = tables
        c.memories = memories
        c.globals = globals
        c.tags = tags
        c.customPlace = customPlace
        c.hints = hints
        return c
    }
}

extension Printer {
    func valType(_ s: CoreState, _ t: ValType) {
        switch t {
        case .i32: w("i32")
        case .i64: w("i64")
        case .f32: w("f32")
        case .f64: w("f64")
        case .v128: w("v128")
        case .ref(let r): refType(s, r)
        }
    }

    func refType(_ s: CoreState, _ r: RefType) {
        if r.nullable {
            if case .abstract(let a, false) = r.heapType {
                switch a {
                case .func: return w("funcref")
                case .extern: return w("externref")
                case .i31: return w("i31ref")
                case .any: return w("anyref")
                case .none: return w("nullref")
                case .noextern: return w("nullexternref")
                case .nofunc: return w("nullfuncref")
                case .eq: return w("eqref")
                case .struct: return w("structref")
                case .array: return w("arrayref")
                case .exn: return w("exnref")
                case .noexn: return w("nullexnref")
                default: break
                }
            }
            startGroup("ref")
            w(" null ")
            heapType(s, r.heapType)
            endGroup()
        } else {
            startGroup("ref ")
            heapType(s, r.heapType)
            endGroup()
        }
    }

    func heapType(_ s: CoreState, _ h: HeapType) {
        switch h {
        case .concrete(let i): idx(s.names.types, i)
        case .exact(let i):
            startGroup("exact ")
            idx(s.names.types, i)
            endGroup()
        case .abstract(let a, let shared):
            if shared { startGroup("shared ") }
            w(a.name)
            if shared { endGroup() }
        }
    }

    func storageType(_ s: CoreState, _ t: StorageType) {
        switch t {
        case .i8: w("i8")
        case .i16: w("i16")
        case .val(let v): valType(s, v)
        }
    }

    func fieldType(_ s: CoreState, _ f: FieldType, typeIndex: UInt32?, field: UInt32) {
        w(" ")
        if let t = typeIndex {
            if let n = s.names.fields[t, field] { writeIdentifier(n); w(" ") }
            else if options.nameUnnamed { w("$#field"); int(field); w(" ") }
        }
        if f.mutable { w("(mut ") }
        storageType(s, f.storage)
        if f.mutable { w(")") }
    }

    /// Parameters (named ones alone in their group) and results. `namesFor`: the function whose local
    /// names apply. Returns the parameter count.
    @discardableResult
    func funcType(_ s: CoreState, _ f: FuncType, namesFor: UInt32?, typeIndex: UInt32? = nil) -> UInt32 {
        if !f.params.isEmpty { w(" ") }
        var p = LocalGroupPrinter(group: "param")
        for (i, t) in f.params.enumerated() {
            if let typeIndex {
                p.start(self, s.names.typeParams[typeIndex, UInt32(truncatingIfNeeded: i)], synthesize: nil)
            } else {
                p.start(self, s, func: namesFor, local: UInt32(truncatingIfNeeded: i))
            }
            valType(s, t)
            p.end(self)
        }
        p.finish(self)
        if !f.results.isEmpty {
            w(" ")
            startGroup("result")
            for r in f.results { w(" "); valType(s, r) }
            endGroup()
        }
        return UInt32(truncatingIfNeeded: f.params.count)
    }

    func typeRef(_ s: CoreState, _ i: UInt32) {
        startGroup("type ")
        idx(s.names.types, i)
        endGroup()
    }

    /// `(type N)` and, for a plain function type, its parameters and results.
    @discardableResult
    func funcTypeIndex(_ s: CoreState, _ i: UInt32, namesFor: UInt32?) -> UInt32? {
        typeRef(s, i)
        guard Int(i) < s.types.count else { return nil }
        let t = s.types[Int(i)]
        guard case .func(let f) = t.composite.kind, !t.composite.shared, t.composite.describes == nil,
              t.composite.descriptor == nil else { return nil }
        return funcType(s, f, namesFor: namesFor)
    }

    func composite(_ s: CoreState, _ c: CompositeType, typeIndex: UInt32) {
        if c.shared { startGroup("shared"); w(" ") }
        if let d = c.describes { startGroup("describes"); w(" "); idx(s.names.types, d); endGroup(); w(" ") }
        if let d = c.descriptor { startGroup("descriptor"); w(" "); idx(s.names.types, d); endGroup(); w(" ") }
        switch c.kind {
        case .func(let f):
            startGroup("func")
            funcType(s, f, namesFor: nil, typeIndex: typeIndex)
            endGroup()
        case .array(let f):
            startGroup("array")
            fieldType(s, f, typeIndex: nil, field: 0)
            endGroup()
        case .struct(let fields):
            startGroup("struct")
            for (i, f) in fields.enumerated() {
                w(" (field")
                fieldType(s, f, typeIndex: typeIndex, field: UInt32(truncatingIfNeeded: i))
                w(")")
            }
            endGroup()
        case .cont(let i):
            startGroup("cont")
            w(" ")
            idx(s.names.types, i)
            endGroup()
        }
        if c.shared { endGroup() }
    }

    func subType(_ s: CoreState, _ t: SubType, typeIndex: UInt32) {
        if !t.isFinal || !t.supertypes.isEmpty {
            startGroup("sub")
            w(" ")
            if t.isFinal { w("final ") }
            if let sup = t.supertypes.first { idx(s.names.types, sup); w(" ") }
            composite(s, t.composite, typeIndex: typeIndex)
            endGroup()
        } else {
            composite(s, t.composite, typeIndex: typeIndex)
        }
    }

    func typeDefinition(_ s: CoreState, _ t: SubType, inComponent: Bool) {
        startGroup(inComponent ? "core type " : "type ")
        let i = UInt32(truncatingIfNeeded: s.types.count)
        name(s.names.types, i)
        w(" ")
        subType(s, t, typeIndex: i)
        endGroup()
        s.types.append(t)
    }

    func recGroup(_ s: CoreState, _ g: RecGroup, offset: Int?, inComponent: Bool) {
        if g.isExplicit {
            startGroup(inComponent ? "core rec" : "rec")
            for t in g.types {
                newline(offset.map { $0 + 2 })
                typeDefinition(s, t, inComponent: false)
            }
            endGroup()
        } else {
            for t in g.types { typeDefinition(s, t, inComponent: inComponent) }
        }
    }

    func limits(_ l: Limits) {
        int(l.min)
        if let m = l.max { w(" "); int(m) }
    }

    func tableType(_ s: CoreState, _ t: TableType, index: Bool) {
        startGroup("table ")
        if index { name(s.names.tables, s.tables); w(" ") }
        if t.limits.shared { w("shared ") }
        if t.limits.is64 { w("i64 ") }
        limits(t.limits)
        w(" ")
        refType(s, t.element)
    }

    func memoryType(_ s: CoreState, _ m: MemoryType, index: Bool) {
        startGroup("memory ")
        if index { name(s.names.memories, s.memories); w(" ") }
        if m.limits.is64 { w("i64 ") }
        limits(m.limits)
        if m.limits.shared { w(" shared") }
        if let p = m.limits.pageSizeLog2, p < 64 {
            w(" ")
            startGroup("pagesize ")
            w("0x"); w(String(UInt64(1) << UInt64(p), radix: 16))
            endGroup()
        }
    }

    func tagType(_ s: CoreState, _ t: TagType, index: Bool) {
        startGroup("tag ")
        if index { name(s.names.tags, s.tags); w(" ") }
        funcTypeIndex(s, t.typeIndex, namesFor: nil)
    }

    func globalType(_ s: CoreState, _ g: GlobalType, index: Bool) {
        startGroup("global ")
        if index { name(s.names.globals, s.globals); w(" ") }
        if g.shared || g.mutable {
            w("(")
            if g.shared { w("shared ") }
            if g.mutable { w("mut ") }
            valType(s, g.value)
            w(")")
        } else {
            valType(s, g.value)
        }
    }
}

/// Prints a run of parameters or locals: unnamed ones share a group, a named one has its own.
struct LocalGroupPrinter {
    let group: StaticString
    var inGroup = false
    var endAfter = false
    var first = true

    init(group: StaticString) { self.group = group }

    mutating func start(_ p: Printer, _ s: CoreState, func f: UInt32?, local: UInt32) {
        start(p, s.names.locals[f ?? UInt32.max, local], synthesize: f != nil ? local : nil)
    }

    mutating func start(_ p: Printer, _ n: Naming?, synthesize local: UInt32?) {
        if n != nil && inGroup {
            p.endGroup()
            inGroup = false
        }
        if first { first = false } else { p.w(" ") }
        if !inGroup {
            p.startGroup(group)
            p.w(" ")
            inGroup = true
        }
        if let n {
            p.writeName(n)
            p.w(" ")
            endAfter = true
        } else if p.options.nameUnnamed, let local {
            p.w("$#local"); p.int(local); p.w(" ")
            endAfter = true
        } else {
            endAfter = false
        }
    }

    mutating func end(_ p: Printer) {
        if endAfter {
            p.endGroup()
            endAfter = false
            inGroup = false
        }
    }

    func finish(_ p: Printer) {
        if inGroup { p.endGroup() }
    }
}
