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

    /// Whether this definition adds a component function (only `lift`) rather than a core function.
    public var definesComponentFunc: Bool {
        if case .lift = self { return true }
        return false
    }
}
