import WasmBinary
import WasmCore

// Types of the text format: value, reference, heap, function/struct/array types, limits, type uses.

extension AbstractHeapType {
    /// By text-format name (`func`, `extern`, `nofunc`, ...).
    static func named(_ s: Substring) -> AbstractHeapType? {
        switch s {
        case "func": .func
        case "extern": .extern
        case "any": .any
        case "eq": .eq
        case "i31": .i31
        case "struct": .struct
        case "array": .array
        case "exn": .exn
        case "cont": .cont
        case "none": AbstractHeapType.none
        case "noextern": .noextern
        case "nofunc": .nofunc
        case "noexn": .noexn
        case "nocont": .nocont
        default: nil
        }
    }
}

extension ModuleParser {
    /// `abs`, `(shared abs)`, `(exact x)` or a type index.
    mutating func heapType() throws(TextError) -> HeapType {
        if c.peek.kind == .keyword, let a = AbstractHeapType.named(c.text(c.peek)) {
            _ = c.advance()
            return .abstract(a)
        }
        if c.atList("shared") {
            try c.openList("shared")
            guard c.peek.kind == .keyword, let a = AbstractHeapType.named(c.text(c.peek)) else {
                throw c.expected("an abstract heap type")
            }
            _ = c.advance()
            try c.rparen()
            return .abstract(a, shared: true)
        }
        if c.atList("exact") {
            try c.openList("exact")
            let i = try index(.type)
            try c.rparen()
            return .exact(i)
        }
        return .concrete(try index(.type))
    }

    mutating func refType() throws(TextError) -> RefType {
        if c.peek.kind == .keyword {
            let k = c.text(c.peek)
            if k.hasSuffix("ref"), let a = AbstractHeapType.named(k.dropLast(3)) {
                _ = c.advance()
                return RefType(nullable: true, heapType: .abstract(a))
            }
            let bottoms: [Substring: AbstractHeapType] = ["nullref": .none, "nullfuncref": .nofunc, "nullexternref": .noextern,
                                                          "nullexnref": .noexn, "nullcontref": .nocont]
            if let a = bottoms[k] {
                _ = c.advance()
                return RefType(nullable: true, heapType: .abstract(a))
            }
        }
        try c.openList("ref")
        let nullable = c.eatKeyword("null")
        let h = try heapType()
        try c.rparen()
        return RefType(nullable: nullable, heapType: h)
    }

    mutating func valType() throws(TextError) -> ValType {
        if c.peek.kind == .keyword {
            switch c.text(c.peek) {
            case "i32": _ = c.advance(); return .i32
            case "i64": _ = c.advance(); return .i64
            case "f32": _ = c.advance(); return .f32
            case "f64": _ = c.advance(); return .f64
            case "v128": _ = c.advance(); return .v128
            default: break
            }
        }
        guard c.peek.kind == .keyword || c.atList("ref") else { throw c.expected("a value type") }
        return .ref(try refType())
    }

    mutating func storageType() throws(TextError) -> StorageType {
        if c.eatKeyword("i8") { return .i8 }
        if c.eatKeyword("i16") { return .i16 }
        return .val(try valType())
    }

    mutating func fieldType() throws(TextError) -> FieldType {
        if c.atList("mut") {
            try c.openList("mut")
            let s = try storageType()
            try c.rparen()
            return FieldType(storage: s, mutable: true)
        }
        return FieldType(storage: try storageType(), mutable: false)
    }

    /// After `(type`: `$id? (sub final? idx* comp) | comp` (without the closing paren), type number `typeIndex`.
    mutating func typeDef(_ typeIndex: UInt32) throws(TextError) -> SubType {
        _ = try c.idAndName()
        var sub = SubType(composite: CompositeType(.func(FuncType(params: [], results: []))))
        if c.atList("sub") {
            try c.openList("sub")
            sub.isFinal = c.eatKeyword("final")
            while atIndex() { sub.supertypes.append(try index(.type)) }
            sub.composite = try compositeType(typeIndex)
            try c.rparen()
        } else {
            sub.isFinal = true
            sub.composite = try compositeType(typeIndex)
        }
        return sub
    }

