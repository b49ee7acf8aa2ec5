import AlboTestSupport
import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import Foundation
import Testing

@Suite("Runner: catch-up, rebuild, digest, versions")
struct RunnerTests {
    @Test("digests after many incremental batches equal the digests after a rebuild, and after catch-up in tiny chunks")
    func digest_incrementalEqualsRebuild() throws {
        let dir = try Scripts.generate(["synthetic", "--events", "6000", "--batches", "15", "--seed", "7"], file: "syn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try TempStore()
        let batches = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(batches.count == 15)
        for name in batches {
            _ = try store.ledger.writer().append(BatchInput(path: dir + "/" + name))
            try ProjectionRunner(ledger: store.ledger).catchUp()
        }
        let incremental = try store.digests()
        var tiny = ProjectionRunner(ledger: store.ledger)
        tiny.chunkSize = 997
        try tiny.rebuild()
        #expect(try store.digests() == incremental)
        let runner = ProjectionRunner(ledger: store.ledger)
        #expect(try runner.rebuild() == 6000)
        #expect(try store.digests() == incremental)
        #expect(Set(incremental.values).count == incremental.count)
        // The data has voids: the state would differ if they were ignored.
        #expect(try store.view { try $0.cases(CaseFilter()) }.count > 100)
        // More rows than one slice takes: the parallel read (reports) sees what the serial query
        // sees, in the same order.
        let (serial, parallel) = try store.view { v in (try v.cases(CaseFilter()), try v.compactMapCaseRows { try $0.state() }) }
        #expect(serial.count > 1_024)
        #expect(parallel == serial)
        // Rows read in place (`CaseRow`, what reports read) say what the full states say.
        let rows = try store.view { v in try v.compactMapCaseRows { try RowFields($0) } }
        #expect(rows == serial.map(RowFields.init))
        #expect(rows.contains { !$0.placements.isEmpty } && rows.contains { !$0.starts.isEmpty } && rows.contains { $0.closedOn != nil })
        let seqs = (UInt64(0)..<6_000).reversed().map { $0 }
        let (one, all) = try store.ledger.reader.read { log in (try seqs.map { try log.record(seq: $0) }, try log.records(seqs: seqs)) }
        #expect(all == one)
    }

    @Test("a projection whose registered version changed is cleared and rebuilt on the next catch-up")
    func versionBump_rebuilds() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"), f.placement("C-1")])
        let v1 = ProjectionRunner(ledger: store.ledger, projections: [Versioned(version: 1)])
        #expect(try v1.catchUp() == 3)
        #expect(try v1.catchUp() == 0)
        let clean = try store.ledger.reader.readProjections { try v1.digest($0, Versioned(version: 1)) }
        // Garbage a rebuild must remove.
        try store.ledger.projectionUpdater().write { txn in try txn.store(["p.cases"]).table("p.cases").put(Array("zzz".utf8), [1, 2, 3]) }
        #expect(try v1.catchUp() == 0)
        let v2 = ProjectionRunner(ledger: store.ledger, projections: [Versioned(version: 2)])
        #expect(try v2.catchUp() == 3)
        let status = try store.ledger.reader.readProjections { try v2.status($0) }
        #expect(status.first?.version == 2 && status.first?.seq == 3 && status.first?.isCurrent == true)
        #expect(try store.ledger.reader.readProjections { try v2.digest($0, Versioned(version: 2)) } == clean)
    }

    @Test("queries see events appended after the last catch-up")
    func queries_areNeverStale() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        #expect(try store.view { try $0.case("C-1") }?.status == "open")
        try store.append([f.closed("C-1")])
        #expect(try store.view { try $0.case("C-1") }?.status == "closed")
    }
}

/// The cases projection under another version number.
private struct Versioned: Projection {
    let inner = CasesProjection()
    var version: Int
    var name: String { inner.name }
    var databases: [String] { inner.databases }
    func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws { try inner.apply(event, state) }
}

/// Runs the repository's Tools scripts.
enum Scripts {
    /// Runs `Tools/generate.py ARGS --out DIR/file` into a fresh directory; returns the directory.
    static func generate(_ args: [String], file: String? = nil) throws -> String {
        let dir = NSTemporaryDirectory() + "albo-gen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try Subprocess.python([Paths.tool("generate.py")] + args + ["--out", file.map { dir + "/" + $0 } ?? dir])
        guard r.code == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "Tools/generate.py failed: \(r.stderr)"]) }
        return dir
    }
}

/// The fields a report reads of a case, from a row read in place or from a full state.
private struct RowFields: Hashable, Sendable {
    var caseId, person, protocolId, desk: String
    var targetGroup: Personal<TargetGroup>
    var openedOn: CivilDate
    var closedOn: CivilDate?
    var closeReason: CloseReason?
    var version: Int64
    var starts: [CivilDate]
    var placements: [CaseRow.Placement]

    init(_ r: CaseRow) throws {
        (caseId, person, protocolId, desk) = (r.caseId, r.personKey, r.protocolId, r.desk)
        (targetGroup, openedOn, closedOn, closeReason, version) = (try r.targetGroup(), r.openedOn, r.closedOn, r.closeReason, r.version)
        (starts, placements) = (r.traineeshipStarts, r.placements)
    }

    init(_ c: CaseState) {
        (caseId, person, protocolId, desk) = (c.caseId, c.person, c.protocolId, c.desk)
        (targetGroup, openedOn, closedOn, closeReason, version) = (c.targetGroup, c.openedOn, c.closedOn, c.closeReason, c.version)
        starts = c.traineeships.map(\.startOn)
        placements = c.placements.map {
            CaseRow.Placement(contract: $0.contract, months: $0.months, hoursPerWeek: $0.hoursPerWeek, startOn: $0.startOn, confirmedOn: $0.confirmedOn)
        }
    }
}
