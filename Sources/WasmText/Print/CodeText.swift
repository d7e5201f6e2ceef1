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

extension Printer {
    /// The `n` entries of a code section, from `r`. A small section (or `threads: 1`) prints here, body
    /// after body. A large one is cut into chunks of about `chunkBytes` of bodies that worker threads
    /// print into pieces of text, at most a few chunks ahead of the one being written: this thread writes
    /// each chunk's pieces in order as they come (printing a chunk itself when no worker has taken it yet),
    /// so the text is the same as from one thread. Memory stays bounded: a worker waits while its chunk
    /// holds `chunkTextBytes` of text not yet written (at most `window` chunks and the pieces being
    /// written). A malformed body throws after the text that precedes it is written.
    func code(_ s: CoreState, _ r: inout ByteReader, count n: Int) throws(WasmError) {
        let threads = min(max(1, options.threads ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), 64)
        if threads == 1 || n < 2 || r.remaining < options.parallelMinimum {
            var dropped = r.position
            for _ in 0..<n {
                try function(s, &r)
                s.customPlace = "after code"
                dropPrinted(r, since: &dropped)
            }
            return
        }
        let pool = CodePool(printer: self, state: s, storage: r.storage, threads: threads, items: .code)
        defer { pool.stop() }
        try pool.run(&r, count: n)
    }

    /// The `n` segments of a data section, from `r`: like ``code(_:_:count:)``, a large section is printed
    /// by the workers in chunks (data strings are most of a large module's text).
    func dataSegments(_ s: CoreState, _ r: inout ByteReader, count n: Int) throws(WasmError) {
        let threads = min(max(1, options.threads ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), 64)
        if threads == 1 || n < 2 || r.remaining < options.parallelMinimum || options.skeleton {
            var dropped = r.position
            for i in 0..<n {
                let at = r.position
                let seg = try r.readDataSegment()
                data(s, seg, UInt32(truncatingIfNeeded: i), offset: at)
                dropPrinted(r, since: &dropped)
            }
            return
        }
        let pool = CodePool(printer: self, state: s, storage: r.storage, threads: threads, items: .data)
        defer { pool.stop() }
        try pool.run(&r, count: n)
    }

    /// Prints `n` items of `kind` from `r`, the first of them item `first` (function or data segment index).
    func items(_ kind: CodePool.Items, _ s: CoreState, _ r: inout ByteReader, count n: Int, first: UInt32) throws(WasmError) {
        switch kind {
        case .code:
            s.funcs = first
            for _ in 0..<n { try function(s, &r) }
        case .data:
            for i in 0..<n {
                let at = r.position
                let seg = try r.readDataSegment()
                data(s, seg, first &+ UInt32(truncatingIfNeeded: i), offset: at)
            }
        }
    }
}

/// A pthread mutex and condition variable.
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits for ``broadcast()`` (the lock held).
    func wait() { pthread_cond_wait(condition, mutex) }
    func broadcast() { pthread_cond_broadcast(condition) }
}

/// The worker threads and chunks of one code or data section (see ``Printer/code(_:_:count:)``).
final class CodePool: @unchecked Sendable {
    /// What the section holds.
    enum Items { case code, data }

    /// Consecutive code entries, and the pieces of their text a worker has printed so far.
    final class Chunk: @unchecked Sendable {
        /// The entries (sizes included).
        var range: Range<Int> = 0..<0
        var count = 0
        /// The index of the first entry's function.
        var first: UInt32 = 0
        /// Guards what follows: the worker hands pieces over, the writing thread takes them.
        let monitor = Monitor()
        /// Pieces of text (addresses and byte counts) not yet written.
        var ready: [(UInt, Int)] = []
        /// Set when the worker has handed over the chunk's last piece (with `lines` and `error`).
        var finished = false
        /// Set when the pool stops: the worker no longer waits.
        var abandoned = false
        /// Lines the text has (the writing printer's count goes on from them).
        var lines = 0
        var error: WasmError?

