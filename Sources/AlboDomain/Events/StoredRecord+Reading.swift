// MARK: - Reading stored bytes back

extension StoredRecord {
    /// Why stored bytes could not be read back as a record.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        /// What kind of problem it is.
        public struct Code: Hashable, Sendable {
            let raw: UInt8
            /// Not JSON, not the eight fields, or a payload that breaks the rules.
            public static let notARecord = Code(raw: 1)
            /// A readable record whose bytes are not its RFC 8785 form.
            public static let notCanonical = Code(raw: 2)
        }

        public var code: Code
        public var message: String
        public var description: String { message }

        public init(code: Code = .notARecord, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// Reads a stored record back (it does not check that the bytes are canonical; see
    /// ``parse(_:requireCanonical:)``). Hot loops use a ``RecordReader`` instead, which keeps
    /// its buffers from one record to the next.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> StoredRecord {
        var reader = RecordReader()
        return try reader.record(bytes)
    }

    /// Reads a stored record back; with `requireCanonical`, also proves that the bytes are
    /// exactly the record's canonical form, else throws ``FormatError/Code/notCanonical``.
    public static func parse(_ bytes: UnsafeRawBufferPointer, requireCanonical: Bool) throws -> StoredRecord {
        var reader = RecordReader()
        let (record, isCanonical) = try reader.recordAndForm(bytes)
        if requireCanonical && !isCanonical {
            throw FormatError(code: .notCanonical, message: "the stored bytes are not the RFC 8785 form of the record")
        }
        return record
    }

    /// Reads a stored record back from a byte array.
    public static func parse(_ bytes: [UInt8]) throws -> StoredRecord {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    /// Reads a stored record back from a byte array, optionally proving its form.
    public static func parse(_ bytes: [UInt8], requireCanonical: Bool) throws -> StoredRecord {
        try bytes.withUnsafeBytes { try parse($0, requireCanonical: requireCanonical) }
    }

    /// Whether `bytes` are a stored record in exactly its canonical form.
    public static func isCanonical(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var reader = RecordReader()
        return (try? reader.recordAndForm(bytes).isCanonical) ?? false
    }
}
