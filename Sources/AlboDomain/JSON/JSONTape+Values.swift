// MARK: - Reading values

extension JSONTape {
    /// Runs `body` with the input bytes, for the static helpers that work on raw nodes.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer(body)
    }

    /// The unescaped string at `node`, or nil when it is not a string.
    ///
    /// Without escapes (nearly every string Albo reads) it is made straight from the input slice.
    public func string(_ node: Int) -> String? {
        let n = nodes[node]
        guard n.kind == .string else { return nil }
        return withBytes { JSONTape.string(n, $0) }
    }

    /// Runs `body` with the unescaped UTF-8 of the string at `node` (in place when it has no
    /// escapes); nil when it is not a string.
    public func withUTF8<R>(_ node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let n = nodes[node]
        guard n.kind == .string else { return nil }
        return withBytes { JSONTape.withUnescaped(n, $0, body) }
    }

    /// The integer at `node`: a number written without fraction or exponent that fits `Int64`,
    /// as ``JSONValue/integer(_:)``; nil for anything else.
    public func integer(_ node: Int) -> Int64? {
        let n = nodes[node]
        return n.kind == .integer ? Int64(bitPattern: n.payload) : nil
    }

    /// The number at `node` when it is not an integer (``JSONValue/number(_:)``); nil otherwise.
    public func number(_ node: Int) -> Double? {
        let n = nodes[node]
        return n.kind == .number ? Double(bitPattern: n.payload) : nil
    }

    /// Whether the key (a string node) reads `key` once unescaped, compared byte for byte.
    public func keyEquals(_ node: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = nodes[node]
        guard n.kind == .string else { return false }
        return withBytes { JSONTape.equals(n, key, $0) }
    }

    /// The value node of the member of `object` whose key is `key`; nil when there is none.
    ///
    /// A linear scan: Albo's objects have a few dozen members at most. Keys compare as unescaped
    /// UTF-8, byte for byte (JSONParser's dictionary compares canonically equivalent keys as
    /// equal; the two agree on every key without U+212A, U+037E or U+1FEF, which are the only
    /// non-ASCII characters equivalent to ASCII ones, and on every ASCII key).
    public func member(_ key: UnsafeBufferPointer<UInt8>, in object: Int) -> Int? {
        memberPosition(key, in: object)?.value
    }

    /// The value node of the member named `key`; see ``member(_:in:)-(UnsafeBufferPointer<UInt8>,_)``.
    public func member(_ key: StaticString, in object: Int) -> Int? {
        member(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount), in: object)
    }

    /// The value node of the member named `key`.
    public func member(_ key: [UInt8], in object: Int) -> Int? {
        key.withUnsafeBufferPointer { member($0, in: object) }
    }

    /// The value node of the member named `key`.
    public func member(_ key: String, in object: Int) -> Int? {
        withContiguousUTF8(of: key) { member($0, in: object) }
    }

    /// The member named `key`: its position among the members, and its value node.
    func memberPosition(_ key: UnsafeBufferPointer<UInt8>, in object: Int) -> (position: Int, value: Int)? {
        memberPosition(key, in: object, from: MemberCursor(position: 0, key: object + 1))
    }

    /// Where a scan of an object's members starts: a member's position and its key node.
    struct MemberCursor {
        var position: Int
        var key: Int
    }

    /// The member named `key`, scanning from `start` round to the member before it: readers
    /// that ask for fields in the order they were written find each at the first try.
    func memberPosition(_ key: UnsafeBufferPointer<UInt8>, in object: Int, from start: MemberCursor) -> (position: Int, value: Int)? {
        guard kind(object) == .object else { return nil }
        let count = count(object)
        return withBytes { bytes in
            var cursor = start
            for _ in 0..<count {
                if cursor.position >= count { cursor = MemberCursor(position: 0, key: object + 1) }
                if JSONTape.equals(nodes[cursor.key], key, bytes) { return (cursor.position, cursor.key + 1) }
                cursor = MemberCursor(position: cursor.position + 1, key: after(cursor.key + 1))
            }
            return nil
        }
    }

    /// The subtree at `node` as a ``JSONValue``, for the rare paths that want one.
    public func value(_ node: Int) -> JSONValue {
        let n = nodes[node]
        switch n.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .integer: return .integer(Int64(bitPattern: n.payload))
        case .number: return .number(Double(bitPattern: n.payload))
        case .string: return .string(withBytes { JSONTape.string(n, $0) })
        case .array: return .array(elements(of: node).map(value))
        case .object:
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(count(node))
            for (key, value) in members(of: node) {
                object[withBytes { JSONTape.string(nodes[key], $0) }] = self.value(value)
            }
            return .object(object)
        }
    }
}

/// Runs `body` with the UTF-8 of `string`, without copying when it is stored contiguously.
@inline(__always)
func withContiguousUTF8<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = string
    return copy.withUTF8(body)
}