        func reset() {
            ready.removeAll(keepingCapacity: true)
            finished = false
            abandoned = false
            lines = 0
            error = nil
        }
    }

    struct Queue {
        /// Chunks handed to the workers, taken in order from `next`.
        var chunks: [Chunk] = []
        var next = 0
    }

    let printer: Printer
    let state: CoreState
    let storage: ByteStorage
    let options: PrintOptions
    /// The nesting of the section's bodies.
    let nesting: Int
    let threads: Int
    let kind: Items
    /// Chunks in flight at most (printed or being printed, not yet written).
    let window: Int
    /// Bytes of bodies in a chunk.
    let chunkBytes: Int
    /// Pieces a chunk may hold before its worker waits for it to be written.
    let chunkPieces: Int
    /// At most this many bodies in one chunk.
    static let chunkBodies = 512

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private var handles: [pthread_t] = []
    /// Chunks written and ready for reuse (the writing thread's).
    private var free: [Chunk] = []
    /// Every chunk made (the writing thread's), so that ``stop()`` can release waiting workers.
    private var made: [Chunk] = []
    /// The buffers of the chunks' text.
    let pieces: TextPieces

    init(printer: Printer, state: CoreState, storage: ByteStorage, threads: Int, items: Items) {
        kind = items
        self.printer = printer
        self.state = state
        self.storage = storage
        self.options = printer.options
        self.nesting = printer.nesting
        self.threads = threads
        window = 2 * threads + 2
        chunkBytes = max(options.chunkBytes, 1)
        pieces = TextPieces(size: options.pieceBytes)
        chunkPieces = max(options.chunkTextBytes / pieces.size, 1)
    }

    // MARK: Workers

    func start() {
        for _ in 0..<threads {
            let context = Unmanaged.passRetained(self).toOpaque()
            var handle = pthread_t()
            let rc = pthread_create(&handle, nil, { context in
                guard let context else { return nil }
                Unmanaged<CodePool>.fromOpaque(context).takeRetainedValue().work()
                return nil
            }, context)
            if rc == 0 {
                handles.append(handle)
            } else {
                // No more threads: the writing thread prints what no worker takes.
                Unmanaged<CodePool>.fromOpaque(context).release()
                break
            }
        }
    }

    /// Ends the workers (each finishes the chunk it is printing, without waiting) and waits for them.
    func stop() {
        stopping.store(true, ordering: .releasing)
        for c in made {
            c.monitor.lock()
            c.abandoned = true
            c.monitor.broadcast()
            c.monitor.unlock()
        }
        for _ in handles { available.signal() }
        for h in handles { _ = pthread_join(h, nil) }
        handles = []
    }

    private func work() {
        while true {
            available.wait()
            if stopping.load(ordering: .acquiring) { return }
            guard let c = take() else { continue }
            print(c)
        }
    }

    private func take() -> Chunk? {
        queue.withLock { q in
            guard q.next < q.chunks.count else { return nil }
            q.next += 1
            let c = q.chunks[q.next - 1]
            if q.next == q.chunks.count { q.chunks.removeAll(keepingCapacity: true); q.next = 0 }
            return c
        }
    }

    /// Takes `c` from the queue if no worker has (it is then the oldest chunk there).
    private func claim(_ c: Chunk) -> Bool {
        queue.withLock { q in
            guard q.next < q.chunks.count, q.chunks[q.next] === c else { return false }
            q.next += 1
            if q.next == q.chunks.count { q.chunks.removeAll(keepingCapacity: true); q.next = 0 }
            return true
        }
    }

    private func submit(_ c: Chunk) {
        queue.withLock { $0.chunks.append(c) }
        available.signal()
    }

