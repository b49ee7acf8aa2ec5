// MARK: - Building the tape

extension JSONTape {
    /// Walks the input with ``JSONParser/Reader`` — the same scanner, literals, numbers,
    /// whitespace and messages as ``JSONParser`` — and appends nodes instead of values.
    struct Builder {
        var nodes: [Node]
        var openKeys: [Int]
        /// Objects up to this many members are checked for duplicates pairwise, on bytes.
        static var pairwiseLimit: Int { 16 }

        mutating func parseDocument(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            var reader = JSONParser.Reader(buffer)
            reader.skipWhitespace()
            guard reader.index < reader.end else {
                throw JSONSyntaxError(offset: reader.index, message: "empty input, expected a JSON value")
            }
            try parseValue(&reader, depth: 0)
            reader.skipWhitespace()
            guard reader.index == reader.end else {
                throw JSONSyntaxError(offset: reader.index, message: "trailing characters after the value")
            }
        }

        @inline(__always)
        private mutating func append(_ kind: Kind, _ start: Int, _ end: Int, payload: UInt64 = 0, flags: UInt8 = 0) {
            nodes.append(Node(start: start, end: end, payload: payload, children: 0, kind: kind, flags: flags))
        }

        private mutating func parseValue(_ r: inout JSONParser.Reader, depth: Int) throws(JSONSyntaxError) {
            guard r.index < r.end else { throw r.endOfInput("a value") }
            let start = r.index
            switch r.bytes[start] {
            case UInt8(ascii: "\""):
                let flags = try r.scanString()
                append(.string, start, r.index, flags: flags)
            case UInt8(ascii: "{"): try parseObject(&r, depth: depth + 1)
            case UInt8(ascii: "["): try parseArray(&r, depth: depth + 1)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch try r.parseNumber() {
                case .integer(let value): append(.integer, start, r.index, payload: UInt64(bitPattern: value))
                case .number(let value): append(.number, start, r.index, payload: value.bitPattern)
                default: throw JSONSyntaxError(offset: start, message: "invalid number")  // parseNumber makes numbers only
                }
            case UInt8(ascii: "t"): try r.parseLiteral("true"); append(.true, start, r.index)
            case UInt8(ascii: "f"): try r.parseLiteral("false"); append(.false, start, r.index)
            case UInt8(ascii: "n"): try r.parseLiteral("null"); append(.null, start, r.index)
            default: throw r.unexpected("a value")
            }
        }

        private mutating func close(_ container: Int, children: Int, end: Int) throws(JSONSyntaxError) {
            guard let count = UInt32(exactly: children) else {
                throw JSONSyntaxError(offset: nodes[container].start, message: "more than \(UInt32.max) members or elements")
            }
            nodes[container].children = count
            nodes[container].end = end
            nodes[container].payload = UInt64(nodes.count)
        }

        private mutating func parseObject(_ r: inout JSONParser.Reader, depth: Int) throws(JSONSyntaxError) {
            try r.checkDepth(depth)
            let me = nodes.count
            append(.object, r.index, r.index)
            r.index += 1
            r.skipWhitespace()
            if r.index < r.end && r.bytes[r.index] == UInt8(ascii: "}") {
                r.index += 1
                try close(me, children: 0, end: r.index)
                return
            }
            let keysBase = openKeys.count
            // Past the pairwise limit, or once a key is escaped or non-ASCII, keys are compared as
            // Swift strings, as JSONParser's dictionary does (canonically equivalent keys collide).
            var seen: Set<String>?
            var members = 0
            while true {
                guard r.index < r.end else { throw r.endOfInput("a key in double quotes") }
                guard r.bytes[r.index] == UInt8(ascii: "\"") else { throw r.unexpected("a key in double quotes") }
                let keyOffset = r.index
                let key = nodes.count
                let flags = try r.scanString()
                append(.string, keyOffset, r.index, flags: flags)
                r.skipWhitespace()
                guard r.index < r.end else { throw r.endOfInput("':' after the key") }
                guard r.bytes[r.index] == UInt8(ascii: ":") else { throw r.unexpected("':' after the key") }
                r.index += 1
                r.skipWhitespace()
                try parseValue(&r, depth: depth)
                // Checked after the value, where JSONParser's dictionary insert finds the duplicate.
                try checkDuplicate(key, among: keysBase, members: members, seen: &seen, in: r.bytes)
                openKeys.append(key)
                members += 1
                r.skipWhitespace()
                guard r.index < r.end else { throw r.endOfInput("',' or '}'") }
                switch r.bytes[r.index] {
                case UInt8(ascii: ","):
                    r.index += 1
                    r.skipWhitespace()
                case UInt8(ascii: "}"):
                    r.index += 1
                    openKeys.removeLast(openKeys.count - keysBase)
                    try close(me, children: members, end: r.index)
                    return
                default:
                    throw r.unexpected("',' or '}'")
                }
            }
        }

        private func checkDuplicate(_ key: Int, among keysBase: Int, members: Int, seen: inout Set<String>?,
                                    in bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
            let node = nodes[key]
            if seen == nil && members < Self.pairwiseLimit && node.flags == 0 {
                // Every earlier key is plain ASCII too (else `seen` would be set), and plain ASCII
                // strings are equal as Swift strings exactly when their bytes are.
                for earlier in openKeys[keysBase...] where JSONTape.sameBytes(nodes[earlier], node, bytes) {
                    throw duplicate(node, bytes)
                }
                return
            }
            if seen == nil {
                var strings = Set<String>(minimumCapacity: members + 1)
                for earlier in openKeys[keysBase...] { strings.insert(JSONTape.string(nodes[earlier], bytes)) }
                seen = strings
            }
            if seen?.insert(JSONTape.string(node, bytes)).inserted == false { throw duplicate(node, bytes) }
        }

        private func duplicate(_ key: Node, _ bytes: UnsafeBufferPointer<UInt8>) -> JSONSyntaxError {
            JSONSyntaxError(offset: key.start, message: "duplicate key \(String(reflecting: JSONTape.string(key, bytes)))")
        }

        private mutating func parseArray(_ r: inout JSONParser.Reader, depth: Int) throws(JSONSyntaxError) {
            try r.checkDepth(depth)
            let me = nodes.count
            append(.array, r.index, r.index)
            r.index += 1
            r.skipWhitespace()
            if r.index < r.end && r.bytes[r.index] == UInt8(ascii: "]") {
                r.index += 1
                try close(me, children: 0, end: r.index)
                return
            }
            var elements = 0
            while true {
                try parseValue(&r, depth: depth)
                elements += 1
                r.skipWhitespace()
                guard r.index < r.end else { throw r.endOfInput("',' or ']'") }
                switch r.bytes[r.index] {
                case UInt8(ascii: ","):
                    r.index += 1
                    r.skipWhitespace()
                case UInt8(ascii: "]"):
                    r.index += 1
                    try close(me, children: elements, end: r.index)
                    return
                default:
                    throw r.unexpected("',' or ']'")
                }
            }
        }
    }
}
