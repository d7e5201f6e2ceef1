#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import WasmBinary

/// What validation learned about a valid module: its index spaces and the types of its imports and
/// exports (in module terms: type indices refer to `types`). The component validator uses this to check
/// instantiations; `wcomp validate --verbose` prints the counts.
public struct ValidatedModule: Hashable, Sendable {
    /// The type section's recursion groups, in order.
    public var recGroups: [RecGroup]
    /// Every type definition, flattened out of its recursion group (module type index order).
    public var types: [SubType]
    /// Every import, flattened out of compact groups, in order.
    public var imports: [Import]
    public var exports: [Export]
    /// Type index of every function, imported ones first.
    public var functionTypeIndices: [UInt32]
    public var importedFunctionCount: Int
    /// Tables, memories, globals and tags (imported ones first), in index order.
    public var tables: [TableType]
    public var memories: [MemoryType]
    public var globals: [GlobalType]
    public var tags: [TagType]
    /// Number of function bodies checked.
    public var definedFunctionCount: Int { functionTypeIndices.count - importedFunctionCount }

    /// The function type at module type index `index` (nil when it is not a function type).
    public func funcType(at index: UInt32) -> FuncType? {
        guard Int(index) < types.count, case .func(let f) = types[Int(index)].composite.kind else { return nil }
        return f
    }

    /// The type of function `index` (imported or defined).
    public func funcType(ofFunction index: UInt32) -> FuncType? {
        guard Int(index) < functionTypeIndices.count else { return nil }
        return funcType(at: functionTypeIndices[Int(index)])
    }

    /// The type of an export, in the terms of an import description (function types by type index).
    public func type(of export: Export) -> ExternType? {
        let i = Int(export.index)
        switch export.kind {
        case .func, .funcExact: return i < functionTypeIndices.count ? .func(functionTypeIndices[i]) : nil
        case .table: return i < tables.count ? .table(tables[i]) : nil
        case .memory: return i < memories.count ? .memory(memories[i]) : nil
        case .global: return i < globals.count ? .global(globals[i]) : nil
        case .tag: return i < tags.count ? .tag(tags[i]) : nil
        }
    }
}

/// Options of a validation run.
public struct ValidationOptions: Hashable, Sendable {
    /// Worker threads for function bodies; nil: one per online CPU. Small modules are checked on the
    /// calling thread.
    public var threads: Int?
    public init(threads: Int? = nil) { self.threads = threads }

