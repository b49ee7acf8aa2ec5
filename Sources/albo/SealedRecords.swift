import AlboDomain
import AlboLog
import AlboSealing

/// How read commands print records of a sealed store: opened with the store's keys when
/// this user can read them, else as stored.
struct RecordPrinter {
    /// The keys, nil when records print as stored (`--sealed`, an unsealed store, or keys
    /// this user may not read).
    let keyring: Keyring?

    init(_ ledger: Ledger, sealed: Bool) {
        guard ledger.isSealed, !sealed else {
            keyring = nil
            return
        }
        do { keyring = try ledger.keyFile.load() } catch {
            printError("note: \(error); records are printed sealed")
            keyring = nil
        }
    }

    /// The bytes to print for stored `raw`: the record opened when it can be, else `raw`
    /// (an erased subject's event prints its sealed bytes).
    func bytes(_ raw: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let keyring else { return Array(raw) }
        let record = try StoredRecord.parse(raw)
        let opened = keyring.open(record).record
        return opened == record ? Array(raw) : opened.canonicalBytes
    }
}
