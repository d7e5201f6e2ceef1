import WasmBinary
import WasmCore

/// A canonical option (`canonopt`). `coreType` (`0x08`) and `gc` (`0x09`) are wasm-tools'
/// extensions for the GC ABI (🛸 cm-gc); Binary.md stops at `0x07`.
public enum CanonOption: Hashable, Sendable {
    case utf8
    case utf16
    /// `string-encoding=latin1+utf16`.
    case compactUTF16
    case memory(UInt32)
    case realloc(UInt32)
    case postReturn(UInt32)
    case async
    case callback(UInt32)
    case coreType(UInt32)
    case gc

    public var code: UInt8 {
        switch self {
        case .utf8: 0x00
        case .utf16: 0x01
        case .compactUTF16: 0x02
        case .memory: 0x03
        case .realloc: 0x04
        case .postReturn: 0x05
        case .async: 0x06
        case .callback: 0x07
        case .coreType: 0x08
        case .gc: 0x09
        }
    }
}

/// A canonical definition (`canon`). `lift` adds a component function; everything else adds a core
/// function. Field names follow the text format.
public enum Canon: Hashable, Sendable {
    case lift(coreFunc: UInt32, options: [CanonOption], type: UInt32)
    case lower(func: UInt32, options: [CanonOption])
    case resourceNew(type: UInt32)
    case resourceDrop(type: UInt32)
    case resourceRep(type: UInt32)
    case backpressureInc
    case backpressureDec
    case taskReturn(result: ComponentValType?, options: [CanonOption])
    case taskCancel
    case contextGet(type: ValType, slot: UInt32)
    case contextSet(type: ValType, slot: UInt32)
    case subtaskCancel(async: Bool)
    case subtaskDrop
    case streamNew(type: UInt32)
    case streamRead(type: UInt32, options: [CanonOption])
    case streamWrite(type: UInt32, options: [CanonOption])
    case streamCancelRead(type: UInt32, async: Bool)
    case streamCancelWrite(type: UInt32, async: Bool)
    case streamDropReadable(type: UInt32)
    case streamDropWritable(type: UInt32)
    /// ⏩ `stream.forward t` (component-model#717, wasm-tools' `cm-forward`).
    case streamForward(type: UInt32)
    case futureNew(type: UInt32)
    case futureRead(type: UInt32, options: [CanonOption])
    case futureWrite(type: UInt32, options: [CanonOption])
    case futureCancelRead(type: UInt32, async: Bool)
    case futureCancelWrite(type: UInt32, async: Bool)
    case futureDropReadable(type: UInt32)
    case futureDropWritable(type: UInt32)
    /// ⏩ `future.forward t`.
    case futureForward(type: UInt32)
    case errorContextNew(options: [CanonOption])
    case errorContextDebugMessage(options: [CanonOption])
    case errorContextDrop
    case waitableSetNew
    /// `waitable-set.wait` and `.poll`. Their binary form keeps a byte where `cancellable` was, which must be
    /// 0x00 since component-model#716 (as for the `thread.*` built-ins below).
    case waitableSetWait(memory: UInt32)
    case waitableSetPoll(memory: UInt32)
    case waitableSetDrop
    case waitableJoin
    case threadIndex
    case threadNewIndirect(funcType: UInt32, table: UInt32)
    case threadResumeLater
    case threadSuspend
    case threadYield
    case threadSuspendThenResume
    case threadYieldThenResume
    case threadSuspendThenPromote
    case threadYieldThenPromote
    /// `thread.spawn-ref ft` (wasm-tools writes no `shared?` byte, unlike Binary.md).
    case threadSpawnRef(funcType: UInt32)
    case threadSpawnIndirect(funcType: UInt32, table: UInt32)
    case threadAvailableParallelism

