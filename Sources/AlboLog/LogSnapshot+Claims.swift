public import AlboDomain

extension LogSnapshot {
    /// The claims among the first `size` events (the whole view by default), by seq of
    /// filing; voids and payments recorded at or after `size` are not seen.
    public func filedClaims(before size: UInt64? = nil) throws -> [FiledClaim] {
        let end = size ?? self.size
        var streams: [[StoredRecord]] = []
        try forEachStream(.claim) { _, seqs in
            let before = seqs.filter { $0 < end }
            if !before.isEmpty { streams.append(try before.map { try record(seq: $0) }) }
        }
        return FiledClaims.from(streams: streams)
    }
}
