import Dispatch
import Synchronization
import WasmBinary

/// Function bodies of many modules checked on background threads while the caller goes on: the
/// component validator hands each nested module's bodies here (see
/// `ModuleValidator.validate(_:features:deferringBodiesTo:context:)`) and keeps validating the rest
/// of the component; `finish` checks what is left on the calling thread too, waits, and returns the
/// body error at the lowest offset.
///
/// Background workers (one fewer than the CPUs) start once the bodies handed in reach 256 KiB; below
/// that everything is checked by `finish` on the calling thread.
public final class BodyPool: @unchecked Sendable {
    /// One module's bodies and what their errors need (frozen once handed in).
    final class Module: @unchecked Sendable {
        let bodies: [(index: UInt32, body: ByteSlice)]
        let ctx: ModuleContext
        let names: ByteSlice?
        let context: [PathFrame]

        init(bodies: [(index: UInt32, body: ByteSlice)], ctx: ModuleContext, names: ByteSlice?, context: [PathFrame]) {
            self.bodies = bodies
            self.ctx = ctx
            self.names = names
            self.context = context
        }
    }

    struct Chunk {
        let module: Module
        let range: Range<Int>
    }

    struct State {
        var chunks: [Chunk] = []
        var next = 0
        var codeBytes = 0
        var workersStarted = false
        var failure: (offset: Int, error: WasmError, module: Module)?
    }

    private let state = Mutex(State())
    /// Bodies at or after this offset are not checked: an error was found before it (or the caller
    /// has its own error there, see `finish`).
    private let stopAt = Atomic<Int>(Int.max)
    private let available = DispatchSemaphore(value: 0)
    private let workers = DispatchGroup()
    let threads: Int
    static let chunkBodies = 64
    static let chunkBytes = 64 * 1024
    static let parallelThreshold = 256 * 1024

    /// Set by ``init(discardingBodies:)``: bodies handed in are dropped unchecked.
    let discards: Bool

    /// `threads`: CPUs to use (nil: every online CPU).
    public init(threads: Int? = nil) {
        self.threads = ValidationOptions(threads: threads).threadCount
        discards = false
    }

    /// A pool that checks nothing: validating with it checks everything about the modules except
    /// their function bodies (readers that need only the types, like `inspect`).
    public init(discardingBodies: Void) {
        threads = 1
        discards = true
    }

    /// Hands in a module's bodies, in chunks a worker takes whole.
    func submit(_ module: Module) {
        if discards { return }
        var chunks: [Chunk] = []
        var start = 0, bytes = 0, total = 0
        for (k, item) in module.bodies.enumerated() {
            bytes += item.body.count
            total += item.body.count
            if k + 1 - start >= Self.chunkBodies || bytes >= Self.chunkBytes {
                chunks.append(Chunk(module: module, range: start..<(k + 1)))
                start = k + 1
                bytes = 0
            }
        }
        if start < module.bodies.count { chunks.append(Chunk(module: module, range: start..<module.bodies.count)) }
        let threads = self.threads
        let newWorkers = state.withLock { s -> Int in
            s.chunks += chunks
            s.codeBytes += total
            guard !s.workersStarted, threads > 1, s.codeBytes >= Self.parallelThreshold else { return 0 }
            s.workersStarted = true
            return threads - 1
        }
        for _ in 0..<newWorkers {
            DispatchQueue.global().async(group: workers) { self.work() }
        }
        // One signal per chunk: a waiting worker always finds a chunk until `finish` starts.
        for _ in chunks { available.signal() }
    }

    /// Checks every body not yet checked (on this thread and the workers), waits for the workers,
    /// and returns the error at the lowest offset below `limit`, its path starting with the
    /// module's context.
    public func finish(before limit: Int? = nil) -> WasmError? {
        let limit = limit ?? Int.max
        stopAt.min(limit, ordering: .relaxed)
        while let chunk = take() { check(chunk) }
        // Wake idle workers: they find no chunk left and return.
        for _ in 0..<threads { available.signal() }
        workers.wait()
        guard let f = state.withLock({ $0.failure }), f.offset < limit else { return nil }
        var e = ModuleValidator.withFunctionName(f.error, names: f.module.names)
        e.path = f.module.context + e.path
        return e
    }

    private func work() {
        while true {
            available.wait()
            guard let chunk = take() else { return }
            check(chunk)
        }
    }

    private func take() -> Chunk? {
        state.withLock { s in
            guard s.next < s.chunks.count else { return nil }
            s.next += 1
            return s.chunks[s.next - 1]
        }
    }

    private func check(_ chunk: Chunk) {
        let module = chunk.module
        var fv = FunctionValidator(ctx: module.ctx)
        for k in chunk.range {
            let item = module.bodies[k]
            // Skip what lies after an error already found (or after the caller's own error).
            if item.body.offset >= stopAt.load(ordering: .relaxed) { return }
            guard let e = ModuleValidator.check(&fv, item, module.ctx) else { continue }
            let offset = e.offset ?? item.body.offset
            state.withLock { s in
                if offset < s.failure?.offset ?? Int.max { s.failure = (offset, e, module) }
            }
            stopAt.min(offset, ordering: .relaxed)
            return
        }
    }
}
