extension CanonicalJSON {
    /// Writes canonical JSON into a fixed scratch buffer, flushing it to `out` when full.
    struct Writer {
        static var scratchSize: Int { 1024 }

        var out: [UInt8] = []
        private let scratch: UnsafeMutableBufferPointer<UInt8>
        private var count = 0

        init(scratch: UnsafeMutableBufferPointer<UInt8>) {
            self.scratch = scratch
        }

        mutating func flush() {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<count]))
            count = 0
        }

        /// Makes room for `n` ≤ `scratchSize` bytes.
        @inline(__always)
        mutating func reserve(_ n: Int) {
            if count + n > scratch.count { flush() }
        }

        @inline(__always)
        mutating func put(_ byte: UInt8) {
            reserve(1)
            scratch[count] = byte
            count += 1
        }

        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.count > scratch.count - count {
                flush()
                if bytes.count > scratch.count {
                    out.append(contentsOf: bytes)
                    return
                }
            }
            _ = UnsafeMutableBufferPointer(rebasing: scratch[count...]).initialize(fromContentsOf: bytes)
            count += bytes.count
        }

        mutating func put(_ literal: StaticString) {
            put(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }

        // MARK: - Values

        mutating func write(_ value: JSONValue) {
            switch value {
            case .null: put("null")
            case .bool(let flag): put(flag ? "true" : "false")
            case .integer(let integer): write(integer)
            case .number(let number): write(number)
            case .string(let string): write(string)
            case .array(let elements):
                put(UInt8(ascii: "["))
                for (position, element) in elements.enumerated() {
                    if position > 0 { put(UInt8(ascii: ",")) }
                    write(element)
                }
                put(UInt8(ascii: "]"))
            case .object(let members):
                write(members)
            }
        }

        /// Writes decimal digits of `value`; 20 bytes hold any UInt64.
        mutating func writeDecimal(_ value: UInt64) {
            reserve(20)
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            rest = value
            for position in stride(from: count + digits - 1, through: count, by: -1) {
                scratch[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            count += digits
        }

        // MARK: - Objects

        /// One member in sort order: its first 8 key bytes, big-endian and remapped by
        /// `utf16OrderByte`, decide most comparisons with one integer compare.
        private struct SortKey {
            var prefix: UInt64
            var member: Dictionary<String, JSONValue>.Index
        }

        private mutating func write(_ members: [String: JSONValue]) {
            put(UInt8(ascii: "{"))
            withUnsafeTemporaryAllocation(of: SortKey.self, capacity: members.count) { buffer in
                var order = buffer
                var index = members.startIndex
                for slot in 0..<members.count {
                    order.initializeElement(at: slot, to: SortKey(prefix: Self.sortPrefix(members.keys[index]), member: index))
                    members.formIndex(after: &index)
                }
                order.sort { a, b in
                    if a.prefix != b.prefix { return a.prefix < b.prefix }
                    return CanonicalJSON.keyPrecedes(members.keys[a.member], members.keys[b.member])
                }
                for slot in 0..<members.count {
                    if slot > 0 { put(UInt8(ascii: ",")) }
                    write(members.keys[order[slot].member])
                    put(UInt8(ascii: ":"))
                    write(members.values[order[slot].member])
                }
                _ = order.deinitialize()
            }
            put(UInt8(ascii: "}"))
        }

        private static func sortPrefix(_ key: String) -> UInt64 {
            if let prefix = key.utf8.withContiguousStorageIfAvailable(sortPrefix) { return prefix }
            var contiguous = key
            return contiguous.withUTF8(sortPrefix)
        }

        static func sortPrefix(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let word = utf8.count >= 8
                ? JSONWord.load(utf8, at: 0) : JSONWord.loadPartial(utf8, at: 0, count: utf8.count)
            // ASCII needs no remapping: the word, read big-endian, is the prefix.
            if word & JSONWord.highBits == 0 { return word.byteSwapped }
            var prefix: UInt64 = 0
            for (position, byte) in utf8.prefix(8).enumerated() {
                prefix |= UInt64(CanonicalJSON.utf16OrderByte(byte)) << (56 - 8 * position)
            }
            return prefix
        }

        // MARK: - Strings

        mutating func write(_ string: String) {
            let done: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0) }
            if done == nil {
                var contiguous = string
                contiguous.withUTF8 { writeEscaped($0) }
            }
        }

        /// The longest input run written under one `reserve`: 6 output bytes per input byte at
        /// worst, 2 quotes, and 8 bytes of slack for whole-word stores past the last byte.
        private static var chunk: Int { (scratchSize - 10) / 6 }

        mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
            var start = 0
            repeat {
                let end = min(start + Self.chunk, utf8.count)
                reserve(10 + 6 * (end - start))
                if start == 0 { putReserved(UInt8(ascii: "\"")) }
                writeEscapedChunk(utf8, from: start, to: end)
                start = end
            } while start < utf8.count
            putReserved(UInt8(ascii: "\""))
        }

        @inline(__always)
        private mutating func putReserved(_ byte: UInt8) {
            scratch[count] = byte
            count += 1
        }

        /// Copies bytes `start..<end` with escapes; the caller has reserved room for the worst case.
        @inline(__always)
        private mutating func writeEscapedChunk(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
            let target = UnsafeMutableRawPointer(scratch.baseAddress.unsafelyUnwrapped)
            var i = start
            while i < end {
                // Copy eight bytes at once; keep those before the first one to escape.
                let available = end - i
                let word = available >= 8
                    ? JSONWord.load(utf8, at: i) : JSONWord.loadPartial(utf8, at: i, count: available)
                target.storeBytes(of: word.littleEndian, toByteOffset: count, as: UInt64.self)
                var flags = JSONWord.escapeBytes(word)
                if available < 8 { flags &= (1 &<< (8 * UInt64(available))) &- 1 }  // not the zero padding
                let taken = min(available, 8)
                let clean = flags == 0 ? taken : JSONWord.firstFlagged(flags)
                count += clean
                i += clean
                if clean == taken { continue }
                // The first flagged byte is exact: `"`, `\\` or a control. Everything else, U+2028,
                // U+2029 and DEL included, went out above as raw UTF-8.
                let byte = utf8[i]
                i += 1
                scratch[count] = UInt8(ascii: "\\")
                let short: UInt8? = switch byte {
                case UInt8(ascii: "\""): UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                case 0x08: UInt8(ascii: "b")
                case 0x09: UInt8(ascii: "t")
                case 0x0A: UInt8(ascii: "n")
                case 0x0C: UInt8(ascii: "f")
                case 0x0D: UInt8(ascii: "r")
                default: nil
                }
                if let short {
                    scratch[count + 1] = short
                    count += 2
                } else {
                    let nibble = byte & 0x0F
                    scratch[count + 1] = UInt8(ascii: "u")
                    scratch[count + 2] = UInt8(ascii: "0")
                    scratch[count + 3] = UInt8(ascii: "0")
                    scratch[count + 4] = byte < 0x10 ? UInt8(ascii: "0") : UInt8(ascii: "1")
                    scratch[count + 5] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                    count += 6
                }
            }
        }
    }
}
