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
    /// print into buffers of their own, at most a few chunks ahead of the one being written: this thread
    /// writes each chunk's text in order as it is done (printing a chunk itself when no worker has taken it
    /// yet, and any very large body straight into the output), so the text is the same as from one thread
    /// and memory stays bounded. A malformed body throws after the text that precedes it is written.
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
        let pool = CodePool(printer: self, state: s, storage: r.storage, threads: threads)
        defer { pool.stop() }
        try pool.run(&r, count: n)
    }
}

/// The worker threads and chunks of one code section (see ``Printer/code(_:_:count:)``).
final class CodePool: @unchecked Sendable {
    /// Consecutive code entries, and their text once a worker has printed them.
    final class Chunk: @unchecked Sendable {
        /// The entries (sizes included).
        var range: Range<Int> = 0..<0
        var count = 0
        /// The index of the first entry's function.
        var first: UInt32 = 0
        /// One large body, printed by the writing thread straight into the output.
        var inline = false
        let out: TextOutput
        /// Lines the text has (the writing printer's count goes on from them).
        var lines = 0
        var error: WasmError?
        /// Signalled when a worker has printed the chunk.
        let done = DispatchSemaphore(value: 0)
        init(capacity: Int) { out = TextOutput(growing: capacity) }
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
    /// Chunks in flight at most (printed or being printed, not yet written).
    let window: Int
    /// Bodies this large are printed by the writing thread into the output (not buffered).
    let inlineBytes: Int
    /// At most this many bodies in one chunk.
    static let chunkBodies = 512

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private var handles: [pthread_t] = []
    /// Chunks written and ready for reuse (the writing thread's).
    private var free: [Chunk] = []

    init(printer: Printer, state: CoreState, storage: ByteStorage, threads: Int) {
        self.printer = printer
        self.state = state
        self.storage = storage
        self.options = printer.options
        self.nesting = printer.nesting
        self.threads = threads
        window = 2 * threads + 2
        inlineBytes = 16 * max(printer.options.chunkBytes, 1)
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

    /// Ends the workers (each finishes the chunk it is printing) and waits for them.
    func stop() {
        stopping.store(true, ordering: .releasing)
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
            c.done.signal()
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

    /// Prints chunk `c` into its own buffer, with a printer and state of its own (on a worker).
    private func print(_ c: Chunk) {
        c.out.reset()
        c.error = nil
        let p = Printer(out: c.out, options: options)
        p.nesting = nesting
        let s = state.copy(funcs: c.first)
        var r = ByteReader(storage: storage, range: c.range)
        do throws(WasmError) {
            for _ in 0..<c.count { try p.function(s, &r) }
        } catch {
            c.error = error
        }
        c.lines = p.line
    }

    // MARK: Writing

    /// Cuts the `n` entries at `r` into chunks, has them printed, and writes their text in order.
    func run(_ r: inout ByteReader, count n: Int) throws(WasmError) {
        start()
        var framing = r
        var index = state.funcs
        var left = n
        var framingError: WasmError?
        var ahead: [Chunk] = []
        var dropped = r.position
        let out = printer.out

        /// Frames entries into new chunks until `window` are in flight.
        func fill() {
            while ahead.count < window, left > 0, framingError == nil {
                let start = framing.position
                var k = 0, bytes = 0, inline = false
                while left > 0, k < Self.chunkBodies, bytes < options.chunkBytes {
                    let at = framing.position
                    let size: Int
                    do throws(WasmError) { size = try Printer.bodySize(&framing) } catch {
                        framingError = error
                        break
                    }
                    if size >= inlineBytes {
                        // A large body goes alone, printed into the output by this thread.
                        if k > 0 { framing.position = at; break }
                        inline = true
                    }
                    framing.position += size
                    k += 1
                    left -= 1
                    bytes += size
                    if inline { break }
                }
                if k == 0 { break }
                let c = free.popLast() ?? Chunk(capacity: 16 * options.chunkBytes)
                c.range = start..<framing.position
                c.count = k
                c.first = index
                c.inline = inline
                index &+= UInt32(truncatingIfNeeded: k)
                ahead.append(c)
                if !inline { submit(c) }
            }
        }

        fill()
        while !ahead.isEmpty {
            let c = ahead.removeFirst()
            if c.inline || claim(c) {
                state.funcs = c.first
                var cr = ByteReader(storage: storage, range: c.range)
                for _ in 0..<c.count { try printer.function(state, &cr) }
            } else {
                c.done.wait()
                out.write(through: c.out.contents)
                printer.line += c.lines
                if let e = c.error { throw e }
            }
            // A chunk whose text grew far beyond the usual is not kept.
            if c.out.capacity <= 64 * options.chunkBytes { free.append(c) }
            c.out.reset()
            try out.maybeFlush()
            if c.range.upperBound - dropped >= 1 << 20 {
                storage.dropPages(dropped..<c.range.upperBound)
                dropped = c.range.upperBound
            }
            fill()
        }
        state.funcs = index
        if let framingError { throw framingError }
        r.position = framing.position
        state.customPlace = "after code"
    }
}
