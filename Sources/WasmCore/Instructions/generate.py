#!/usr/bin/env python3
"""Generates Instructions.generated.swift from instructions.txt (python3 stdlib only).

Usage: generate.py [--check]   (--check: exit 1 if the committed file differs from what would be generated)
The output is deterministic: rows are emitted in table order.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, 'instructions.txt')
OUTPUT = os.path.join(HERE, 'Instructions.generated.swift')

# Immediate shapes, in ImmediateShape raw-value order, with their documentation.
SHAPES = [
    ('none', 'No immediates.'),
    ('block_type', '`blocktype`: 0x40, a value type, or an s33 type index.'),
    ('label', 'A relative label depth.'),
    ('br_table', 'A vector of label depths and a default label.'),
    ('func', 'A function index.'),
    ('type_table', 'A type index then a table index (`call_indirect`).'),
    ('type', 'A type index.'),
    ('local', 'A local index.'),
    ('global', 'A global index.'),
    ('table', 'A table index.'),
    ('memory', 'A memory index.'),
    ('memarg', 'Alignment flags (bit 6: explicit memory index), optional memory index, offset.'),
    ('memarg_lane', 'A memarg followed by a lane byte.'),
    ('i32', 'An s32 constant.'),
    ('i64', 'An s64 constant.'),
    ('f32', 'Four bytes of IEEE 754 binary32.'),
    ('f64', 'Eight bytes of IEEE 754 binary64.'),
    ('v128', 'Sixteen bytes.'),
    ('shuffle', 'Sixteen lane bytes (`i8x16.shuffle`).'),
    ('lane', 'One lane byte.'),
    ('select_types', 'A vector of value types (`select t*`).'),
    ('heap_type', 'A heap type (nullability comes from the opcode).'),
    ('br_on_cast', 'Cast flags, a label, and two heap types (`br_on_cast`).'),
    ('try_table', 'A block type and a vector of catch clauses.'),
    ('tag', 'A tag index.'),
    ('data', 'A data segment index.'),
    ('elem', 'An element segment index.'),
    ('data_memory', 'A data index then a memory index (`memory.init`).'),
    ('memory_memory', 'Destination and source memories (`memory.copy`).'),
    ('elem_table', 'An element index then a table index (`table.init`).'),
    ('table_table', 'Destination and source tables (`table.copy`).'),
    ('type_field', 'A type index and a field index.'),
    ('type_size', 'A type index and an element count (`array.new_fixed`).'),
    ('type_data', 'A type index and a data index.'),
    ('type_elem', 'A type index and an element index.'),
    ('type_type', 'Two type indices.'),
    ('type_tag', 'A type index and a tag index.'),
    ('resume', 'A continuation type index and a handler vector (`resume`, `resume_throw_ref`).'),
    ('resume_throw', 'A continuation type index, a tag index and a handler vector.'),
    ('zero', 'A single reserved zero byte (`atomic.fence`).'),
    ('ordering_global', 'A memory ordering then a global index.'),
    ('ordering_table', 'A memory ordering then a table index.'),
    ('ordering_type_field', 'A memory ordering, a type index and a field index.'),
    ('ordering_type', 'A memory ordering then a type index.'),
]
SHAPE_NAMES = [n for n, _ in SHAPES]
STRUCTURAL = ['block', 'loop', 'if', 'else', 'try', 'catch', 'catchAll', 'delegate', 'end', 'tryTable']
OPERAND_TYPES = {
    'i32': 'i32', 'i64': 'i64', 'f32': 'f32', 'f64': 'f64', 'v128': 'v128', 'addr': 'addr', 'taddr': 'tableAddr',
    'eqref': 'eqref', 'i31ref': 'i31ref', 'arrayref': 'arrayref', 'ref:i31': 'refI31',
}
PREFIXES = (0xfb, 0xfc, 0xfd, 0xfe)
SWIFT_KEYWORDS = {'if', 'else', 'return', 'try', 'catch', 'throw', 'switch', 'select', 'block', 'loop', 'br', 'end',
                  'call', 'drop', 'nop', 'rethrow', 'delegate', 'resume', 'suspend', 'unreachable'}
RESERVED = {'if', 'else', 'return', 'try', 'catch', 'throw', 'switch', 'func'}


def camel(name):
    parts = re.split(r'[._]', name)
    s = parts[0] + ''.join(p[:1].upper() + p[1:] for p in parts[1:])
    return s


def feature_expr(name):
    if name == 'mvp':
        return '[]'
    return '.' + camel(name.replace('-', '_'))


def parse_int(text):
    return int(text, 16) if text.lower().startswith('0x') else int(text, 10)


def parse():
    rows = []
    seen_enc, seen_case = {}, {}
    with open(TABLE, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split('#', 1)[0].strip()
            if not line:
                continue
            toks = line.split()
            if parse_int(toks[0]) in PREFIXES:
                prefix, code, rest = parse_int(toks[0]), parse_int(toks[1]), toks[2:]
            else:
                prefix, code, rest = None, parse_int(toks[0]), toks[1:]
            if len(rest) < 4:
                sys.exit(f'{TABLE}:{lineno}: expected mnemonic, immediates, feature and signature')
            mnemonic, shape, feature = rest[0], rest[1], rest[2]
            sig = ' '.join(rest[3:])
            case = None
            if '=' in mnemonic:
                mnemonic, case = mnemonic.split('=', 1)
            case = case or camel(mnemonic)
            align = 0
            if ':' in shape:
                shape, a = shape.split(':', 1)
                align = int(a)
            if shape not in SHAPE_NAMES:
                sys.exit(f'{TABLE}:{lineno}: unknown immediate shape {shape!r}')
            if shape in ('memarg', 'memarg_lane') and ':' not in rest[1]:
                sys.exit(f'{TABLE}:{lineno}: memory shapes need a natural alignment (memarg:<log2>)')
            if sig == 'special':
                signature = None
            else:
                if '->' not in sig:
                    sys.exit(f'{TABLE}:{lineno}: signature must be `params -> results` or `special`')
                lhs, rhs = sig.split('->', 1)
                params, results = lhs.split(), rhs.split()
                for t in params + results:
                    if t not in OPERAND_TYPES:
                        sys.exit(f'{TABLE}:{lineno}: unknown operand type {t!r}')
                if len(params) > 6 or len(results) > 6:
                    sys.exit(f'{TABLE}:{lineno}: at most 6 params / results')
                signature = (params, results)
            enc = (prefix, code)
            if enc in seen_enc:
                sys.exit(f'{TABLE}:{lineno}: encoding already used on line {seen_enc[enc]}')
            if case in seen_case:
                sys.exit(f'{TABLE}:{lineno}: case name {case} already used on line {seen_case[case]}')
            seen_enc[enc], seen_case[case] = lineno, lineno
            rows.append(dict(prefix=prefix, code=code, mnemonic=mnemonic, case=case, shape=shape, align=align,
                             feature=feature, signature=signature))
    return rows


def swift_case(name):
    return f'`{name}`' if name in RESERVED else name


def case_lines(cases, value, indent='        '):
    """`case .a, .b: value`, wrapped at ~116 columns."""
    lines, cur = [], indent + 'case '
    for i, c in enumerate(cases):
        piece = '.' + c + (',' if i < len(cases) - 1 else ':')
        if len(cur) + len(piece) + 1 > 116 and cur.strip() != 'case':
            lines.append(cur.rstrip())
            cur = indent + '     '
        cur += piece + ' '
    lines.append(cur + value)
    return lines


def generate(rows):
    out = []
    w = out.append
    w('// Generated by Sources/WasmCore/Instructions/generate.py from instructions.txt. Do not edit.')
    w('// Regenerate with `python3 Sources/WasmCore/Instructions/generate.py`.')
    w('')
    w('/// How an instruction\'s immediates are laid out in the binary (one decoder and encoder per shape).')
    w('public enum ImmediateShape: UInt8, Hashable, Sendable, CaseIterable {')
    for name, doc in SHAPES:
        w(f'    /// {doc}')
        w(f'    case {swift_case(camel(name))}')
    w('}')
    w('')
    w('/// Every instruction wcomp knows, densely numbered in table order (the raw value indexes the metadata).')
    w('public enum Opcode: UInt16, CaseIterable, Hashable, Sendable {')
    for i, r in enumerate(rows):
        w(f'    case {swift_case(r["case"])} = {i}')
    w('}')
    w('')
    w('extension Opcode {')
    w(f'    /// The number of opcodes in the table.')
    w(f'    public static let count = {len(rows)}')
    w('')
    w('    /// The text-format name (as wasm-tools prints it).')
    w('    public var mnemonic: String {')
    w('        switch self {')
    for r in rows:
        w(f'        case .{r["case"]}: "{r["mnemonic"]}"')
    w('        }')
    w('    }')
    w('')
    w('    /// The prefix byte (0xfb...0xfe), or nil for single-byte opcodes.')
    w('    public var prefix: UInt8? {')
    w('        switch self {')
    for p in PREFIXES:
        cases = [r for r in rows if r['prefix'] == p]
        if cases:
            out.extend(case_lines([r['case'] for r in cases], f'0x{p:02x}'))
    w('        default: nil')
    w('        }')
    w('    }')
    w('')
    w('    /// The opcode byte (single-byte opcodes) or the u32 sub-opcode after the prefix.')
    w('    public var code: UInt32 {')
    w('        switch self {')
    for r in rows:
        w(f'        case .{r["case"]}: 0x{r["code"]:02x}')
    w('        }')
    w('    }')
    w('')
    w('    /// Per opcode (by raw value): the ImmediateShape raw value, plus 0x40 for the structured-control')
    w('    /// opcodes (' + ', '.join(STRUCTURAL) + '). Constant data: indexing it costs one load.')
    table = ''
    for r in rows:
        v = SHAPE_NAMES.index(r['shape']) | (0x40 if r['case'] in STRUCTURAL else 0)
        table += f'\\u{{{v:02x}}}'
    w('    @inlinable static var shapeTable: StaticString {')
    w('        """')
    for i in range(0, len(table), 96):
        w('        ' + table[i:i + 96] + ('\\' if i + 96 < len(table) else ''))
    w('        """')
    w('    }')
    w('')
    w('    /// How the immediates are encoded.')
    w('    @inlinable @inline(__always) public var shape: ImmediateShape {')
    w('        // Table bytes are generated below ImmediateShape.allCases.count, and a payload-free enum\'s')
    w('        // in-memory value is its declaration index (= its raw value here), so the cast is exact.')
    w('        unsafeBitCast(Opcode.shapeTable.utf8Start[Int(rawValue)] & 0x3F, to: ImmediateShape.self)')
    w('    }')
    w('')
    w('    /// Whether the opcode opens, splits or closes a block.')
    w('    @inlinable @inline(__always) public var isStructural: Bool { Opcode.shapeTable.utf8Start[Int(rawValue)] & 0x40 != 0 }')
    w('')
    w('    /// log2 of the natural alignment of a memory access (0 for instructions without a memarg).')
    w('    public var naturalAlignment: UInt8 {')
    w('        switch self {')
    by_align = {}
    for r in rows:
        if r['shape'] in ('memarg', 'memarg_lane') and r['align']:
            by_align.setdefault(r['align'], []).append(r['case'])
    for a in sorted(by_align):
        out.extend(case_lines(by_align[a], f'{a}'))
    w('        default: 0')
    w('        }')
    w('    }')
    w('')
    w('    /// The number of lanes a lane immediate indexes (`lane`, `memargLane`, `shuffle` shapes; 32 for shuffle,')
    w('    /// whose lanes index both operands), 0 otherwise.')
    w('    public var laneCount: UInt8 {')
    w('        switch self {')
    by_lanes = {}
    for r in rows:
        n = 0
        if r['shape'] == 'shuffle':
            n = 32
        elif r['shape'] == 'memarg_lane':
            n = 16 >> r['align']
        elif r['shape'] == 'lane':
            n = {'i8x16': 16, 'i16x8': 8, 'i32x4': 4, 'i64x2': 2, 'f32x4': 4, 'f64x2': 2}[r['mnemonic'].split('.')[0]]
        if n:
            by_lanes.setdefault(n, []).append(r['case'])
    for n in sorted(by_lanes):
        out.extend(case_lines(by_lanes[n], f'{n}'))
    w('        default: 0')
    w('        }')
    w('    }')
    w('')
    w('    /// The feature (wasm-tools name) that gates this instruction; empty for the MVP.')
    w('    public var feature: Features {')
    w('        switch self {')
    by_feat = {}
    for r in rows:
        by_feat.setdefault(r['feature'], []).append(r['case'])
    for feat in sorted(by_feat, key=lambda s: min(i for i, r in enumerate(rows) if r['feature'] == s)):
        out.extend(case_lines(by_feat[feat], feature_expr(feat)))
    w('        }')
    w('    }')
    w('')
    w('    /// The operand signature, or nil when the typing rule is special (validator hand-codes it).')
    w('    public var signature: Signature? {')
    w('        switch self {')
    by_sig = {}
    for r in rows:
        if r['signature'] is not None:
            key = (tuple(r['signature'][0]), tuple(r['signature'][1]))
            by_sig.setdefault(key, []).append(r['case'])
    for key in sorted(by_sig, key=lambda k: min(i for i, r in enumerate(rows) if r['signature'] is not None
                                                 and (tuple(r['signature'][0]), tuple(r['signature'][1])) == k)):
        ps = ', '.join('.' + OPERAND_TYPES[t] for t in key[0])
        rs = ', '.join('.' + OPERAND_TYPES[t] for t in key[1])
        out.extend(case_lines(by_sig[key], f'Signature(OperandTypes({ps}), OperandTypes({rs}))'))
    w('        default: nil')
    w('        }')
    w('    }')
    w('')
    singles = {}
    for i, r in enumerate(rows):
        if r['prefix'] is None:
            singles[r['code']] = i + 1
    table = ''
    for byte in range(256):
        v = singles.get(byte, 0)
        table += f'\\u{{{v >> 7:02x}}}\\u{{{v & 0x7F:02x}}}'
    w('    /// Per byte: 1 + the raw value of its single-byte opcode (0: none), as two 7-bit halves (so that the')
    w('    /// literal stays ASCII). A data lookup rather than a switch, so dispatch needs no indirect branch.')
    w('    @inlinable static var singleTable: StaticString {')
    w('        """')
    for i in range(0, len(table), 96):
        w('        ' + table[i:i + 96] + ('\\' if i + 96 < len(table) else ''))
    w('        """')
    w('    }')
    w('')
    w('    /// The opcode of a single-byte instruction (nil for prefixes and illegal bytes).')
    w('    @inlinable @inline(__always) public static func single(_ byte: UInt8) -> Opcode? {')
    w('        let p = singleTable.utf8Start')
    w('        let i = Int(byte) &* 2')
    w('        let v = UInt16(p[i]) << 7 | UInt16(p[i &+ 1])')
    w('        // v - 1 is a generated raw value below Opcode.count; a payload-free enum is stored as its')
    w('        // declaration index, which is its raw value here.')
    w('        return v == 0 ? nil : unsafeBitCast(v &- 1, to: Opcode.self)')
    w('    }')
    w('')
    w('    /// The opcode for `prefix` (0xfb...0xfe) followed by sub-opcode `code`, if any.')
    w('    @inlinable public static func prefixed(_ prefix: UInt8, _ code: UInt32) -> Opcode? {')
    w('        switch prefix {')
    for p in PREFIXES:
        w(f'        case 0x{p:02x}:')
        w('            switch code {')
        for r in rows:
            if r['prefix'] == p:
                w(f'            case 0x{r["code"]:02x}: return .{r["case"]}')
        w('            default: return nil')
        w('            }')
    w('        default: return nil')
    w('        }')
    w('    }')
    w('}')
    return '\n'.join(out) + '\n'


def main():
    text = generate(parse())
    if '--check' in sys.argv[1:]:
        with open(OUTPUT, encoding='utf-8') as f:
            if f.read() != text:
                print(f'{OUTPUT} is out of date; run generate.py', file=sys.stderr)
                sys.exit(1)
        return
    with open(OUTPUT, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
