public import AlboLog

extension ProjectionRunner {
    /// Replays the log as `log` shows it into the empty `scratch`, every projection from
    /// its start, in the runner's chunks, and returns each projection's digest there, in
    /// `projections` order. Nothing is written to the store: the log is only read, through
    /// `log`, and the projections' databases live in `scratch` alone. `progress` gets
    /// (applied, size) after each chunk.
    public func replayDigests(_ log: LogSnapshot, into scratch: ProjectionScratch,
                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [String] {
        try scratch.write(log: log) { txn in
            for p in projections { try reset(p, txn) }
        }
        while true {
            let (done, applied, size, _) = try scratch.write(log: log, reserve: Int(chunkSize) * 2048, applyChunk)
            progress?(applied, size)
            if done { break }
        }
        return try scratch.read(log: log) { txn in try projections.map { try digest(txn, $0) } }
    }
}
