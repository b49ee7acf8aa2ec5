import AlboDomain
import AlboSealing
import AlboTestSupport
import Foundation
import Testing

/// Sealing a record's canonical bytes in one pass gives exactly the bytes of sealing the
/// parsed object and encoding it again, the way every sealed store so far was written.
@Suite("Record sealing on canonical bytes")
struct RecordSealingTests {
    static let key = SubjectKey(bytes: (0..<32).map { UInt8($0 * 11 % 256) })!
    static let subject = SubjectReference.make(from: Array(repeating: 0x3C, count: 16))

    /// The input events of `text` (one NDJSON line each), as the append path reads them.
    static func events(_ text: String) -> [IncomingEvent] {
        var reader = RecordReader()
        return text.split(separator: "\n").compactMap { line in
            var line = String(line)
            return line.withUTF8 { try? reader.event(UnsafeRawBufferPointer($0), sink: ViolationSink(line: 1)) } ?? nil
        }
    }

    /// The bytes every sealed store was written with: parse, seal the object, encode.
    static func sealedByObject(_ event: IncomingEvent) throws -> [UInt8] {
        guard case .object(let data) = try JSONParser.parse(event.dataBytes) else { throw JSONSyntaxError(offset: 0, message: "not an object") }
        return CanonicalJSON.encode(.object(RecordSealing.seal(data, type: event.type, eventId: event.id, subject: subject, key: key)))
    }

    /// A line of `type` with `data`, written as JSON text.
    static func line(_ type: String, _ id: Int, _ data: [String: JSONValue]) -> String {
        let envelope: JSONValue = .object(["id": .string(String(format: "a0000000-0000-4000-8000-%012x", id)), "type": .string(type),
                                           "recordedBy": .string("op"), "data": .object(data)])
        return String(decoding: CanonicalJSON.encode(envelope), as: UTF8.self)
    }

    /// Text that needs escaping or sorts oddly in UTF-16: quotes, backslashes, U+2028,
    /// a private-use character and one outside the BMP.
    static let awkwardTexts = ["Caf\u{e9} \"Rossi\" Srl", "back\\slash", "\u{2028}sep", "\u{E000}pua",
                               "\u{1F600} smile", "plain text", "/slash/", "\u{FFFF}\u{10FFFF} edge"]

    @Test("every ESF+ scenario line is sealed in one pass to the bytes of the parsed path, and none falls back")
    func esfScenario_sameBytes() throws {
        let dir = try TempDirectory()
        let file = dir.path + "/esf.ndjson"
        #expect(try Subprocess.python([Paths.tool("generate.py"), "esf", "--out", file]).code == 0)
        let events = Self.events(try String(contentsOfFile: file, encoding: .utf8))
        var sealed = 0
        for event in events where !event.type.personalFields.isEmpty {
            let fast = RecordSealing.seal(canonical: event.dataBytes, type: event.type, eventId: event.id, subject: Self.subject, key: Self.key)
            #expect(fast == (try Self.sealedByObject(event)), "\(event.id)")
            if fast != nil { sealed += 1 }
        }
        // Structured fields (participant, resultsOnLeaving, betterSituation) are among them.
        #expect(sealed > 1000 && sealed == events.filter { !$0.type.personalFields.isEmpty }.count)
        #expect(events.contains { $0.type == .followUpRecorded } && events.contains { String(decoding: $0.dataBytes, as: UTF8.self).contains("participant") })
    }

    @Test("values that need escaping: one pass where it can, the parsed path where it declines, the same bytes either way")
    func awkwardValues_sameBytes() throws {
        var lines: [String] = []
        for (i, text) in Self.awkwardTexts.enumerated() {
            lines.append(Self.line("CaseOpened", i, ["caseId": .string("C-\(i)"), "person": .string("P-\(i)"), "protocolId": .string("p"),
                                                     "desk": .string(text), "targetGroup": .string("other"), "openedOn": .string("2023-01-02"),
                                                     "referredBy": .string(text), "caseManager": .string(text)]))
            lines.append(Self.line("PlacementConfirmed", 100 + i, ["caseId": .string("C-\(i)"), "employer": .string(text), "contract": .string("permanent"),
                                                                   "startOn": .string("2023-03-01"), "confirmedOn": .string("2023-03-05"),
                                                                   "evidence": .string("U-\(i)")]))
            lines.append(Self.line("TraineeshipStarted", 200 + i, ["caseId": .string("C-\(i)"), "traineeshipId": .string("T-\(i)"), "host": .string(text),
                                                                   "kind": .string("extracurricular"), "startOn": .string("2023-04-01"),
                                                                   "plannedEndOn": .string("2023-09-01")]))
        }
        let events = Self.events(lines.joined(separator: "\n"))
        #expect(events.count == lines.count)
        var onePass = 0
        for event in events {
            let fast = RecordSealing.seal(canonical: event.dataBytes, type: event.type, eventId: event.id, subject: Self.subject, key: Self.key)
            let slow = try Self.sealedByObject(event)
            if let fast {
                #expect(fast == slow, "\(String(decoding: event.dataBytes, as: UTF8.self))")
                onePass += 1
            }
            // A personal value without an escape is sealed in one pass.
            let escaped = event.dataBytes.contains(UInt8(ascii: "\\"))
            #expect(escaped || fast != nil, "\(String(decoding: event.dataBytes, as: UTF8.self))")
        }
        #expect(onePass >= 2 * Self.awkwardTexts.count)
    }

    @Test("the subject is added where key order puts it, and a sealed value is the field sealer's")
    func subjectPlacement() throws {
        let line = Self.line("CaseOpened", 1, ["caseId": .string("C-1"), "person": .string("P-1"), "protocolId": .string("p"), "desk": .string("D"),
                                               "targetGroup": .string("other"), "openedOn": .string("2023-01-02"), "referredBy": .string("CPI")])
        let event = try #require(Self.events(line).first)
        let fast = try #require(RecordSealing.seal(canonical: event.dataBytes, type: event.type, eventId: event.id, subject: Self.subject, key: Self.key))
        guard case .object(let members) = try JSONParser.parse(fast) else { Issue.record("not an object"); return }
        #expect(members["subject"] == .string(Self.subject))
        #expect(members["person"] == .string(FieldSealer.seal("P-1", field: "person", eventId: event.id, subject: Self.subject, key: Self.key).text))
        #expect(members["desk"] == .string("D"))
        let text = String(decoding: fast, as: UTF8.self)
        let referredBy = try #require(text.range(of: "\"referredBy\":")), subject = try #require(text.range(of: "\"subject\":"))
        let targetGroup = try #require(text.range(of: "\"targetGroup\":"))
        #expect(referredBy.lowerBound < subject.lowerBound && subject.lowerBound < targetGroup.lowerBound)
    }
}
