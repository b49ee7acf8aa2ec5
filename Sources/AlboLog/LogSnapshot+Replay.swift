public import AlboDomain

extension LogSnapshot {
    /// Calls `body` with the stored records of `range` (by seq), decoded, in seq order and
    /// in batches: each batch is decoded on another core while `body` works on the one
    /// before, the replay path of projections. Every worker has finished when this returns
    /// or throws, so none reads the map after the transaction ends.
    public func forEachRecordBatch(in range: Range<UInt64>, _ body: ([StoredRecord]) throws -> Void) throws {
        var seqs: [UInt64] = []
        var pointers: [UnsafeRawBufferPointer] = []
        try forEachRecord(in: range) { seq, bytes in
            seqs.append(seq)
            pointers.append(bytes)
        }
        let decoding = RecordDecoding(seqs: seqs, bytes: MappedBytes(pointers))
        var next = decoding.isEmpty ? nil : decoding.batch(from: 0)
        defer { _ = try? next?.value() }
        var start = 0
        while let current = next {
            next = nil
            let records = try current.value()
            let end = start + records.count
            next = end < decoding.count ? decoding.batch(from: end) : nil
            try body(records)
            start = end
        }
    }
}

/// Stored records of one replay, decoded in batches on a worker thread.
private struct RecordDecoding: Sendable {
    let seqs: [UInt64]
    let bytes: MappedBytes
    /// Records per batch: enough to keep the worker busy, few enough to start folding soon.
    static let batchSize = 4096

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.count == 0 }

    /// Decodes the batch starting at index `start`, in the background.
    func batch(from start: Int) -> Parallel.Future<[StoredRecord]> {
        Parallel.Future { [self] in
            var reader = RecordReader()
            return try (start..<min(start + Self.batchSize, count)).map { i in
                do { return try reader.record(bytes[i]) } catch {
                    throw LogError(.corrupt, "the record at seq \(seqs[i]) cannot be read: \(error)")
                }
            }
        }
    }
}
