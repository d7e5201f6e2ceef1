import WasmBinary
import WasmComponent
import WasmCore

// Interface-only copies of components: every core module keeps its types, imports, functions (with
// their types), tables, memories, tags, globals and exports, but each function body becomes
// `unreachable`, and element, data and start sections are dropped. The component-level meaning is
// unchanged (a component only sees a module's imports and exports), so validating the composed
// shell around interface-only inputs checks every wire and every instantiation exactly, in time
// proportional to the interfaces rather than the code.

package enum Interfaces {
    /// `component` with every core module (at any depth) reduced to its interface.
    package static func component(_ component: Component, depth: Int = 0) throws(WasmError) -> Component {
        guard depth < 100 else {
            throw .compose(.composeUnsupported, "components nested too deeply")
        }
        var sections: [ComponentSection] = []
        sections.reserveCapacity(component.sections.count)
        var moduleIndex = 0
        var componentIndex = 0
        for s in component.sections {
            switch s {
            case .custom:
                continue
            case .coreModule(let m):
                let stub = try withFrame(.item("core module", moduleIndex)) { () throws(WasmError) in try module(m.bytes) }
                sections.append(.coreModule(CoreModule(bytes: stub)))
                moduleIndex += 1
            case .component(let c):
                let inner = try withFrame(.item("component", componentIndex)) { () throws(WasmError) in
                    try Interfaces.component(c, depth: depth + 1)
                }
                sections.append(.component(inner))
                componentIndex += 1
            default:
                sections.append(s)
            }
        }
        return Component(sections: sections)
    }

    /// The interface of the core module `bytes`.
    static func module(_ bytes: ByteSlice) throws(WasmError) -> ByteSlice {
        let header = try ModuleHeader.scan(bytes)
        var w = ByteWriter(capacity: 1024)
        w.bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        let base = bytes.storage.base
        for s in header.sections {
            switch s.id {
            case .type, .import, .function, .table, .memory, .tag, .global, .export:
                w.bytes(UnsafeRawBufferPointer(start: base + s.range.lowerBound, count: s.range.count))
            case .code:
                let n = header.functionTypes.count
                var body = ByteWriter(capacity: 5 + 4 * n)
                body.u32(n)
                for _ in 0..<n { body.bytes([0x03, 0x00, 0x00, 0x0B]) }  // size 3: no locals, unreachable, end
                w.byte(SectionID.code.rawValue)
                w.u32(body.count)
                w.bytes(body.bytes)
            case .custom, .start, .element, .dataCount, .data:
                continue
            }
        }
        return withExtendedLifetime(bytes.storage) { ByteSlice(copying: w.bytes) }
    }
}