    /// `(shared? (describes x)? (descriptor y)? (func|struct|array|cont ...))`.
    mutating func compositeType(_ typeIndex: UInt32) throws(TextError) -> CompositeType {
        try c.lparen()
        var k = c.text(c.advance())
        var shared = false
        if k == "shared" {
            shared = true
            try c.lparen()
            k = c.text(c.advance())
        }
        var describes: UInt32?
        var descriptor: UInt32?
        if k == "describes" {
            describes = try index(.type)
            try c.rparen()
            try c.lparen()
            k = c.text(c.advance())
        }
        if k == "descriptor" {
            descriptor = try index(.type)
            try c.rparen()
            try c.lparen()
            k = c.text(c.advance())
        }
        let kind: CompositeKind
        switch k {
        case "func":
            var ft = FuncType(params: [], results: [])
            var pnames: [(UInt32, String)] = []
            while c.atList("param") {
                try c.openList("param")
                let (id, name) = try c.idAndName()
                if id != nil || name != nil {
                    if let name { pnames.append((UInt32(ft.params.count), name)) }
                    ft.params.append(try valType())
                } else {
                    while c.peek.kind != .rparen { ft.params.append(try valType()) }
                }
                try c.rparen()
            }
            while c.atList("result") {
                try c.openList("result")
                while c.peek.kind != .rparen { ft.results.append(try valType()) }
                try c.rparen()
            }
            if !pnames.isEmpty { typeParamNames.append((typeIndex, pnames)) }
            kind = .func(ft)
        case "struct":
            var fields: [FieldType] = []
            while c.atList("field") {
                try c.openList("field")
                if c.optionalID() != nil { fields.append(try fieldType()) } else {
                    while c.peek.kind != .rparen { fields.append(try fieldType()) }
                }
                try c.rparen()
            }
            kind = .struct(fields)
        case "array": kind = .array(try fieldType())
        case "cont": kind = .cont(try index(.type))
        default: throw c.error("unknown type `\(k)`")
        }
        try c.rparen()
        if shared { try c.rparen() }
        return CompositeType(kind, shared: shared, describes: describes, descriptor: descriptor)
    }

    /// Pass 1: the `$id`s of a struct's fields (for `struct.get $t $f` and the name section), from the tokens of
    /// the type definition at the cursor (after its `$id`) up to its closing paren, which is not consumed.
    mutating func collectFields(_ typeIndex: UInt32) throws(TextError) {
        var depth = 0
        var next: UInt32 = 0
        var ids: [String: UInt32] = [:]
        var named: [(UInt32, String)] = []
        while depth > 0 || c.peek.kind != .rparen {
            let t = c.advance()
            switch t.kind {
            case .eof: throw c.expected("`)`")
            case .rparen: depth -= 1
            case .lparen:
                if c.isKeyword("field") {
                    _ = c.advance()
                    if c.peek.kind == .id {
                        let idToken = c.advance()
                        let id = c.idName(idToken)
                        guard ids[id] == nil else { throw c.error("duplicate field identifier \(c.text(idToken))", idToken) }
                        ids[id] = next
                        named.append((next, id))
                        next &+= 1
                        try c.skipItem()
                    } else {
                        while c.peek.kind != .rparen, c.peek.kind != .eof { try c.skipItem(); next &+= 1 }
                    }
                    guard c.peek.kind == .rparen else { throw c.expected("`)`") }
                    _ = c.advance()
                } else {
                    depth += 1
                }
            default: break
            }
        }
        if !named.isEmpty {
            fieldIDs[typeIndex] = ids
            fieldNames.append((typeIndex, named))
        }
    }

    /// A field of struct type `typeIndex`, by `$id` or number.
    mutating func fieldIndex(_ typeIndex: UInt32) throws(TextError) -> UInt32 {
        let t = c.peek
        if t.kind == .id {
            _ = c.advance()
            guard let i = fieldIDs[typeIndex]?[c.idName(t)] else { throw c.error("unknown field \(c.text(t))", t) }
            return i
        }
        return try c.u32()
    }

    struct TypeUse {
        var index: UInt32
        var paramCount: Int
        var paramNames: [Param]
        struct Param {
            var index: UInt32
            var id: String?
            var name: String?
        }
    }

