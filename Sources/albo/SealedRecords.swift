import AlboDomain
import AlboLog
import AlboSealing

/// How read commands print records of a sealed store: opened with the store's keys. Keys
/// that are missing, damaged or unreadable stop the command (never a sealed value printed
/// as data); `--sealed` prints the stored bytes and needs no key.
final class RecordPrinter {
    /// The store whose keys open records, nil when records print as stored (`--sealed`, an
    /// unsealed store).
    private var keys: LogReader?

    init(_ ledger: Ledger, sealed: Bool) {
        guard ledger.isSealed, !sealed else { return }
        keys = ledger.reader
    }

    /// The bytes to print for stored `raw`: the record opened when it can be, else `raw`
    /// (an erased subject's event prints its sealed bytes). Only the record's own subjects'
    /// keys are decoded.
    func bytes(_ raw: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let keys else { return Array(raw) }
        let record = try StoredRecord.parse(raw)
        let subjects = Keyring.subjects(of: record)
        guard !subjects.isEmpty else { return Array(raw) }
        let opened = try keys.keyring(for: subjects).open(record).record
        return opened == record ? Array(raw) : opened.canonicalBytes
    }
}