    /// Hands a piece of `c`'s text to the writing thread; waits while `c` holds its share of pieces
    /// (until the writing thread takes them).
    private func handOver(_ c: Chunk, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        c.monitor.lock()
        c.ready.append((UInt(bitPattern: p), n))
        c.monitor.broadcast()
        while c.ready.count >= chunkPieces && !c.abandoned { c.monitor.wait() }
        c.monitor.unlock()
    }

    /// Prints chunk `c` into pieces, with a printer and state of its own (on a worker).
    private func print(_ c: Chunk) {
        let out = TextOutput(pieces: pieces) { [unowned self] p, n in self.handOver(c, p, n) }
        let p = Printer(out: out, options: options)
        p.nesting = nesting
        let s = state.copy(funcs: c.first)
        var r = ByteReader(storage: storage, range: c.range)
        var failure: WasmError?
        do throws(WasmError) {
            try p.items(kind, s, &r, count: c.count, first: c.first)
        } catch {
            failure = error
        }
        out.handOverLast()
        c.monitor.lock()
        c.lines = p.line
        c.error = failure
        c.finished = true
        c.monitor.broadcast()
        c.monitor.unlock()
    }

    // MARK: Writing

    /// Writes the pieces of `c` as they come, then returns its lines and error.
    private func write(_ c: Chunk, to out: TextOutput) -> (Int, WasmError?) {
        c.monitor.lock()
        var taken: [(UInt, Int)] = []
        while true {
            while c.ready.isEmpty && !c.finished { c.monitor.wait() }
            swap(&taken, &c.ready)
            let finished = c.finished
            c.monitor.broadcast()
            c.monitor.unlock()
            for (a, n) in taken {
                out.write(through: UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: a), count: n))
            }
            pieces.give(taken)
            taken.removeAll(keepingCapacity: true)
            c.monitor.lock()
            if finished { break }
        }
        let result = (c.lines, c.error)
        c.monitor.unlock()
        return result
    }

    /// Cuts the `n` entries at `r` into chunks, has them printed, and writes their text in order.
    func run(_ r: inout ByteReader, count n: Int) throws(WasmError) {
        start()
        var framing = r
        var index = kind == .code ? state.funcs : 0
        var left = n
        var framingError: WasmError?
        var ahead: [Chunk] = []
        var dropped = r.position
        let out = printer.out

        /// Frames entries into new chunks until `window` are in flight.
        func fill() {
            while ahead.count < window, left > 0, framingError == nil {
                let start = framing.position
                var k = 0, bytes = 0
                while left > 0, k < Self.chunkBodies, bytes < chunkBytes {
                    let at = framing.position
                    do throws(WasmError) {
                        switch kind {
                        case .code: framing.position += try Printer.bodySize(&framing)
                        case .data: _ = try framing.readDataSegment()
                        }
                    } catch {
                        framingError = error
                        break
                    }
                    k += 1
                    left -= 1
                    bytes += framing.position - at
                }
                if k == 0 { break }
                let c: Chunk
                if let f = free.popLast() {
                    c = f
                } else {
                    c = Chunk()
                    made.append(c)
                }
                c.reset()
                c.range = start..<framing.position
                c.count = k
                c.first = index
                index &+= UInt32(truncatingIfNeeded: k)
                ahead.append(c)
                submit(c)
            }
        }

        fill()
        while !ahead.isEmpty {
            let c = ahead.removeFirst()
            if claim(c) {
                var cr = ByteReader(storage: storage, range: c.range)
                try printer.items(kind, state, &cr, count: c.count, first: c.first)
            } else {
                let (lines, error) = write(c, to: out)
                printer.line += lines
                if let error { throw error }
            }
            free.append(c)
            try out.maybeFlush()
            if c.range.upperBound - dropped >= 1 << 20 {
                storage.dropPages(dropped..<c.range.upperBound)
                dropped = c.range.upperBound
            }
            fill()
        }
        if kind == .code { state.funcs = index }
        if let framingError { throw framingError }
        r.position = framing.position
        if kind == .code { state.customPlace = "after code" }
    }
}
