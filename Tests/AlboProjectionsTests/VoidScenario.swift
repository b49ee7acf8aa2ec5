import AlboTestSupport
import AlboDomain
import AlboLog
import AlboProjections
import Testing

/// One scenario with voids, recorded twice so a test can compare what users see.
///
/// `voided` records the lines in order: each run of ordinary events as one batch, each
/// `EventVoided` as a batch of its own, catching up in chunks of two records after every
/// batch. `reference` records the same lines less every voided event and every void, in
/// one batch. docs/reference.md §2: a projection treats a voided event as if it had never been
/// recorded, so every query must answer alike in both stores.
struct VoidScenario {
    /// The store where events were recorded and then voided.
    let voided: TempStore
    /// The store where the voided events were never recorded.
    let reference: TempStore
    /// For each void, in order: the tree size just before it and what the query showed then.
    let beforeEachVoid: [(size: UInt64, shown: JSONValue)]
    /// Each projection's digest after the chunked, batch-by-batch catch-ups.
    let incrementalDigests: [String: String]

    /// Records `lines` in both stores, capturing `query` before each void.
    init(_ lines: [String], query: (ProjectionView) throws -> JSONValue) throws {
        // Locals until every property is set: the nested function may not capture self.
        let voided = try TempStore(), reference = try TempStore()
        var incremental = ProjectionRunner(ledger: voided.ledger)
        incremental.chunkSize = 2
        var before: [(size: UInt64, shown: JSONValue)] = []
        var pending: [String] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            try voided.append(pending)
            try incremental.catchUp()
            pending = []
        }
        var voidedIds: Set<String> = []
        for line in lines {
            guard let target = try Self.voidedId(line) else {
                pending.append(line)
                continue
            }
            try flush()
            before.append((try voided.ledger.reader.size(), try voided.view(query)))
            try voided.append([line])
            try incremental.catchUp()
            voidedIds.insert(target)
        }
        try flush()
        let digests = try voided.ledger.reader.readProjections { txn in
            Dictionary(uniqueKeysWithValues: try incremental.projections.map { ($0.name, try incremental.digest(txn, $0)) })
        }
        let kept = try lines.filter { line in try Self.voidedId(line) == nil && !voidedIds.contains(try Self.id(line)) }
        if !kept.isEmpty { try reference.append(kept) }
        self.voided = voided
        self.reference = reference
        beforeEachVoid = before
        incrementalDigests = digests
    }

    /// Runs the checks every void test shares:
    /// - `query` answers in `voided` exactly as in `reference`;
    /// - as of the tree size just before each void, `query` still shows what it showed
    ///   then (history is never rewritten), and the void changed what it shows (else the
    ///   comparison above would prove nothing), except for the voids whose 0-based
    ///   positions are in `unchanged`, which must change nothing;
    /// - every projection's digest after a full rebuild, in one chunk or one record per
    ///   chunk, equals its digest after the incremental catch-ups;
    /// - for each projection named in `sameStateAsReference`, its digest equals the
    ///   reference's (for folds whose only trace is a lookup no query reads).
    func expectVoidsInvisible(_ query: (ProjectionView) throws -> JSONValue, unchanged: Set<Int> = [],
                              sameStateAsReference: [String] = [],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!beforeEachVoid.isEmpty, "the scenario voids nothing", sourceLocation: sourceLocation)
        #expect(try voided.view(query) == reference.view(query), sourceLocation: sourceLocation)
        for (i, (size, shown)) in beforeEachVoid.enumerated() {
            let asOfBefore = try voided.view(asOf: .size(size), query)
            #expect(asOfBefore == shown, "as of \(size), just before the void", sourceLocation: sourceLocation)
            let asOfAfter = try voided.view(asOf: .size(size + 1), query)
            if unchanged.contains(i) {
                #expect(asOfAfter == asOfBefore, "the void at seq \(size) changed the query", sourceLocation: sourceLocation)
            } else {
                #expect(asOfAfter != asOfBefore, "the void at seq \(size) changed nothing the query shows", sourceLocation: sourceLocation)
            }
        }
        for chunk: UInt64 in [50_000, 1] {
            var rebuild = ProjectionRunner(ledger: voided.ledger)
            rebuild.chunkSize = chunk
            try rebuild.rebuild()
            #expect(try voided.digests(rebuild) == incrementalDigests, "rebuild in chunks of \(chunk)", sourceLocation: sourceLocation)
        }
        if !sameStateAsReference.isEmpty {
            let mine = try voided.digests(), theirs = try reference.digests()
            for name in sameStateAsReference {
                #expect(mine[name] != nil && mine[name] == theirs[name], "stored state of \(name)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: - Reading the lines back

    /// The event id of an NDJSON line.
    static func id(_ line: String) throws -> String {
        try #require(try JSONParser.parse(line).objectValue?["id"]?.stringValue)
    }

    /// The id an `EventVoided` line voids; nil for any other event.
    static func voidedId(_ line: String) throws -> String? {
        let o = try #require(try JSONParser.parse(line).objectValue)
        guard o["type"]?.stringValue == "EventVoided" else { return nil }
        return try #require(o["data"]?.objectValue?["eventId"]?.stringValue)
    }
}

extension JSONValue {
    /// The value with members named in `keys` removed at every depth. Leaving an event out
    /// shifts the seq of every later one, and a stream's version counts its voids, so the
    /// reference store cannot match those; event ids still tell every event apart.
    func dropping(_ keys: Set<String>) -> JSONValue {
        switch self {
        case .object(let o):
            return .object(o.filter { !keys.contains($0.key) }.mapValues { $0.dropping(keys) })
        case .array(let a):
            return .array(a.map { $0.dropping(keys) })
        default:
            return self
        }
    }
}

extension CivilDate {
    /// A date the test writes literally.
    static func on(_ text: String) throws -> CivilDate { try #require(CivilDate(text)) }
}
