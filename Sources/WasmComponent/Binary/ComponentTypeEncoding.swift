import WasmBinary
import WasmCore

// Encoding of component types; the inverse of ComponentTypeDecoding.swift.

extension ByteWriter {
    /// A primitive byte, or the type index as s33 (wasm-tools' encoding).
    public mutating func componentValType(_ t: ComponentValType) {
        switch t {
        case .primitive(let p): byte(p.rawValue)
        case .index(let i): s33(Int64(i))
        }
    }

    mutating func optionalValType(_ t: ComponentValType?) {
        if let t {
            byte(0x01)
            componentValType(t)
        } else {
            byte(0x00)
        }
    }

    mutating func resultList(_ t: ComponentValType?) {
        if let t {
            byte(0x00)
            componentValType(t)
        } else {
            bytes([0x01, 0x00])
        }
    }

    mutating func labeledTypes(_ ts: [LabeledType]) {
        vector(ts) { w, t in
            w.name(t.name)
            w.componentValType(t.type)
        }
    }

    public mutating func definedType(_ d: DefinedType) {
        switch d {
        case .primitive(let p): byte(p.rawValue)
        case .record(let fields):
            byte(0x72)
            labeledTypes(fields)
        case .variant(let cases):
            byte(0x71)
            vector(cases) { w, c in
                w.name(c.name)
                w.optionalValType(c.type)
                w.byte(0x00)
            }
        case .list(let t):
            byte(0x70)
            componentValType(t)
        case .fixedList(let t, let n):
            byte(0x67)
            componentValType(t)
            u32(n)
        case .tuple(let ts):
            byte(0x6F)
            vector(ts) { $0.componentValType($1) }
        case .flags(let names):
            byte(0x6E)
            vector(names) { $0.name($1) }
        case .enum(let names):
            byte(0x6D)
            vector(names) { $0.name($1) }
        case .option(let t):
            byte(0x6B)
            componentValType(t)
        case .result(let ok, let error):
            byte(0x6A)
            optionalValType(ok)
            optionalValType(error)
        case .own(let i):
            byte(0x69)
            u32(i)
        case .borrow(let i):
            byte(0x68)
            u32(i)
        case .stream(let t):
            byte(0x66)
            optionalValType(t)
        case .future(let t):
            byte(0x65)
            optionalValType(t)
        case .map(let k, let v):
            byte(0x63)
            componentValType(k)
            componentValType(v)
        }
    }

    public mutating func componentType(_ t: ComponentType) {
        switch t {
        case .defined(let d): definedType(d)
        case .func(let f):
            byte(f.isAsync ? 0x43 : 0x40)
            labeledTypes(f.params)
            resultList(f.result)
        case .component(let decls):
            byte(0x41)
            vector(decls) { $0.typeDeclaration($1) }
        case .instance(let decls):
            byte(0x42)
            vector(decls) { $0.typeDeclaration($1) }
        case .resource(let rep, let dtor):
            byte(0x3F)
            valType(rep)
            if let dtor {
                byte(0x01)
                u32(dtor)
            } else {
                byte(0x00)
            }
        }
    }

    mutating func typeDeclaration(_ d: TypeDeclaration) {
        switch d {
        case .coreType(let t):
            byte(0x00)
            coreType(t)
        case .type(let t):
            byte(0x01)
            componentType(t)
        case .alias(let a):
            byte(0x02)
            alias(a)
        case .import(let i):
            byte(0x03)
            componentImport(i)
        case .export(let n, let t):
            byte(0x04)
            externName(n)
            externDesc(t)
        }
    }

    /// A core type at component level: a lone non-final `sub` gets the `0x00` prefix.
    public mutating func coreType(_ t: CoreType) {
        switch t {
        case .rec(let g):
            if !g.isExplicit, g.types.count == 1, !g.types[0].isFinal { byte(0x00) }
            recGroup(g)
        case .module(let decls):
            byte(0x50)
            vector(decls) { w, d in
                switch d {
                case .import(let i):
                    w.byte(0x00)
                    w.import(i)
                case .type(let g):
                    w.byte(0x01)
                    w.recGroup(g)
                case .outerAlias(let count, let index):
                    w.bytes([0x02, 0x10, 0x01])
                    w.u32(count)
                    w.u32(index)
                case .export(let n, let t):
                    w.byte(0x03)
                    w.name(n)
                    w.externType(t)
                }
            }
        }
    }
}
