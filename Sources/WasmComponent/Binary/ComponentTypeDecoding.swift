import WasmBinary
import WasmCore

// Decoding of component types (Binary.md "Type Definitions"), checked against wasmparser's
// readers/component/types.rs and wasm-tools 1.262's behaviour.

extension ByteReader {
    /// `valtype`: a primitive byte, or a type index read as a non-negative s33 (wasm-tools rejects
    /// negative values with "invalid leading byte (0x..) for component value type").
    mutating func readComponentValType() throws(WasmError) -> ComponentValType {
        let at = position
        let b = try peekByte()
        if let p = PrimitiveValType(rawValue: b) {
            position += 1
            return .primitive(p)
        }
        let v = try readS33()
        guard v >= 0, v <= Int64(UInt32.max) else {
            throw ByteReader.invalidByte(b, at: at, for: "component value type")
        }
        return .index(UInt32(v))
    }

    /// `<valtype>?`: `0x00` or `0x01 t`.
    mutating func readOptionalValType(_ what: String = "optional component value type")
        throws(WasmError) -> ComponentValType?
    {
        let at = position
        switch try readByte() {
        case 0x00: return nil
        case 0x01: return try readComponentValType()
        case let b: throw ByteReader.invalidByte(b, at: at, for: what)
        }
    }

    /// `resultlist`: `0x00 t` or `0x01 0x00`.
    mutating func readResultList() throws(WasmError) -> ComponentValType? {
        let at = position
        switch try readByte() {
        case 0x00: return try readComponentValType()
        case 0x01:
            let at2 = position
            let b = try readByte()
            if b != 0x00 { throw ByteReader.invalidByte(b, at: at2, for: "number of results") }
            return nil
        case let b: throw ByteReader.invalidByte(b, at: at, for: "component function results")
        }
    }

