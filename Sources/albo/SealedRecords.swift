import AlboDomain
import AlboLog
import AlboSealing

/// How read commands print records of a sealed store: opened with the store's keys when
/// this user can read them, else as stored.
final class RecordPrinter {
    /// The keys file, nil when records print as stored (`--sealed`, an unsealed store, or keys
    /// this user may not read).
    private var keys: SubjectKeyFile?

    init(_ ledger: Ledger, sealed: Bool) {
        guard ledger.isSealed, !sealed else { return }
        guard ledger.keyFile.isReadable else {
            printError("note: cannot read the sealing keys \(ledger.keyFile.path): records are printed sealed")
            return
        }
        keys = ledger.keyFile
    }

    /// The bytes to print for stored `raw`: the record opened when it can be, else `raw`
    /// (an erased subject's event prints its sealed bytes). Only the record's own subjects'
    /// keys are decoded.
    func bytes(_ raw: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let keys else { return Array(raw) }
        let record = try StoredRecord.parse(raw)
        let subjects = Keyring.subjects(of: record)
        guard !subjects.isEmpty else { return Array(raw) }
        let opened = try keys.load(only: subjects).open(record).record
        return opened == record ? Array(raw) : opened.canonicalBytes
    }
}