    /// The leading opcode byte.
    public var opcode: UInt8 {
        switch self {
        case .lift: 0x00
        case .lower: 0x01
        case .resourceNew: 0x02
        case .resourceDrop: 0x03
        case .resourceRep: 0x04
        case .taskCancel: 0x05
        case .subtaskCancel: 0x06
        case .taskReturn: 0x09
        case .contextGet: 0x0A
        case .contextSet: 0x0B
        case .threadYield: 0x0C
        case .subtaskDrop: 0x0D
        case .streamNew: 0x0E
        case .streamRead: 0x0F
        case .streamWrite: 0x10
        case .streamCancelRead: 0x11
        case .streamCancelWrite: 0x12
        case .streamDropReadable: 0x13
        case .streamDropWritable: 0x14
        case .futureNew: 0x15
        case .futureRead: 0x16
        case .futureWrite: 0x17
        case .futureCancelRead: 0x18
        case .futureCancelWrite: 0x19
        case .futureDropReadable: 0x1A
        case .futureDropWritable: 0x1B
        case .errorContextNew: 0x1C
        case .errorContextDebugMessage: 0x1D
        case .errorContextDrop: 0x1E
        case .waitableSetNew: 0x1F
        case .waitableSetWait: 0x20
        case .waitableSetPoll: 0x21
        case .waitableSetDrop: 0x22
        case .waitableJoin: 0x23
        case .backpressureInc: 0x24
        case .backpressureDec: 0x25
        case .threadIndex: 0x26
        case .threadNewIndirect: 0x27
        case .threadResumeLater: 0x28
        case .threadSuspend: 0x29
        case .threadSuspendThenResume: 0x2A
        case .threadYieldThenResume: 0x2B
        case .threadSuspendThenPromote: 0x2C
        case .threadYieldThenPromote: 0x2D
        case .streamForward: 0x2E
        case .futureForward: 0x2F
        case .threadSpawnRef: 0x40
        case .threadSpawnIndirect: 0x41
        case .threadAvailableParallelism: 0x42
        }
    }

    /// The text-format name (`lift`, `lower`, `resource.new`, `waitable-set.wait`, ...).
    public var name: String {
        switch self {
        case .lift: "lift"
        case .lower: "lower"
        case .resourceNew: "resource.new"
        case .resourceDrop: "resource.drop"
        case .resourceRep: "resource.rep"
        case .backpressureInc: "backpressure.inc"
        case .backpressureDec: "backpressure.dec"
        case .taskReturn: "task.return"
        case .taskCancel: "task.cancel"
        case .contextGet: "context.get"
        case .contextSet: "context.set"
        case .subtaskCancel: "subtask.cancel"
        case .subtaskDrop: "subtask.drop"
        case .streamNew: "stream.new"
        case .streamRead: "stream.read"
        case .streamWrite: "stream.write"
        case .streamCancelRead: "stream.cancel-read"
        case .streamCancelWrite: "stream.cancel-write"
        case .streamDropReadable: "stream.drop-readable"
        case .streamDropWritable: "stream.drop-writable"
        case .streamForward: "stream.forward"
        case .futureNew: "future.new"
        case .futureRead: "future.read"
        case .futureWrite: "future.write"
        case .futureCancelRead: "future.cancel-read"
        case .futureCancelWrite: "future.cancel-write"
        case .futureDropReadable: "future.drop-readable"
        case .futureDropWritable: "future.drop-writable"
        case .futureForward: "future.forward"
        case .errorContextNew: "error-context.new"
        case .errorContextDebugMessage: "error-context.debug-message"
        case .errorContextDrop: "error-context.drop"
        case .waitableSetNew: "waitable-set.new"
        case .waitableSetWait: "waitable-set.wait"
        case .waitableSetPoll: "waitable-set.poll"
        case .waitableSetDrop: "waitable-set.drop"
        case .waitableJoin: "waitable.join"
        case .threadIndex: "thread.index"
        case .threadNewIndirect: "thread.new-indirect"
        case .threadResumeLater: "thread.resume-later"
        case .threadSuspend: "thread.suspend"
        case .threadYield: "thread.yield"
        case .threadSuspendThenResume: "thread.suspend-then-resume"
        case .threadYieldThenResume: "thread.yield-then-resume"
        case .threadSuspendThenPromote: "thread.suspend-then-promote"
        case .threadYieldThenPromote: "thread.yield-then-promote"
        case .threadSpawnRef: "thread.spawn-ref"
        case .threadSpawnIndirect: "thread.spawn-indirect"
        case .threadAvailableParallelism: "thread.available-parallelism"
        }
    }

    /// Whether this definition adds a component function (only `lift`) rather than a core function.
    public var definesComponentFunc: Bool {
        if case .lift = self { return true }
        return false
    }
}