    mutating func readLabeledTypes(limit: Int, _ what: String) throws(WasmError) -> [LabeledType] {
        let n = try readVecCount(limit: limit, minimumItemSize: 2, what)
        var out: [LabeledType] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            let name = try readLimitedName()
            out.append(LabeledType(name, try readComponentValType()))
        }
        return out
    }

    mutating func readLabels(limit: Int, _ what: String) throws(WasmError) -> [String] {
        let n = try readVecCount(limit: limit, minimumItemSize: 1, what)
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readLimitedName()) }
        return out
    }

    /// A `defvaltype` whose leading byte `b` (at `at`) has been read.
    mutating func readDefinedType(_ b: UInt8, at: Int) throws(WasmError) -> DefinedType {
        if let p = PrimitiveValType(rawValue: b) { return .primitive(p) }
        switch b {
        case 0x72: return .record(try readLabeledTypes(limit: ComponentLimits.maxRecordFields, "record field"))
        case 0x71:
            let n = try readVecCount(limit: ComponentLimits.maxVariantCases, minimumItemSize: 3, "variant cases")
            var cases: [VariantCase] = []
            cases.reserveCapacity(n)
            for _ in 0..<n {
                let name = try readLimitedName()
                let type = try readOptionalValType()
                let zat = position
                let z = try readByte()
                if z != 0 { throw ByteReader.invalidByte(z, at: zat, for: "zero byte required") }
                cases.append(VariantCase(name, type))
            }
            return .variant(cases)
        case 0x70: return .list(try readComponentValType())
        case 0x67:
            let t = try readComponentValType()
            return .fixedList(t, try readU32())
        case 0x6F:
            let n = try readVecCount(limit: ComponentLimits.maxTupleTypes, minimumItemSize: 1, "tuple types")
            var ts: [ComponentValType] = []
            ts.reserveCapacity(n)
            for _ in 0..<n { ts.append(try readComponentValType()) }
            return .tuple(ts)
        case 0x6E: return .flags(try readLabels(limit: ComponentLimits.maxFlagNames, "flag names"))
        case 0x6D: return .enum(try readLabels(limit: ComponentLimits.maxEnumCases, "enum cases"))
        case 0x6B: return .option(try readComponentValType())
        case 0x6A:
            let ok = try readOptionalValType()
            return .result(ok: ok, error: try readOptionalValType())
        case 0x69: return .own(try readU32())
        case 0x68: return .borrow(try readU32())
        case 0x66: return .stream(try readOptionalValType())
        case 0x65: return .future(try readOptionalValType())
        case 0x63:
            let k = try readComponentValType()
            return .map(k, try readComponentValType())
        default: throw ByteReader.invalidByte(b, at: at, for: "component defined type")
        }
    }

    /// `deftype` (one type section entry or `type` declarator). `depth` counts enclosing
    /// component/instance types and components, bounded by `maxDepth`.
    mutating func readComponentType(depth: Int, maxDepth: Int) throws(WasmError) -> ComponentType {
        let at = position
        let b = try readByte()
        switch b {
        case 0x3F:
            let rep = try readValType()
            let dat = position
            switch try readByte() {
            case 0x00: return .resource(rep: rep, destructor: nil)
            case 0x01: return .resource(rep: rep, destructor: try readU32())
            case let d: throw ByteReader.invalidByte(d, at: dat, for: "resource destructor")
            }
        case 0x40, 0x43:
            let params = try readLabeledTypes(limit: ComponentLimits.maxFunctionParams, "component function parameters")
            let result = try readResultList()
            return .func(ComponentFuncType(isAsync: b == 0x43, params: params, result: result))
        case 0x41, 0x42:
            guard depth < maxDepth else {
                throw WasmError(.nestingTooDeep, "component and instance types nested deeper than \(maxDepth) levels", offset: at)
            }
            let isComponent = b == 0x41
            let n = try readVecCount(
                limit: isComponent ? ComponentLimits.maxComponentTypeDecls : ComponentLimits.maxInstanceTypeDecls,
                minimumItemSize: 2, isComponent ? "component type declaration" : "instance type declaration")
            var decls: [TypeDeclaration] = []
            decls.reserveCapacity(n)
            for i in 0..<n {
                decls.append(try withFrame(.item("declaration", i)) { () throws(WasmError) in
                    try readTypeDeclaration(inComponentType: isComponent, depth: depth + 1, maxDepth: maxDepth)
                })
            }
            return isComponent ? .component(decls) : .instance(decls)
        default:
            return .defined(try readDefinedType(b, at: at))
        }
    }

    /// A `componentdecl` (`inComponentType`) or `instancedecl`.
    mutating func readTypeDeclaration(inComponentType: Bool, depth: Int, maxDepth: Int)
        throws(WasmError) -> TypeDeclaration
    {
        let at = position
        let b = try readByte()
        switch b {
        case 0x00: return .coreType(try readCoreType(depth: depth, maxDepth: maxDepth))
        case 0x01: return .type(try readComponentType(depth: depth, maxDepth: maxDepth))
        case 0x02: return .alias(try readAlias())
        case 0x03 where inComponentType: return .import(try readComponentImport())
        case 0x04:
            let name = try readExternName()
            return .export(name: name, type: try readExternDesc())
        default: throw ByteReader.invalidByte(b, at: at, for: "component or instance type declaration")
        }
    }

    /// `core:type` in a component: a rec group (a top-level non-final `sub` carries a `0x00` prefix)
    /// or a module type (`0x50`), whose type declarations are plain core rec groups.
    mutating func readCoreType(depth: Int, maxDepth: Int) throws(WasmError) -> CoreType {
        let at = position
        switch try peekByte() {
        case 0x00:
            position += 1
            let x = try peekByte()
            if x != 0x50 { throw ByteReader.invalidByte(x, at: at + 1, for: "non-final sub type") }
            return .rec(try readRecGroup())
        case 0x50:
            guard depth < maxDepth else {
                throw WasmError(.nestingTooDeep, "module types nested deeper than \(maxDepth) levels", offset: at)
            }
            position += 1
            let n = try readVecCount(limit: ComponentLimits.maxModuleTypeDecls, minimumItemSize: 2, "module type declaration")
            var decls: [ModuleTypeDeclaration] = []
            decls.reserveCapacity(n)
            for i in 0..<n {
                decls.append(try withFrame(.item("module type declaration", i)) { () throws(WasmError) in
                    try readModuleTypeDeclaration(depth: depth + 1, maxDepth: maxDepth)
                })
            }
            return .module(decls)
        default:
            return .rec(try readRecGroup())
        }
    }

    mutating func readModuleTypeDeclaration(depth: Int, maxDepth: Int) throws(WasmError) -> ModuleTypeDeclaration {
        let at = position
        switch try readByte() {
        case 0x00: return .import(try readImport())
        case 0x01: return .type(try readRecGroup())
        case 0x02:
            let kat = position
            let k = try readByte()
            if k != 0x10 { throw ByteReader.invalidByte(k, at: kat, for: "outer alias kind") }
            let tat = position
            let t = try readByte()
            if t != 0x01 { throw ByteReader.invalidByte(t, at: tat, for: "outer alias target") }
            let count = try readU32()
            return .outerAlias(count: count, index: try readU32())
        case 0x03:
            let name = try readLimitedName()
            return .export(name: name, type: try readExternType())
        case let b: throw ByteReader.invalidByte(b, at: at, for: "type definition")
        }
    }
}
