#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import WasmBinary
import WasmCore

// Function bodies in parallel. In a large module, pass 2 skips each body (after its signature and locals) and
// the bodies are parsed afterwards on every core, each worker with its own copy of the parser (the index
// spaces and names are complete by then, and a body changes nothing else but what is merged back here in
// function order: its instructions, label names, branch hints, and whether it needs a data count section).
// When any body fails, or needs a function type that is not there yet, the caller parses the module again in
// order, so errors and type indices are exactly those of the sequential parse.

struct DeferredBody {
    var function: UInt32
    var body: Int
    var locals: [LocalGroup]
    var localMap: IdIndex
    var localNames: [(UInt32, String)]
    var pos: Int
    var depth: Int
}

/// A value handed to the worker threads of the parallel parse (ParallelBodies, ParallelModules): each worker
/// only reads it, or writes what is its own.
struct Unchecked<T>: @unchecked Sendable { var value: T }

/// The cores the parallel parse uses: those online, at most 16.
var parseThreads: Int { max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 16)) }

private struct BodyResult {
    /// The body's instructions encoded (with the final `end`): the bytes are written on the worker too.
    var code: ByteSlice
    var labelNames: [(UInt32, String)]
    var hints: [(UInt32, [(UInt32, UInt8)])]
    var usesDataCount: Bool
}

extension ModuleParser {
    /// Whether pass 2 should defer bodies: more than one core, and enough text in the module (`tokens`) to pay
    /// for the threads.
    func worthParallelBodies(tokens: Int) -> Bool {
        guard parseThreads > 1 else { return false }
        return tokens > ModuleParser.parallelBodyTokens
    }

    /// The size (tokens) from which bodies are parsed in parallel (tests set it to 0 to check that both ways
    /// give the same bytes).
    nonisolated(unsafe) static var parallelBodyTokens = 400_000
    /// The deepest nesting of parens a body may have to be parsed on a worker thread.
    static let parallelBodyDepth = 64

    /// Parses the deferred bodies; false when one failed or needs a new type (the caller then parses again).
    mutating func parseDeferredBodies() throws(TextError) -> Bool {
        let jobs = deferred
        if jobs.isEmpty { return true }
        if deepestDeferred > ModuleParser.parallelBodyDepth { return false }
        let workers = min(parseThreads, jobs.count)
        var base = self
        base.deferred = []
        base.deferBodies = false
        base.typesFrozen = true
        base.frozenViolation = false
        base.usesDataCount = false
        base.functionHints = []
        base.labelNames = []
        let shared = Unchecked(value: (base, jobs))
        let chunk = max(1, min(256, jobs.count / (workers * 8)))
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex([[(Int, BodyResult)]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var p = shared.value.0
            let jobs = shared.value.1
            var mine: [(Int, BodyResult)] = []
            while !failed.load(ordering: .relaxed) {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                if start >= jobs.count { break }
                for k in start..<min(start + chunk, jobs.count) {
                    guard let r = p.parseDeferred(jobs[k]) else {
                        failed.store(true, ordering: .relaxed)
                        break
                    }
                    mine.append((k, r))
                }
            }
            let done = Unchecked(value: mine)
            results.withLock { $0[w] = done.value }
        }
        if failed.load(ordering: .relaxed) { return false }
        var ordered = [BodyResult?](repeating: nil, count: jobs.count)
        results.withLock { all in
            for list in all { for (k, r) in list { ordered[k] = r } }
        }
        for (k, job) in jobs.enumerated() {
            guard let r = ordered[k] else { return false }
            bodies[job.body] = FunctionBody(locals: job.locals, code: .bytes(r.code))
            if !r.labelNames.isEmpty { labelNames.append((job.function, r.labelNames)) }
            functionHints += r.hints
            usesDataCount = usesDataCount || r.usesDataCount
        }
        deferred = []
        return true
    }

    /// One body, through the function's `)` (not consumed); nil when it does not parse, or needs a new type.
    fileprivate mutating func parseDeferred(_ job: DeferredBody) -> BodyResult? {
        c.pos = job.pos
        c.depth = job.depth
        locals = job.localMap
        labels = []
        labelCounter = 0
        currentLabelNames = []
        pendingHints = []
        foldedHint = nil
        functionHints = []
        usesDataCount = false
        inBody = true
        guard let code = try? instructions(), c.peek.kind == .rparen, !frozenViolation else { return nil }
        inBody = false
        recordHints(function: job.function, locals: job.locals, code: code)
        var w = ByteWriter(capacity: code.count * 3 + 1)
        w.instructions(code)
        w.byte(0x0B)
        return BodyResult(code: ByteSlice(copying: w.bytes), labelNames: currentLabelNames, hints: functionHints, usesDataCount: usesDataCount)
    }
}
