import WasmBinary
import WasmCore

// The component writer: the exact inverse of the decoder. It writes minimal LEB128, keeps section
// grouping and order, name forms and the encodings wasm-tools uses (s33 type indices in value
// types, the `0x00` prefix of top-level non-final core sub types). Nested core modules are written
// from their bytes; nested components that were not modified are written from their original bytes.

extension Component {
    /// Encodes this component. With `reuseNestedBytes` (the default) unchanged nested components are
    /// copied from their original bytes; without it every nested component is re-encoded too.
    public func encode(reuseNestedBytes: Bool = true) -> [UInt8] {
        var w = ByteWriter(capacity: originalBytes.map { $0.count + 16 } ?? 1024)
        w.component(self, reuseNestedBytes: reuseNestedBytes, nested: false)
        return w.bytes
    }
}

extension ByteWriter {
    mutating func component(_ c: Component, reuseNestedBytes: Bool, nested: Bool) {
        if nested, reuseNestedBytes, let original = c.originalBytes {
            bytes(original)
            return
        }
        bytes(BinaryKind.magic)
        bytes([BinaryKind.componentVersion.lowByte, 0x00, 0x01, 0x00])
        for s in c.sections { section(s, reuseNestedBytes: reuseNestedBytes) }
    }

    mutating func section(_ s: ComponentSection, reuseNestedBytes: Bool) {
        byte(s.id)
        switch s {
        case .custom(let c):
            sized {
                $0.name(c.name)
                $0.bytes(c.data)
            }
        case .coreModule(let m):
            u32(m.bytes.count)
            bytes(m.bytes)
        case .component(let c):
            var inner = ByteWriter(capacity: c.originalBytes?.count ?? 256)
            inner.component(c, reuseNestedBytes: reuseNestedBytes, nested: true)
            u32(inner.count)
            bytes(inner.bytes)
        case .coreInstances(let items): sized { $0.vector(items) { $0.coreInstance($1) } }
        case .coreTypes(let items): sized { $0.vector(items) { $0.coreType($1) } }
        case .instances(let items): sized { $0.vector(items) { $0.componentInstance($1) } }
        case .aliases(let items): sized { $0.vector(items) { $0.alias($1) } }
        case .types(let items): sized { $0.vector(items) { $0.componentType($1) } }
        case .canons(let items): sized { $0.vector(items) { $0.canon($1) } }
        case .start(let st):
            sized {
                $0.u32(st.function)
                $0.vector(st.arguments) { $0.u32($1) }
                $0.u32(st.results)
            }
        case .imports(let items): sized { $0.vector(items) { $0.componentImport($1) } }
        case .exports(let items): sized { $0.vector(items) { $0.componentExport($1) } }
        case .values(let items):
            sized {
                $0.vector(items) { w, v in
                    w.componentValType(v.type)
                    w.u32(v.bytes.count)
                    w.bytes(v.bytes)
                }
            }
        }
    }

    // MARK: Names and kinds

    mutating func externName(_ n: ExternName) {
        let form: ExternName.Form = n.attributes.isEmpty ? n.form : .attributed
        byte(form.rawValue)
        name(n.name)
        if form == .attributed {
            vector(n.attributes) { w, a in
                w.byte(a.code)
                switch a {
                case .implements(let s), .versionSuffix(let s), .externalId(let s): w.name(s)
                }
            }
        }
    }

    mutating func componentExternalKind(_ k: ComponentExternalKind) { bytes(k.sort.bytes) }

    mutating func externDesc(_ d: ExternDesc) {
        componentExternalKind(d.kind)
        switch d {
        case .module(let i), .func(let i), .component(let i), .instance(let i): u32(i)
        case .value(let t): componentValType(t)
        case .type(.eq(let i)):
            byte(0x00)
            u32(i)
        case .type(.subResource): byte(0x01)
        }
    }

    mutating func componentImport(_ i: ComponentImport) {
        externName(i.name)
        externDesc(i.type)
    }

    mutating func componentExport(_ e: ComponentExport) {
        externName(e.name)
        componentExternalKind(e.kind)
        u32(e.index)
        if let t = e.type {
            byte(0x01)
            externDesc(t)
        } else {
            byte(0x00)
        }
    }

    // MARK: Instances and aliases

    mutating func coreInstance(_ i: CoreInstance) {
        switch i {
        case .instantiate(let m, let args):
            byte(0x00)
            u32(m)
            vector(args) { w, a in
                w.name(a.name)
                w.byte(0x12)
                w.u32(a.instance)
            }
        case .fromExports(let exports):
            byte(0x01)
            vector(exports) { w, e in
                w.name(e.name)
                w.byte(e.sort.rawValue)
                w.u32(e.index)
            }
        }
    }

    mutating func componentInstance(_ i: ComponentInstance) {
        switch i {
        case .instantiate(let c, let args):
            byte(0x00)
            u32(c)
            vector(args) { w, a in
                w.name(a.name)
                w.componentExternalKind(a.kind)
                w.u32(a.index)
            }
        case .fromExports(let exports):
            byte(0x01)
            vector(exports) { w, e in
                w.externName(e.name)
                w.componentExternalKind(e.kind)
                w.u32(e.index)
            }
        }
    }

    mutating func alias(_ a: Alias) {
        switch a {
        case .instanceExport(let kind, let instance, let n):
            componentExternalKind(kind)
            byte(0x00)
            u32(instance)
            name(n)
        case .coreInstanceExport(let sort, let instance, let n):
            bytes([0x00, sort.rawValue, 0x01])
            u32(instance)
            name(n)
        case .outer(let kind, let count, let index):
            bytes(kind.sort.bytes)
            byte(0x02)
            u32(count)
            u32(index)
        }
    }

    // MARK: Canonical definitions

    mutating func canonOptions(_ opts: [CanonOption]) {
        vector(opts) { w, o in
            w.byte(o.code)
            switch o {
            case .memory(let i), .realloc(let i), .postReturn(let i), .callback(let i), .coreType(let i): w.u32(i)
            case .utf8, .utf16, .compactUTF16, .async, .gc: break
            }
        }
    }

    // canon(_:) is generated from Model/canon.txt (CanonCoding.generated.swift).
}

extension UInt16 {
    var lowByte: UInt8 { UInt8(truncatingIfNeeded: self) }
}
