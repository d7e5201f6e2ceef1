// Harnesses for binary input: core modules and components (decode, validate, type space, printing).
import WasmBinary
import WasmComponent
import WasmCore

/// Feature sets a leading selector byte chooses from (validate harnesses; seeds start with 0).
let featureChoices: [Features] = [
    .default, .all, .wasm1, .wasm2, .wasm3, .lime1,
    (try? Features.parse("legacy-exceptions,custom-page-sizes,stack-switching")) ?? .default,
    (try? Features.parse("-gc,-function-references,-exceptions,-simd")) ?? .default,
]

func featureByte(_ bytes: ByteSlice) -> (Features, ByteSlice) {
    guard let first = bytes.buffer.first else { return (.default, bytes) }
    return (featureChoices[Int(first) % featureChoices.count], bytes.slice(1..<bytes.count))
}

// MARK: Core modules

func fuzzModuleDecode(_ bytes: ByteSlice) {
    if let h = try? ModuleHeader.scan(bytes) {
        _ = h.flatImports.count + h.functionCount + h.customSectionNames.count
    }
    // Lazy bodies, then every body walked operator by operator (what the validator's reader does).
    if let lazy = try? Module.decode(bytes, options: .init(bodies: .lazy)) {
        var ops = OperatorReader(ByteSlice(copying: [0x0B]))
        for body in lazy.codes {
            guard case .bytes(let code) = body.code else { continue }
            ops.reset(code, requireDataCount: lazy.dataCount == nil)
            while let op = try? ops.next() { _ = ops.instruction(op) }
        }
        for c in lazy.customSections { _ = try? c.decoded() }
        _ = lazy.encode()
    }
    guard let m = try? Module.decode(bytes) else { return }
    for c in m.customSections {
        guard let d = try? c.decoded() else { continue }
        // Decoded custom sections re-encode to what they decode from.
        switch d {
        case .name(let n): if (try? NameSection.decode(ByteSlice(copying: n.encode()))) != n { violated("name section round trip") }
        case .producers(let p):
            if (try? ProducersSection.decode(ByteSlice(copying: p.encode()))) != p { violated("producers round trip") }
        case .targetFeatures(let t):
            if (try? TargetFeaturesSection.decode(ByteSlice(copying: t.encode()))) != t { violated("target_features round trip") }
        case .raw: break
        }
    }
    let encoded = m.encode()
    let again: Module
    do {
        again = try Module.decode(encoded)
    } catch {
        violated("re-encoded module does not decode: \(error)")
    }
    if again != m { violated("decode(encode(m)) != m") }
    // The encoder's output is canonical: it re-encodes to itself. (The input itself need not come
    // back byte for byte even with minimal LEB128: `(ref null exn)` written long comes back as `exnref`.)
    if again.encode() != encoded { violated("encode(decode(encode(m))) != encode(m)") }
}

func fuzzModuleValidate(_ input: ByteSlice) {
    let (features, bytes) = featureByte(input)
    guard (try? ModuleValidator.validate(bytes, features: features, options: .init(threads: 1))) != nil else { return }
    if (try? Module.decode(bytes)) == nil { violated("module validates but does not decode") }
}

// MARK: Components

func fuzzComponentDecode(_ bytes: ByteSlice) {
    guard let shallow = try? Component.decode(bytes, mode: .shallow) else {
        if (try? Component.decode(bytes, mode: .full)) != nil { violated("full decode succeeded where shallow failed") }
        return
    }
    exploreTypeSpace(shallow)
    for s in shallow.sections {
        if case .custom(let c) = s, c.name == "component-name" {
            if let n = try? ComponentNameSection.decode(c.data),
               (try? ComponentNameSection.decode(ByteSlice(copying: n.encode()))) != n {
                violated("component-name round trip")
            }
        }
    }
    guard let full = try? Component.decode(bytes, mode: .full) else { return }
    let encoded = full.encode(reuseNestedBytes: false)
    let again: Component
    do {
        again = try Component.decode(bytes: encoded)
    } catch {
        violated("re-encoded component does not decode: \(error)")
    }
    if again != full { violated("decode(encode(c)) != c") }
    if again.encode(reuseNestedBytes: false) != encoded { violated("encode(decode(encode(c))) != encode(c)") }
    // Unchanged nested modules and components are re-emitted from their bytes.
    if let kept = try? Component.decode(bytes: full.encode()), kept != full { violated("encode() with reused bytes changed c") }
}

/// Builds the type space and prints everything in it (bounded work: the printer has a depth limit).
func exploreTypeSpace(_ c: Component) {
    let space = TypeSpace(c)
    let printer = TypePrinter(space)
    var budget = 2_000  // printed items per input
    for (k, scope) in space.scopes.enumerated() {
        let id = ScopeID(k)
        _ = printer.renderWorld(id)
        for slot in scope.definitions.indices {
            budget -= 1
            if budget < 0 { return }
            _ = printer.renderDefinition(TypeKey(scope: id, slot: slot))
        }
        for i in scope.types.indices { _ = try? space.type(UInt32(i), in: id) }
        for i in scope.funcs.indices { _ = try? space.funcType(UInt32(i), in: id) }
        for i in scope.instances.indices {
            if let xs = try? space.instanceExports(UInt32(i), in: id) {
                for x in xs.prefix(64) { _ = printer.render(x) }
            }
        }
    }
}

func fuzzComponentValidate(_ input: ByteSlice) {
    let (features, bytes) = featureByte(input)
    guard (try? ComponentValidator(features: features).validate(bytes: bytes)) != nil else { return }
    if (try? Component.decode(bytes, mode: .full)) == nil { violated("component validates but does not decode") }
}
