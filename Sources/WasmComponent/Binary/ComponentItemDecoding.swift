import WasmBinary
import WasmCore

// Decoding of component definitions other than types: instances, aliases, imports, exports, names,
// start, values and canonical definitions. Messages follow wasm-tools ("invalid leading byte (0x6)
// for component external kind") so users can search for them.

extension ByteReader {
    /// `nameattributes`: `0x00 name`, `0x01 name` (legacy) or `0x02 name vec(attribute)`.
    mutating func readExternName() throws(WasmError) -> ExternName {
        let at = position
        let b = try readByte()
        guard let form = ExternName.Form(rawValue: b) else {
            throw ByteReader.invalidByte(b, at: at, for: "component name")
        }
        let name = try readLimitedName()
        guard form == .attributed else { return ExternName(name, form: form) }
        let n = try readVecCount(limit: 1_000, minimumItemSize: 2, "name attributes")
        var attributes: [NameAttribute] = []
        attributes.reserveCapacity(n)
        for _ in 0..<n {
            let aat = position
            let a: NameAttribute
            switch try readByte() {
            case 0x00: a = .implements(try readLimitedName())
            case 0x01: a = .versionSuffix(try readLimitedName())
            case 0x02: a = .externalId(try readLimitedName())
            case let x: throw ByteReader.invalidByte(x, at: aat, for: "name option")
            }
            attributes.append(a)
        }
        return ExternName(name, form: .attributed, attributes: attributes)
    }

    /// A `ComponentExternalKind`: one component sort byte, or `0x00 0x11` (core module).
    mutating func readComponentExternalKind() throws(WasmError) -> ComponentExternalKind {
        let at = position
        let b = try readByte()
        switch b {
        case 0x00:
            let b2 = try readByte()
            if b2 != 0x11 { throw ByteReader.invalidByte(b2, at: at + 1, for: "component external kind") }
            return .module
        case 0x01: return .func
        case 0x02: return .value
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        default: throw ByteReader.invalidByte(b, at: at, for: "component external kind")
        }
    }

    /// A core sort that a core instance can export (func/table/memory/global/tag). wasm-tools
    /// rejects `0x20` (exact func) here with a dedicated message.
    mutating func readCoreExternalSort(_ context: String) throws(WasmError) -> CoreSort {
        let at = position
        let b = try readByte()
        if b == 0x20 { throw WasmError(.invalidLeadingByte, "exact type is not allowed in \(context)", offset: at) }
        guard let s = CoreSort(rawValue: b), s.isCoreExternal else {
            throw ByteReader.invalidByte(b, at: at, for: "external kind")
        }
        return s
    }

    /// `externtype`.
    mutating func readExternDesc() throws(WasmError) -> ExternDesc {
        switch try readComponentExternalKind() {
        case .module: return .module(try readU32())
        case .func: return .func(try readU32())
        case .value: return .value(try readComponentValType())
        case .type:
            let at = position
            switch try readByte() {
            case 0x00: return .type(.eq(try readU32()))
            case 0x01: return .type(.subResource)
            case let b: throw ByteReader.invalidByte(b, at: at, for: "type bound")
            }
        case .component: return .component(try readU32())
        case .instance: return .instance(try readU32())
        }
    }

    mutating func readComponentImport() throws(WasmError) -> ComponentImport {
        let name = try readExternName()
        return ComponentImport(name: name, type: try readExternDesc())
    }

    mutating func readComponentExport() throws(WasmError) -> ComponentExport {
        try readComponentExport(name: try readExternName())
    }

    /// The rest of an export after its name.
    mutating func readComponentExport(name: ExternName) throws(WasmError) -> ComponentExport {
        let kind = try readComponentExternalKind()
        let index = try readU32()
        let at = position
        switch try readByte() {
        case 0x00: return ComponentExport(name: name, kind: kind, index: index)
        case 0x01: return ComponentExport(name: name, kind: kind, index: index, type: try readExternDesc())
        case let b: throw ByteReader.invalidByte(b, at: at, for: "optional component export type")
        }
    }

    mutating func readCoreInstance() throws(WasmError) -> CoreInstance {
        let at = position
        switch try readByte() {
        case 0x00:
            let module = try readU32()
            let n = try readVecCount(limit: ComponentLimits.maxInstantiationArgs, minimumItemSize: 3,
                                     "core instantiation arguments")
            var args: [CoreInstantiateArg] = []
            args.reserveCapacity(n)
            for _ in 0..<n {
                let name = try readLimitedName()
                let kat = position
                let k = try readByte()
                if k != 0x12 { throw ByteReader.invalidByte(k, at: kat, for: "instantiation arg kind") }
                args.append(CoreInstantiateArg(name: name, instance: try readU32()))
            }
            return .instantiate(module: module, args: args)
        case 0x01:
            let n = try readVecCount(limit: ComponentLimits.maxInstantiationArgs, minimumItemSize: 3,
                                     "core instantiation arguments")
            var exports: [CoreInlineExport] = []
            exports.reserveCapacity(n)
            for _ in 0..<n {
                let name = try readLimitedName()
                let sort = try readCoreExternalSort("the exports")
                exports.append(CoreInlineExport(name: name, sort: sort, index: try readU32()))
            }
            return .fromExports(exports)
        case let b: throw ByteReader.invalidByte(b, at: at, for: "core instance")
        }
    }

