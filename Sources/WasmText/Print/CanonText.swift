import WasmBinary
import WasmCore
import WasmComponent

// Canonical definitions: `canon lift` (a component function) and the built-ins (core functions), named
// from the canon table (`Canon.name`).

extension Printer {
    func canonOptions(_ scope: ComponentScope, _ options: [CanonOption]) {
        let s = scope.core
        for o in options {
            w(" ")
            switch o {
            case .utf8: w("string-encoding=utf8")
            case .utf16: w("string-encoding=utf16")
            case .compactUTF16: w("string-encoding=latin1+utf16")
            case .memory(let i): startGroup("memory "); idx(s.names.memories, i); endGroup()
            case .realloc(let i): startGroup("realloc "); idx(s.names.funcs, i); endGroup()
            case .postReturn(let i): startGroup("post-return "); idx(s.names.funcs, i); endGroup()
            case .async: w("async")
            case .callback(let i): startGroup("callback "); idx(s.names.funcs, i); endGroup()
            case .coreType(let i): startGroup("core-type "); idx(s.names.types, i); endGroup()
            case .gc: w("gc")
            }
        }
    }

    func canon(_ scope: ComponentScope, _ f: Canon) {
        let s = scope.core
        if case .lift(let coreFunc, let options, let type) = f {
            startGroup("func ")
            name(scope.funcNames, scope.funcs)
            w(" ")
            componentTypeRef(scope, type)
            w(" ")
            startGroup("canon lift ")
            startGroup("core func ")
            idx(s.names.funcs, coreFunc)
            endGroup()
            canonOptions(scope, options)
            endGroup()
            endGroup()
            scope.funcs += 1
            return
        }
        startGroup("core func ")
        name(s.names.funcs, s.funcs)
        w(" ")
        startGroup("canon ")
        // wasm-tools 1.262 prints this one built-in with an underscore (its parser reads that spelling).
        if case .threadAvailableParallelism = f { w("thread.available_parallelism") } else { w(f.name) }
        func type(_ i: UInt32) { w(" "); idx(scope.typeNames, i) }
        func async(_ a: Bool) { if a { w(" async") } }
        switch f {
        case .lift: break
        case .lower(let fn, let options):
            w(" ")
            startGroup("func ")
            idx(scope.funcNames, fn)
            endGroup()
            canonOptions(scope, options)
        case .resourceNew(let t), .resourceDrop(let t), .resourceRep(let t), .streamNew(let t),
             .streamDropReadable(let t), .streamDropWritable(let t), .futureNew(let t), .futureDropReadable(let t),
             .futureDropWritable(let t), .streamForward(let t), .futureForward(let t):
            type(t)
        case .streamRead(let t, let options), .streamWrite(let t, let options), .futureRead(let t, let options),
             .futureWrite(let t, let options):
            type(t)
            canonOptions(scope, options)
        case .streamCancelRead(let t, let a), .streamCancelWrite(let t, let a), .futureCancelRead(let t, let a),
             .futureCancelWrite(let t, let a):
            type(t)
            async(a)
        case .taskReturn(let result, let options):
            if let result {
                w(" ")
                startGroup("result ")
                componentValType(scope, result)
                endGroup()
            }
            canonOptions(scope, options)
        case .contextGet(let t, let slot), .contextSet(let t, let slot):
            w(" ")
            valType(s, t)
            w(" ")
            int(slot)
        case .subtaskCancel(let a):
            async(a)
        case .errorContextNew(let options), .errorContextDebugMessage(let options):
            canonOptions(scope, options)
        case .waitableSetWait(let memory), .waitableSetPoll(let memory):
            w(" ")
            startGroup("memory ")
            idx(s.names.memories, memory)
            endGroup()
        case .threadNewIndirect(let ft, let table), .threadSpawnIndirect(let ft, let table):
            w(" ")
            idx(s.names.types, ft)
            w(" ")
            idx(s.names.tables, table)
        case .threadSpawnRef(let ft):
            w(" ")
            idx(s.names.types, ft)
        case .backpressureInc, .backpressureDec, .taskCancel, .subtaskDrop, .errorContextDrop, .waitableSetNew,
             .waitableSetDrop, .waitableJoin, .threadIndex, .threadResumeLater, .threadSuspend, .threadYield,
             .threadSuspendThenResume, .threadYieldThenResume, .threadSuspendThenPromote, .threadYieldThenPromote,
             .threadAvailableParallelism:
            break
        }
        endGroup()
        endGroup()
        s.funcs += 1
    }
}
