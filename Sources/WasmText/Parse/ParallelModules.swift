import Dispatch
import Synchronization

// The core modules of a large component, parsed at once. The component parser skips each module (after its
// name, inline exports and import), and the modules are parsed afterwards on every core, each with its own
// parser starting where the module's fields start (a module's text depends on nothing around it). When any
// fails, the caller parses the component again in order, so the error is the first in text order, as before.

struct DeferredModule {
    var pos: Int
    var depth: Int
    var name: String?
    var tokens: Int
}

extension ComponentParser {
    /// The size (tokens) of a component from which its modules are parsed in parallel (tests set it to 0).
    nonisolated(unsafe) static var parallelModuleTokens = 200_000

    static func worthParallelModules(_ c: Cursor) -> Bool {
        guard parseThreads > 1 else { return false }
        return c.tokens.count > parallelModuleTokens
    }

    /// At a module's fields: skips them (to its `)`, not consumed) and returns the module's number, or nil
    /// (nothing consumed) when the module nests too deeply to be parsed on a worker thread.
    mutating func deferModule(name: String?) throws(TextError) -> Int? {
        // The module's fields are what lies before the `)` closing the list they are in.
        let pos = c.pos
        guard let (end, deepest) = c.itemEnd(from: pos, inside: true) else {
            return nil  // the parse in order reports what is wrong
        }
        let close = end - 1
        guard close >= pos, c.depth + deepest - 1 <= ModuleParser.parallelBodyDepth else { return nil }
        c.pos = close
        deferredModules.append(DeferredModule(pos: pos, depth: c.depth, name: name, tokens: close - pos))
        return deferredModules.count - 1
    }

    /// The deferred modules' bytes, in order; nil when one does not parse.
    static func parseDeferredModules(_ jobs: [DeferredModule], cursor: Cursor) -> [[UInt8]]? {
        if jobs.isEmpty { return [] }
        // The largest first, so that the small ones fill in around it.
        let order = jobs.indices.sorted { jobs[$0].tokens > jobs[$1].tokens }
        let shared = Unchecked(value: (cursor, jobs, order))
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex([[UInt8]?](repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: min(parseThreads, jobs.count)) { _ in
            let (cursor, jobs, order) = shared.value
            while !failed.load(ordering: .relaxed) {
                let n = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if n >= order.count { break }
                let job = jobs[order[n]]
                var p = ModuleParser(cursor: cursor)
                p.c.pos = job.pos
                p.c.depth = job.depth
                p.moduleName = job.name
                guard let bytes = try? p.module(), p.c.peek.kind == .rparen else {
                    failed.store(true, ordering: .relaxed)
                    break
                }
                let done = Unchecked(value: bytes)
                results.withLock { $0[order[n]] = done.value }
            }
        }
        if failed.load(ordering: .relaxed) { return nil }
        let all = results.withLock { r in let x = r; r = []; return x }
        var out: [[UInt8]] = []
        out.reserveCapacity(all.count)
        for m in all {
            guard let m else { return nil }
            out.append(m)
        }
        return out
    }
}
