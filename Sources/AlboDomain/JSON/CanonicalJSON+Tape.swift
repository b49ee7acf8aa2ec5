// MARK: - Canonical bytes straight from a tape

extension CanonicalJSON {
    /// Appends the canonical bytes of the subtree at `node` of `tape` to `out`: exactly
    /// `encode(JSONParser.parse(x))` for the same input, without building the value. Appends
    /// nothing for a node that is not on the tape (after a failed parse, say).
    public static func append(tape: JSONTape, node: Int, to out: inout [UInt8]) {
        append(tape: tape, node: node, replacing: nil, to: &out)
    }

    /// Like ``append(tape:node:to:)``, with the member `key` of the object at `node` written as
    /// the string `value` instead (EventVoided stores its `eventId` normalised). Without such a
    /// member nothing is replaced or added; nested objects are written as they are.
    public static func append(tape: JSONTape, node: Int, replacing key: StaticString, with value: String,
                              to out: inout [UInt8]) {
        append(tape: tape, node: node, replacing: (key, value), to: &out)
    }

    /// The canonical bytes of the subtree at `node` (the root by default).
    public static func encode(tape: JSONTape, node: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(tape.bytes.count)
        append(tape: tape, node: node, to: &out)
        return out
    }

    private static func append(tape: JSONTape, node: Int, replacing: (StaticString, String)?, to out: inout [UInt8]) {
        // The writer reads through unchecked pointers: a node must come from this tape.
        guard tape.nodes.indices.contains(node) else { return }
        tape.nodes.withUnsafeBufferPointer { nodes in
            tape.bytes.withUnsafeBufferPointer { bytes in
                withWriter(appendingTo: &out) { writer in
                    var source = Writer.TapeSource(nodes: nodes, bytes: bytes)
                    if let (key, value) = replacing {
                        source.replacedKey = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
                        source.replacement = value
                    }
                    writer.write(source, node, replacing: replacing != nil)
                }
            }
        }
    }
}

extension CanonicalJSON.Writer {
    /// The tape being written, as raw buffers for the recursive writer.
    struct TapeSource {
        let nodes: UnsafeBufferPointer<JSONTape.Node>
        let bytes: UnsafeBufferPointer<UInt8>
        var replacedKey: UnsafeBufferPointer<UInt8>?
        var replacement: String?
    }

    mutating func write(_ tape: TapeSource, _ index: Int, replacing: Bool = false) {
        let node = tape.nodes[index]
        switch node.kind {
        case .null: put("null")
        case .true: put("true")
        case .false: put("false")
        case .integer: write(Int64(bitPattern: node.payload))
        case .number: write(Double(bitPattern: node.payload))
        case .string: writeString(tape, node)
        case .array:
            put(UInt8(ascii: "["))
            var element = index + 1
            for position in 0..<Int(node.children) {
                if position > 0 { put(UInt8(ascii: ",")) }
                write(tape, element)
                element = Self.after(tape, element)
            }
            put(UInt8(ascii: "]"))
        case .object:
            writeObject(tape, index, replacing: replacing)
        }
    }

    @inline(__always)
    private static func after(_ tape: TapeSource, _ index: Int) -> Int {
        let node = tape.nodes[index]
        return node.kind == .object || node.kind == .array ? Int(node.payload) : index + 1
    }

    /// A string needs no work when it has no escapes: the parser refused raw quotes, backslashes
    /// and controls, so its bytes between the quotes are already the canonical form.
    private mutating func writeString(_ tape: TapeSource, _ node: JSONTape.Node) {
        if node.flags & JSONTape.Node.Flags.escaped == 0 {
            put(UnsafeBufferPointer(rebasing: tape.bytes[node.start..<node.end]))
        } else {
            JSONTape.withUnescaped(node, tape.bytes) { writeEscaped($0) }
        }
    }

    /// One member in sort order, as in the dictionary writer: the first 8 bytes of the
    /// unescaped key, remapped to UTF-16 order, decide most comparisons.
    private struct MemberKey {
        var prefix: UInt64
        var key: Int
    }

    private mutating func writeObject(_ tape: TapeSource, _ index: Int, replacing: Bool) {
        let count = Int(tape.nodes[index].children)
        put(UInt8(ascii: "{"))
        withUnsafeTemporaryAllocation(of: MemberKey.self, capacity: count) { buffer in
            var order = buffer
            var key = index + 1
            for slot in 0..<count {
                let node = tape.nodes[key]
                let prefix = JSONTape.withUnescaped(node, tape.bytes) { Self.sortPrefix($0) }
                order.initializeElement(at: slot, to: MemberKey(prefix: prefix, key: key))
                key = Self.after(tape, key + 1)
            }
            // Inputs that are canonical already (stored records) are in order: check before sorting.
            var sorted = true
            for slot in 1..<max(1, count) where !Self.precedes(order[slot - 1], order[slot], tape) {
                sorted = false
                break
            }
            if !sorted { order.sort { Self.precedes($0, $1, tape) } }
            for slot in 0..<count {
                if slot > 0 { put(UInt8(ascii: ",")) }
                let key = order[slot].key
                writeString(tape, tape.nodes[key])
                put(UInt8(ascii: ":"))
                if replacing, let replacedKey = tape.replacedKey, let replacement = tape.replacement,
                   JSONTape.equals(tape.nodes[key], replacedKey, tape.bytes) {
                    write(replacement)
                } else {
                    write(tape, key + 1)
                }
            }
            _ = order.deinitialize()
        }
        put(UInt8(ascii: "}"))
    }

    /// Whether key `a` sorts before key `b` by UTF-16 code units (RFC 8785 §3.2.3).
    private static func precedes(_ a: MemberKey, _ b: MemberKey, _ tape: TapeSource) -> Bool {
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        let x = tape.nodes[a.key]
        let y = tape.nodes[b.key]
        return JSONTape.withUnescaped(x, tape.bytes) { first in
            JSONTape.withUnescaped(y, tape.bytes) { second in CanonicalJSON.utf16Precedes(first, second) }
        }
    }
}