    mutating func readComponentInstance() throws(WasmError) -> ComponentInstance {
        let at = position
        switch try readByte() {
        case 0x00:
            let component = try readU32()
            let n = try readVecCount(limit: ComponentLimits.maxInstantiationArgs, minimumItemSize: 3,
                                     "instantiation arguments")
            var args: [InstantiateArg] = []
            args.reserveCapacity(n)
            for _ in 0..<n {
                let name = try readLimitedName()
                let kind = try readComponentExternalKind()
                args.append(InstantiateArg(name: name, kind: kind, index: try readU32()))
            }
            return .instantiate(component: component, args: args)
        case 0x01:
            let n = try readVecCount(limit: ComponentLimits.maxInstantiationExports, minimumItemSize: 4,
                                     "instantiation exports")
            var exports: [InlineExport] = []
            exports.reserveCapacity(n)
            for _ in 0..<n {
                let name = try readExternName()
                exports.append(try withFrame(.quoted("export", name.name)) { () throws(WasmError) in
                    let kind = try readComponentExternalKind()
                    return InlineExport(name: name, kind: kind, index: try readU32())
                })
            }
            return .fromExports(exports)
        case let b: throw ByteReader.invalidByte(b, at: at, for: "instance")
        }
    }

    /// `alias`: the sort (one or two bytes), then the target tag `0x00` (export), `0x01` (core
    /// export) or `0x02` (outer). Which sorts each target allows follows wasm-tools.
    mutating func readAlias() throws(WasmError) -> Alias {
        let at = position
        let b1 = try readByte()
        let b2: UInt8? = b1 == 0x00 ? try readByte() : nil
        let tat = position
        switch try readByte() {
        case 0x00:
            let kind: ComponentExternalKind
            switch (b1, b2) {
            case (0x00, 0x11): kind = .module
            case (0x00, let x?): throw ByteReader.invalidByte(x, at: at + 1, for: "component external kind")
            case (0x01, _): kind = .func
            case (0x02, _): kind = .value
            case (0x03, _): kind = .type
            case (0x04, _): kind = .component
            case (0x05, _): kind = .instance
            default: throw ByteReader.invalidByte(b1, at: at, for: "component external kind")
            }
            let instance = try readU32()
            return .instanceExport(kind: kind, instance: instance, name: try readLimitedName())
        case 0x01:
            guard let s = b2 else { throw ByteReader.invalidByte(b1, at: at, for: "core instance export kind") }
            if s == 0x20 {
                throw WasmError(.invalidLeadingByte, "exact type is not allowed in core export aliases", offset: at + 1)
            }
            guard let sort = CoreSort(rawValue: s), sort.isCoreExternal else {
                throw ByteReader.invalidByte(s, at: at + 1, for: "external kind")
            }
            let instance = try readU32()
            return .coreInstanceExport(sort: sort, instance: instance, name: try readLimitedName())
        case 0x02:
            let kind: OuterAliasKind
            switch (b1, b2) {
            case (0x00, 0x10): kind = .coreType
            case (0x00, 0x11): kind = .coreModule
            case (0x00, let x?): throw ByteReader.invalidByte(x, at: at + 1, for: "component outer alias kind")
            case (0x03, _): kind = .type
            case (0x04, _): kind = .component
            default: throw ByteReader.invalidByte(b1, at: at, for: "component outer alias kind")
            }
            let count = try readU32()
            return .outer(kind: kind, count: count, index: try readU32())
        case let t: throw ByteReader.invalidByte(t, at: tat, for: "alias")
        }
    }

    mutating func readComponentStart() throws(WasmError) -> ComponentStart {
        let function = try readU32()
        let n = try readVecCount(limit: ComponentLimits.maxStartArgs, minimumItemSize: 1, "start function arguments")
        var args: [UInt32] = []
        args.reserveCapacity(n)
        for _ in 0..<n { args.append(try readU32()) }
        let rat = position
        let results = try readU32()
        if results > ComponentLimits.maxFunctionReturns {
            throw WasmError(.limitExceeded, "start function results size is out of bounds (\(results))", offset: rat)
        }
        return ComponentStart(function: function, arguments: args, results: results)
    }

    /// 🪙 `value ::= t:<valtype> len:<u32> v:<val(t)>`; the value bytes are kept as a slice.
    mutating func readComponentValue() throws(WasmError) -> ComponentValue {
        let type = try readComponentValType()
        let at = position
        let n = Int(try readU32())
        guard n <= remaining else {
            throw WasmError(.unexpectedEnd, "value length \(n) exceeds the \(remaining) bytes left", offset: at)
        }
        return ComponentValue(type: type, bytes: try readSlice(n))
    }

    mutating func readCanonOptions() throws(WasmError) -> [CanonOption] {
        let n = try readVecCount(limit: ComponentLimits.maxCanonicalOptions, minimumItemSize: 1, "canonical options")
        var opts: [CanonOption] = []
        opts.reserveCapacity(n)
        for _ in 0..<n {
            let at = position
            switch try readByte() {
            case 0x00: opts.append(.utf8)
            case 0x01: opts.append(.utf16)
            case 0x02: opts.append(.compactUTF16)
            case 0x03: opts.append(.memory(try readU32()))
            case 0x04: opts.append(.realloc(try readU32()))
            case 0x05: opts.append(.postReturn(try readU32()))
            case 0x06: opts.append(.async)
            case 0x07: opts.append(.callback(try readU32()))
            case 0x08: opts.append(.coreType(try readU32()))
            case 0x09: opts.append(.gc)
            case let b: throw ByteReader.invalidByte(b, at: at, for: "canonical option")
            }
        }
        return opts
    }

    // readCanon() is generated from Model/canon.txt (CanonCoding.generated.swift).
}