    /// `(type x)? (param ...)* (result ...)*`, resolving or appending the function type.
    /// `namedParams` false: a block type or `call_indirect`, whose parameters take no `$id`.
    mutating func typeUse(namedParams: Bool = true) throws(TextError) -> TypeUse {
        let at = c.peek
        var explicit: UInt32?
        if c.atList("type") {
            try c.openList("type")
            explicit = try index(.type)
            try c.rparen()
        }
        var ft = FuncType(params: [], results: [])
        var pnames: [TypeUse.Param] = []
        while c.atList("param") {
            try c.openList("param")
            let idToken = c.peek
            let (id, name) = try c.idAndName()
            if id != nil || name != nil {
                guard namedParams else { throw c.error("unexpected named parameter", idToken) }
                pnames.append(TypeUse.Param(index: UInt32(ft.params.count), id: id, name: name))
                ft.params.append(try valType())
            } else {
                while c.peek.kind != .rparen { ft.params.append(try valType()) }
            }
            try c.rparen()
        }
        while c.atList("result") {
            try c.openList("result")
            while c.peek.kind != .rparen { ft.results.append(try valType()) }
            try c.rparen()
        }
        if let explicit {
            if !ft.params.isEmpty || !ft.results.isEmpty, explicit >= UInt32(explicitTypeCount) {
                throw c.error("unknown type \(explicit)", at)
            }
            if !ft.params.isEmpty || !ft.results.isEmpty, let t = typeAt(explicit), case .func(let f) = t.composite.kind,
               f != ft {
                throw c.error("inline function type doesn't match type reference", at)
            }
            var count = ft.params.count
            if count == 0, let t = typeAt(explicit), case .func(let f) = t.composite.kind {
                count = f.params.count
            }
            return TypeUse(index: explicit, paramCount: count, paramNames: pnames)
        }
        return TypeUse(index: funcTypeIndex(ft), paramCount: ft.params.count, paramNames: pnames)
    }

    /// Type `i` (explicit, then those type uses added), if there is one.
    func typeAt(_ i: UInt32) -> SubType? {
        let k = Int(i)
        if k < flatTypes.count { return flatTypes[k] }
        let j = k - flatTypes.count
        return j < pendingTypes.count ? pendingTypes[j] : nil
    }

    /// After the type fields are read: the flat list of types and, as wasm-tools matches type uses, the first
    /// `(type (func ...))` outside a `rec` for each params/results pair, whatever its finality, supertype or
    /// sharing.
    mutating func indexTypes() {
        flatTypes = types.flatMap(\.types)
        var i: UInt32 = 0
        for g in types {
            for t in g.types {
                if !g.isExplicit, case .func(let f) = t.composite.kind, funcTypeIndices[f] == nil { funcTypeIndices[f] = i }
                i &+= 1
            }
        }
    }

    mutating func funcTypeIndex(_ ft: FuncType) -> UInt32 {
        if let i = funcTypeIndices[ft] { return i }
        if typesFrozen { frozenViolation = true }
        pendingTypes.append(SubType(composite: CompositeType(.func(ft))))
        let i = UInt32(explicitTypeCount + pendingTypes.count - 1)
        funcTypeIndices[ft] = i
        return i
    }

    mutating func limits(is64: Bool) throws(TextError) -> Limits {
        let min = try c.u64()
        var l = Limits(min: min, is64: is64)
        if c.atU32 || (c.peek.kind == .keyword && TextNumber.u64(c.text(c.peek)) != nil) { l.max = try c.u64() }
        return l
    }

    /// `shared? (i32|i64)? min max? reftype`.
    mutating func tableType() throws(TextError) -> TableType {
        let shared = c.eatKeyword("shared")
        var is64 = false
        if c.isKeyword("i64") || c.isKeyword("i32") { is64 = c.text(c.advance()) == "i64" }
        var l = try limits(is64: is64)
        l.shared = shared
        return TableType(element: try refType(), limits: l)
    }

    mutating func memoryType() throws(TextError) -> MemoryType {
        var is64 = false
        if c.isKeyword("i64") || c.isKeyword("i32") { is64 = c.text(c.advance()) == "i64" }
        var l = try limits(is64: is64)
        if c.eatKeyword("shared") { l.shared = true } else { _ = c.eatKeyword("unshared") }
        if c.atList("pagesize") {
            try c.openList("pagesize")
            let size = try c.u64()
            guard size > 0, size & (size - 1) == 0 else { throw c.error("invalid custom page size") }
            l.pageSizeLog2 = UInt32(size.trailingZeroBitCount)
            try c.rparen()
        }
        return MemoryType(limits: l)
    }

    /// `t`, or `(shared? mut? t)`.
    mutating func globalType() throws(TextError) -> GlobalType {
        if c.atList("mut") || c.atList("shared") {
            try c.lparen()
            let shared = c.eatKeyword("shared")
            let mutable = c.eatKeyword("mut")
            let t = try valType()
            try c.rparen()
            return GlobalType(value: t, mutable: mutable, shared: shared)
        }
        return GlobalType(value: try valType(), mutable: false)
    }
}
