public import AlboDomain

/// A compact binary form for projection states: far cheaper than JSON on the replay
/// path, where every event rewrites one state. Lengths and integers are LEB128 varints.
public struct StateWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(256) }

    /// A non-negative integer.
    public mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// An integer (zigzag, so small negatives stay short).
    public mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            uint(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    public mutating func optionalInt(_ v: Int64?) {
        bool(v != nil)
        if let v { int(v) }
    }

    /// A date, as its `YYYY-MM-DD` text: the form states had when they held strings, so
    /// stored states and their digests are unchanged.
    public mutating func date(_ d: CivilDate) { string(d.description) }

    public mutating func optionalDate(_ d: CivilDate?) { optionalString(d?.description) }

    /// A vocabulary term, as its text.
    public mutating func term(_ t: some VocabularyTerm) { string(t.rawValue) }

    public mutating func optionalTerm(_ t: (some VocabularyTerm)?) { optionalString(t?.rawValue) }

    /// A personal vocabulary field, as its text (the term's, or the sealed value).
    public mutating func personal(_ p: Personal<some VocabularyTerm>) { string(p.rawValue) }
}

/// Reads what `StateWriter` wrote, in the same order; throws on truncated or odd bytes.
public struct StateReader {
    private let raw: UnsafeRawBufferPointer
    private var index = 0

    public init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index == raw.count }

    private static func corrupt() -> ProjectionError {
        ProjectionError(.corrupt, "a projection state cannot be read back; run `albo rebuild`")
    }

    public mutating func uint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < raw.count, shift < 64 {
            let b = raw[index]
            index += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        throw Self.corrupt()
    }

    public mutating func int() throws -> Int64 {
        let z = try uint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    public mutating func count() throws -> Int {
        let n = try uint()
        guard n <= UInt64(raw.count - index) else { throw Self.corrupt() }
        return Int(n)
    }

    public mutating func bool() throws -> Bool {
        guard index < raw.count else { throw Self.corrupt() }
        index += 1
        switch raw[index - 1] {
        case 0: return false
        case 1: return true
        default: throw Self.corrupt()
        }
    }

    public mutating func string() throws -> String {
        let n = try count()
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: raw[index..<(index + n)]), as: UTF8.self)
        index += n
        return s
    }

    public mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }

    public mutating func optionalInt() throws -> Int64? {
        try bool() ? try int() : nil
    }

    public mutating func date() throws -> CivilDate {
        guard let d = CivilDate(utf8: try bytes()) else { throw Self.corrupt() }
        return d
    }

    /// The bytes of a string, in place (valid as long as the buffer read).
    public mutating func bytes() throws -> UnsafeRawBufferPointer {
        let n = try count()
        defer { index += n }
        return UnsafeRawBufferPointer(rebasing: raw[index..<(index + n)])
    }

    /// Where the next string's bytes are in the buffer; the reader moves past it.
    public mutating func stringRange() throws -> Range<Int> {
        let n = try count()
        defer { index += n }
        return index..<(index + n)
    }

    /// Moves past a string.
    public mutating func skipString() throws { index += try count() }

    /// Moves past an optional string (or date, or term).
    public mutating func skipOptionalString() throws { if try bool() { try skipString() } }

    public mutating func optionalDate() throws -> CivilDate? {
        try bool() ? try date() : nil
    }

    public mutating func term<Term: VocabularyTerm>(_: Term.Type = Term.self) throws -> Term {
        guard let t = Term(rawValue: try string()) else { throw Self.corrupt() }
        return t
    }

    public mutating func optionalTerm<Term: VocabularyTerm>(_: Term.Type = Term.self) throws -> Term? {
        try bool() ? try term(Term.self) : nil
    }

    public mutating func personal<Term: VocabularyTerm>(_: Term.Type = Term.self) throws -> Personal<Term> {
        guard let p = Personal<Term>(rawValue: try string()) else { throw Self.corrupt() }
        return p
    }
}
