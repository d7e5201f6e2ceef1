import WasmBinary

// GC structs and arrays (and the custom-descriptors allocation forms).

extension FunctionValidator {
    /// `(ref (exact x))` with custom descriptors, else `(ref x)`: the type of a fresh allocation.
    mutating func allocated(_ id: UInt32) -> VT {
        .ref(nullable: false, typeID: id, exact: features.contains(.customDescriptors))
    }

    mutating func structField(_ index: UInt32, _ field: UInt32) throws(WasmError) -> FieldT {
        let id = try typeOf(kind: .struct, index)
        let fields = ctx.types.structFields(id)
        guard Int(field) < fields.count else {
            throw fail(.unknownIndex, "unknown field \(field): field index out of bounds for struct type \(index)")
        }
        return fields[fields.startIndex + Int(field)]
    }

    mutating func arrayField(_ index: UInt32) throws(WasmError) -> FieldT {
        ctx.types.arrayField(try typeOf(kind: .array, index))
    }

    mutating func mutableArrayField(_ index: UInt32) throws(WasmError) -> FieldT {
        let f = try arrayField(index)
        if !f.mutable { throw fail(.immutable, "immutable array: array type \(index) cannot be modified") }
        return f
    }

    /// Pops `n` values of type `t` (cheaply when unreachable code leaves fewer on the stack).
    mutating func pop(_ t: VT, count n: UInt32) throws(WasmError) {
        var k = n
        while k > 0 {
            if opsCount == height && ctrls[ctrlCount - 1].unreachable { return }
            try pop(t)
            k -= 1
        }
    }

    mutating func structOp(_ op: Operator) throws(WasmError) {
        switch op.opcode {
        case .structNew, .structNewDefault, .structNewDesc, .structNewDefaultDesc:
            let raw = try subtypeID(op.index)
            let withDesc = op.opcode == .structNewDesc || op.opcode == .structNewDefaultDesc
            let d = ctx.types.entries[Int(raw)].descriptor
            if withDesc {
                guard d >= 0 else {
                    throw fail(.invalid, "type without descriptor requires non-descriptor allocation: "
                               + "`\(op.opcode.mnemonic)` with type \(op.index)")
                }
                try pop(.ref(nullable: true, typeID: UInt32(d), exact: true))
            } else if d >= 0 {
                throw fail(.invalid, "type with descriptor requires descriptor allocation: `\(op.opcode.mnemonic)` "
                           + "with type \(op.index)")
            }
            let id = try typeOf(kind: .struct, op.index)
            let fields = ctx.types.structFields(id)
            if op.opcode == .structNew || op.opcode == .structNewDesc {
                var i = fields.endIndex
                while i > fields.startIndex {
                    i -= 1
                    try pop(fields[i].storage.unpacked)
                }
            } else {
                for f in fields where !f.storage.unpacked.isDefaultable {
                    throw fail(.invalid, "invalid `\(op.opcode.mnemonic)`: field of type \(typeName(f.storage)) is "
                               + "not defaultable")
                }
            }
            push(allocated(id))
        case .structGet, .structGetS, .structGetU:
            let f = try structField(op.index, op.index2)
            if op.opcode == .structGet && f.storage.isPacked {
                throw fail(.invalid, "can only use struct.get with non-packed storage types (use struct.get_s or "
                           + "struct.get_u)")
            }
            if op.opcode != .structGet && !f.storage.isPacked {
                throw fail(.invalid, "cannot use \(op.opcode.mnemonic) with non-packed storage types")
            }
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            push(f.storage.unpacked)
        default: // structSet
            let f = try structField(op.index, op.index2)
            if !f.mutable { throw fail(.immutable, "immutable field: field \(op.index2) of struct type \(op.index)") }
            try pop(f.storage.unpacked)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
        }
    }

    mutating func arrayOp(_ op: Operator) throws(WasmError) {
        switch op.opcode {
        case .arrayNew:
            let f = try arrayField(op.index)
            try pop(.i32)
            try pop(f.storage.unpacked)
            push(allocated(try subtypeID(op.index)))
        case .arrayNewDefault:
            let f = try arrayField(op.index)
            if !f.storage.unpacked.isDefaultable {
                throw fail(.invalid, "invalid `array.new_default`: \(typeName(f.storage)) elements are not defaultable")
            }
            try pop(.i32)
            push(allocated(try subtypeID(op.index)))
        case .arrayNewFixed:
            let f = try arrayField(op.index)
            try pop(f.storage.unpacked, count: op.index2)
            push(allocated(try subtypeID(op.index)))
        case .arrayNewData, .arrayInitData:
            let f = op.opcode == .arrayNewData ? try arrayField(op.index) : try mutableArrayField(op.index)
            if f.storage.unpacked.isRef {
                throw mismatch("array type is not numeric or vector: `\(op.opcode.mnemonic)` needs numeric or vector "
                               + "elements")
            }
            try checkData(op.index2)
            try pop(.i32)
            try pop(.i32)
            if op.opcode == .arrayNewData {
                push(allocated(try subtypeID(op.index)))
            } else {
                try pop(.i32)
                try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            }
        case .arrayNewElem, .arrayInitElem:
            let f = op.opcode == .arrayNewElem ? try arrayField(op.index) : try mutableArrayField(op.index)
            guard f.storage.isRef else {
                throw mismatch("`\(op.opcode.mnemonic)` needs an array with reference elements")
            }
            let e = try elementType(op.index2)
            if !ctx.isSubtype(e, f.storage) {
                throw mismatch("element segment \(op.index2) has type \(typeName(e)), expected \(typeName(f.storage))")
            }
            try pop(.i32)
            try pop(.i32)
            if op.opcode == .arrayNewElem {
                push(allocated(try subtypeID(op.index)))
            } else {
                try pop(.i32)
                try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            }
        case .arrayGet, .arrayGetS, .arrayGetU:
            let f = try arrayField(op.index)
            if op.opcode == .arrayGet && f.storage.isPacked {
                throw fail(.invalid, "cannot use array.get with packed storage types (use array.get_s or array.get_u)")
            }
            if op.opcode != .arrayGet && !f.storage.isPacked {
                throw fail(.invalid, "cannot use \(op.opcode.mnemonic) with non-packed storage types")
            }
            try pop(.i32)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            push(f.storage.unpacked)
        case .arraySet:
            let f = try mutableArrayField(op.index)
            try pop(f.storage.unpacked)
            try pop(.i32)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
        case .arrayLen:
            _ = try popMaybeSharedRef(.array)
            push(.i32)
        case .arrayFill:
            let f = try mutableArrayField(op.index)
            try pop(.i32)
            try pop(f.storage.unpacked)
            try pop(.i32)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
        default: // arrayCopy
            let dst = try mutableArrayField(op.index)
            let src = try arrayField(op.index2)
            let ok: Bool
            if dst.storage.isPacked || src.storage.isPacked {
                ok = dst.storage == src.storage
            } else {
                ok = ctx.isSubtype(src.storage, dst.storage)
            }
            if !ok {
                throw fail(.typeMismatch, "array types do not match: expected \(typeName(dst.storage)), found "
                           + "\(typeName(src.storage))")
            }
            try pop(.i32)
            try pop(.i32)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index2)))
            try pop(.i32)
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
        }
    }
}
