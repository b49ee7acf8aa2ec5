// MARK: - Scanning strings without making them

extension JSONParser.Reader {
    /// Validates the string whose opening quote is at `index`, as `parseString` does (same
    /// errors at the same offsets), without making a `String`; returns its tape flags.
    mutating func scanString() throws(JSONSyntaxError) -> UInt8 {
        var i = index + 1
        var flags: UInt8 = 0
        while true {
            while i + 8 <= end {
                let attention = JSONWord.attentionBytes(JSONWord.load(bytes, at: i))
                if attention != 0 {
                    i += JSONWord.firstFlagged(attention)
                    break
                }
                i += 8
            }
            guard i < end else { break }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                index = i + 1
                return flags
            }
            if byte == UInt8(ascii: "\\") {
                flags |= JSONTape.Node.Flags.escaped
                i = try skipEscape(at: i)
            } else if byte < 0x20 {
                throw controlCharacter(at: i)
            } else if byte < 0x80 {
                i += 1
            } else {
                flags |= JSONTape.Node.Flags.nonASCII
                i = try validateUTF8Sequence(at: i)
            }
        }
        throw JSONSyntaxError(offset: index, message: "unterminated string")
    }

    /// Checks the escape whose backslash is at `i` as `decodeEscape` does; returns the next index.
    private func skipEscape(at i: Int) throws(JSONSyntaxError) -> Int {
        guard i + 1 < end else { throw JSONSyntaxError(offset: index, message: "unterminated string") }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: i + 2)
            let next = i + 6
            switch unit {
            case 0xD800...0xDBFF:
                guard next + 1 < end, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                    case let low = try hexQuad(at: next + 2), (0xDC00...0xDFFF).contains(low)
                else { throw loneSurrogate(unit, at: i) }
                return next + 6
            case 0xDC00...0xDFFF:
                throw loneSurrogate(unit, at: i)
            default:
                return next
            }
        default:
            throw JSONSyntaxError(
                offset: i, message: "invalid escape \\\(String(decoding: [bytes[i + 1]], as: UTF8.self))")
        }
    }
}

// MARK: - Reading strings off the tape

extension JSONTape {
    /// The content bytes of a string node (between the quotes), still escaped if it has escapes.
    @inline(__always)
    static func content(_ node: Node, _ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[(node.start + 1)..<(node.end - 1)])
    }

    /// Whether two string nodes have the same raw content bytes.
    @inline(__always)
    static func sameBytes(_ a: Node, _ b: Node, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = a.end - a.start
        guard count == b.end - b.start else { return false }
        var i = 0
        while i + 8 <= count {
            if JSONWord.load(bytes, at: a.start + i) != JSONWord.load(bytes, at: b.start + i) { return false }
            i += 8
        }
        while i < count {
            if bytes[a.start + i] != bytes[b.start + i] { return false }
            i += 1
        }
        return true
    }

    /// Appends the unescaped UTF-8 of a string node to `out`.
    static func unescape(_ node: Node, _ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let raw = content(node, bytes)
        guard node.flags & Node.Flags.escaped != 0 else {
            out.append(contentsOf: raw)
            return
        }
        // The escapes were validated when the tape was built, so decodeEscape cannot fail here.
        let reader = JSONParser.Reader(bytes)
        var runStart = node.start + 1
        var i = runStart
        let end = node.end - 1
        while i < end {
            guard bytes[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            guard let next = try? reader.decodeEscape(at: i, into: &out) else { return }
            i = next
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
    }

    /// The unescaped value of a string node as a `String`.
    static func string(_ node: Node, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if node.flags & Node.Flags.escaped == 0 {
            let raw = content(node, bytes)
            // Up to 15 bytes a String is stored inline; filling it directly skips a validation pass.
            guard raw.count <= 15 else { return String(decoding: raw, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: raw.count) { storage in
                _ = storage.initialize(fromContentsOf: raw)
                return raw.count
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(node.end - node.start)
        unescape(node, bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs `body` with the unescaped UTF-8 of a string node: in place when it has no escapes.
    static func withUnescaped<R>(_ node: Node, _ bytes: UnsafeBufferPointer<UInt8>,
                                 _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if node.flags & Node.Flags.escaped == 0 { return body(content(node, bytes)) }
        var out: [UInt8] = []
        out.reserveCapacity(node.end - node.start)
        unescape(node, bytes, into: &out)
        return out.withUnsafeBufferPointer(body)
    }

    /// Whether the string node's unescaped UTF-8 equals `key`'s bytes.
    static func equals(_ node: Node, _ key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if node.flags & Node.Flags.escaped == 0 {
            return JSONWord.equal(content(node, bytes), key)
        }
        return withUnescaped(node, bytes) { JSONWord.equal($0, key) }
    }
}