    /// `threads`, or one per online CPU.
    var threadCount: Int { max(1, threads ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// Full validation of core modules (the WebAssembly 3.0 spec plus the proposals wasm-tools implements),
/// with wasm-tools' feature flags.
///
/// ```swift
/// let info = try ModuleValidator.validate(bytes, features: .default)   // throws the first error
/// ```
/// Errors are `WasmError`s of kind `.malformed` (the bytes do not decode) or `.invalid` (a validation rule
/// is broken), with the absolute byte offset and a path such as
/// `["code section", "func 12 \"parse\"", "i32.add"]` (`PathFrame.section`, `.function`, `.instruction`).
/// When a module has several errors, the one at the lowest offset is reported.
public enum ModuleValidator {
    public static func validate(
        _ bytes: ByteSlice, features: Features = .default, options: ValidationOptions = .init()
    ) throws(WasmError) -> ValidatedModule {
        var walker = ModuleWalker(bytes, features: features)
        let walkError = try walk(&walker)
        return try checkBodiesNow(walker, bytes, walkError: walkError, options: options)
    }

    /// Validates everything but the function bodies, which go to `pool`: they are checked while the
    /// caller goes on, and their first error comes from `pool.finish`, its path starting with
    /// `context`. A module with an error outside its bodies is validated entirely here (the error at
    /// the lowest offset is thrown, as `validate` does).
    public static func validate(
        _ bytes: ByteSlice, features: Features, deferringBodiesTo pool: BodyPool, context: [PathFrame]
    ) throws(WasmError) -> ValidatedModule {
        var types = CanonicalTypes()
        return try validate(bytes, features: features, types: &types, deferringBodiesTo: pool, context: context).module
    }

    /// As `validate(_:features:deferringBodiesTo:context:)` (with `pool` nil: bodies checked here), with the
    /// module's recursion groups interned into `types`, a store shared with the caller (a component and
    /// its nested modules), so that equal types get equal canonical ids across them. Returns, beside the
    /// summary, the canonical id of each module type index. When this throws, `types` may hold some of the
    /// module's types as well (interned types are never wrong, only unused).
    package static func validate(
        _ bytes: ByteSlice, features: Features, types: inout CanonicalTypes,
        deferringBodiesTo pool: BodyPool?, context: [PathFrame]
    ) throws(WasmError) -> (module: ValidatedModule, typeIDs: [UInt32]) {
        var walker = ModuleWalker(bytes, features: features, types: types)
        types = CanonicalTypes()  // the walker's copy is the only one: interning does not copy the store
        do throws(WasmError) {
            let walkError = try walk(&walker)
            if let pool, walkError == nil {
                var ctx = walker.ctx
                ctx.types = ctx.types.forReading
                pool.submit(BodyPool.Module(bodies: walker.bodies, ctx: ctx, names: walker.nameSection, context: context))
            } else {
                let threads = pool.map { ValidationOptions(threads: $0.threads) } ?? ValidationOptions()
                _ = try checkBodiesNow(walker, bytes, walkError: walkError, options: threads)
            }
        } catch {
            types = walker.ctx.types
            throw error
        }
        let ids = walker.ctx.types.moduleTypes
        types = walker.ctx.types
        return (summary(walker), ids)
    }

    /// Walks every section, collecting the function bodies. An error before the code section is final
    /// and thrown; a later one is returned (a function body may hold an earlier error).
    static func walk(_ walker: inout ModuleWalker) throws(WasmError) -> WasmError? {
        do {
            try walker.walk()
            return nil
        } catch {
            if walker.codeSectionOffset.map({ error.offset ?? 0 < $0 }) ?? true { throw error }
            return error
        }
    }

    /// Checks the walked module's bodies (below `walkError`'s offset) and throws the error at the
    /// lowest offset, or returns what validation learned.
    static func checkBodiesNow(
        _ walker: borrowing ModuleWalker, _ bytes: ByteSlice, walkError: WasmError?, options: ValidationOptions
    ) throws(WasmError) -> ValidatedModule {
        if var e = checkBodies(walker.bodies, walker.ctx, options: options, limit: walkError?.offset) {
            e = withFunctionName(e, names: walker.nameSection ?? findNameSection(bytes))
            if let w = walkError, (w.offset ?? 0) < (e.offset ?? 0) { throw w }
            throw e
        }
        if let walkError { throw walkError }
        return summary(walker)
    }

    static func summary(_ walker: borrowing ModuleWalker) -> ValidatedModule {
        ValidatedModule(recGroups: walker.recGroups, types: walker.recGroups.flatMap { $0.types }, imports: walker.imports,
                        exports: walker.exports, functionTypeIndices: walker.ctx.functionTypeIndices,
                        importedFunctionCount: walker.ctx.importedFunctions,
                        tables: walker.entities.tables, memories: walker.entities.memories,
                        globals: walker.entities.globals, tags: walker.entities.tags)
    }

    /// `e` with its function frame naming the function, when the name section has a name for it.
    static func withFunctionName(_ e: WasmError, names: ByteSlice?) -> WasmError {
        guard let (index, _) = e.path.function, let names, let name = functionName(index, in: names) else {
            return e
        }
        var e = e
        e.path = e.path.map { frame in frame.functionIndex == index ? .function(index, name: name) : frame }
        return e
    }

    /// Checks the function bodies (in parallel for large modules); returns the error at the lowest offset.
    /// Bodies starting at or after `limit` are skipped.
    static func checkBodies(_ bodies: [(index: UInt32, body: ByteSlice)], _ ctx: ModuleContext,
                            options: ValidationOptions, limit: Int?) -> WasmError? {
        let end = limit.map { l in bodies.firstIndex { $0.body.offset >= l } ?? bodies.count } ?? bodies.count
        if end == 0 { return nil }
        var codeBytes = 0
        for b in bodies[..<end] { codeBytes += b.body.count }
        let cpus = options.threadCount
        let workers = max(1, min(cpus, codeBytes / (256 * 1024) + 1, 64))
        if workers == 1 {
            var fv = FunctionValidator(ctx: ctx)
            for k in 0..<end {
                if let e = check(&fv, bodies[k], ctx) { return e }
            }
            return nil
        }
        // Chunks of bodies handed out in order; a worker stops at a chunk after the earliest failing body.
        let chunk = max(1, min(64, end / (workers * 8)))
        let next = Atomic<Int>(0)
        let firstFailure = Atomic<Int>(Int.max)
        let results = Mutex([(index: Int, error: WasmError?)](repeating: (Int.max, nil), count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var fv = FunctionValidator(ctx: ctx)
            var best: WasmError?
            var bestIndex = Int.max
            while true {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                if start >= end || start >= firstFailure.load(ordering: .relaxed) { break }
                for k in start..<min(start + chunk, end) {
                    if let e = check(&fv, bodies[k], ctx) {
                        if k < bestIndex { best = e; bestIndex = k }
                        _ = firstFailure.min(k, ordering: .relaxed)
                        break
                    }
                }
            }
            results.withLock { $0[w] = (bestIndex, best) }
        }
        return results.withLock { $0.min { $0.index < $1.index }?.error }
    }

    static func check(_ fv: inout FunctionValidator, _ item: (index: UInt32, body: ByteSlice),
                      _ ctx: ModuleContext) -> WasmError? {
        var opcode: Opcode?
        do {
            try fv.validateFunction(typeID: ctx.functionTypes[Int(item.index)], body: item.body, lastOpcode: &opcode)
            return nil
        } catch {
            var e = error
            var path: [PathFrame] = [.section("code"), .function(item.index, name: nil)]
            if let opcode { path.append(.instruction(opcode.mnemonic)) }
            e.path = path + e.path
            return e
        }
    }

    // MARK: Names for messages

    /// Finds the content of the `name` custom section by walking section headers (tolerating errors).
    static func findNameSection(_ bytes: ByteSlice) -> ByteSlice? {
        var r = bytes.reader
        guard (try? r.readModulePreamble()) != nil else { return nil }
        while !r.isAtEnd {
            guard let id = try? r.readByte(), let size = try? r.readU32(), Int(size) <= r.remaining else { return nil }
            let start = r.position
            if id == 0 {
                var s = ByteReader(storage: r.storage, range: start..<(start + Int(size)))
                if let c = try? s.readCustomSection(), c.name == "name" { return c.content }
            }
            r.position = start + Int(size)
        }
        return nil
    }

    static func functionName(_ index: UInt32, in content: ByteSlice) -> String? {
        // Decode only up to the function-names subsection; a broken name section just means no names.
        var r = content.reader
        while !r.isAtEnd {
            guard let id = try? r.readByte(), let size = try? r.readU32(), Int(size) <= r.remaining else { return nil }
            let start = r.position
            if id == 1 {
                var s = ByteReader(storage: r.storage, range: start..<(start + Int(size)))
                guard let map = try? s.readNameMap() else { return nil }
                return map[index]
            }
            r.position = start + Int(size)
        }
        return nil
    }
}
