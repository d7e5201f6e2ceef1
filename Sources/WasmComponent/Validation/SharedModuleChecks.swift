#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WasmBinary

/// Function-body checks shared between validations that run side by side: the inputs of a composition
/// often embed the same core modules (two componentize-py components share libpython, libc and more, byte
/// for byte). The first validation to reach a module checks its bodies; the others check everything else
/// about it and leave the bodies out. A module's validity depends on its bytes and the features alone, so
/// the verdict is the same — but when any of the validations fails, the caller validates again without
/// sharing, so that the error reported is the one each input gives on its own.
public final class SharedModuleChecks: Sendable {
    /// Modules smaller than this are checked by every validation (the comparison would cost more).
    public static let minimumBytes = 64 << 10

    private struct Key: Hashable {
        var count: Int
        var sample: UInt64
    }
    private let claimed = Mutex<[Key: [ByteSlice]]>([:])

    public init() {}

    /// Whether the caller is the first to reach a module with these bytes (it then checks the bodies).
    func claim(_ bytes: ByteSlice) -> Bool {
        if bytes.count < SharedModuleChecks.minimumBytes { return true }
        let key = Key(count: bytes.count, sample: SharedModuleChecks.sample(bytes))
        return claimed.withLock { map -> Bool in
            let seen = map[key, default: []]
            if seen.contains(where: { $0 == bytes }) { return false }  // == compares the bytes
            map[key, default: []].append(bytes)
            return true
        }
    }

    /// A hash of the first and last 4 KiB (equal keys are then compared in full).
    private static func sample(_ bytes: ByteSlice) -> UInt64 {
        bytes.withUnsafeBytes { b -> UInt64 in
            var h = ByteHash()
            let head = min(b.count, 4096)
            h.add(b[0..<head])
            h.add(b[max(head, b.count - 4096)...])
            return h.value
        }
    }
}
