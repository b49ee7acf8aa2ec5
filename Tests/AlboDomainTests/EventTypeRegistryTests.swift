import AlboDomain
import AlboTestSupport
import Foundation
import Testing

/// Each event type declares its name, version, personal fields and schema in one place; the
/// declarations must agree with Schemas/ and with what the stored envelope carries.
@Suite("Event type declarations and payload versions")
struct EventTypeRegistryTests {
    private func json(_ relative: String) throws -> [String: Any] {
        let url = Paths.packageRoot.appendingPathComponent("Schemas/" + relative)
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "\(relative)")
    }

    @Test("every type names its payload type, and each of its versions has a schema file")
    func schemaFiles_exist() throws {
        for type in EventType.allCases {
            let payload = type.payloadType
            #expect(payload.eventType == type)
            #expect(type.payloadVersion >= 1)
            for version in 1...type.payloadVersion {
                let file = payload.schemaFile(version: version)
                #expect(FileManager.default.fileExists(atPath: Paths.packageRoot.appendingPathComponent("Schemas/" + file).path),
                        "\(type.rawValue) v\(version) declares \(file), which is missing")
            }
        }
    }

    @Test("the envelope schema lists every type and sends its data to the current version's schema")
    func envelope_pointsAtCurrentVersion() throws {
        let envelope = try json("envelope.schema.json")
        let properties = try #require(envelope["properties"] as? [String: Any])
        let typeEnum = try #require((properties["type"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(typeEnum) == Set(EventType.allCases.map(\.rawValue)))
        let branches = try #require(envelope["allOf"] as? [[String: Any]])
        for type in EventType.allCases {
            let refs = branches.compactMap { branch -> String? in
                let cond = ((branch["if"] as? [String: Any])?["properties"] as? [String: Any])?["type"] as? [String: Any]
                guard cond?["const"] as? String == type.rawValue else { return nil }
                return (((branch["then"] as? [String: Any])?["properties"] as? [String: Any])?["data"] as? [String: Any])?["$ref"] as? String
            }
            #expect(refs == [type.payloadType.schemaFile(version: type.payloadVersion)], "\(type.rawValue): \(refs)")
        }
    }

    @Test("each declared personal field is a property of its type's schema, and the sealer's list is the declaration")
    func personalFields_inSchema() throws {
        var declared: [String: [String]] = [:]
        for type in EventType.allCases {
            let schema = try json(type.payloadType.schemaFile(version: type.payloadVersion))
            let properties = try #require(schema["properties"] as? [String: Any], "\(type.rawValue)")
            for field in type.personalFields {
                #expect(properties[field] != nil, "\(type.rawValue) declares personal field \(field), which its schema does not have")
            }
            #expect(PersonalFields.of(type) == type.personalFields)
            if !type.personalFields.isEmpty { declared[type.rawValue] = type.personalFields }
        }
        // The fields sealed in every store so far: changing them changes stored bytes. The
        // participant fields came with payload versions that older records do not hold.
        #expect(declared == ["CaseOpened": ["person", "referredBy", "targetGroup", "participant"], "TraineeshipStarted": ["host"],
                             "PlacementConfirmed": ["employer", "evidence"], "CaseClosed": ["resultsOnLeaving"],
                             "FollowUpRecorded": ["situation", "betterSituation"]])
    }

    @Test("the field lists kept per type are each type's own declaration")
    func fieldLists_areTheDeclarations() {
        for type in EventType.allCases {
            #expect(type.personalFields == type.payloadType.personalFieldNames, "\(type.rawValue)")
            #expect(type.structuredPersonalFields == type.payloadType.structuredFieldNames, "\(type.rawValue)")
        }
    }

    @Test("a payload's personal values are read from its declared fields")
    func personalValues_read() throws {
        let line = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"PlacementConfirmed","recordedBy":"op","data":{"caseId":"C-1","employer":"Ditta Rossi","contract":"permanent","startOn":"2023-02-01","confirmedOn":"2023-02-03","evidence":"UNILAV-1"}}"#
        let event = try #require(EventDecoder.decode(try JSONParser.parse(Array(line.utf8)), sink: ViolationSink(line: 1)))
        #expect(event.payload.personalValues.map(\.name) == ["employer", "evidence"])
        #expect(event.payload.personalValues.map(\.value) == ["Ditta Rossi", "UNILAV-1"])
    }

    // MARK: - The envelope's schema member

    private static let data: [String: JSONValue] = ["caseId": .string("C-1"), "reason": .string("placed"), "closedOn": .string("2023-05-01")]

    private func bytes(schema: Int) -> [UInt8] {
        var out: [UInt8] = []
        StoredRecord.canonicalBytes(data: Self.data, id: "00000000-0000-4000-8000-000000000001", recordedAt: "2024-01-01T00:00:00.000Z",
                                    recordedBy: "op", seq: 7, stream: "case:C-1", type: .caseClosed, version: 3, schema: schema, into: &out)
        return out
    }

    private func dictionary(schema: Int?) -> JSONValue {
        var o: [String: JSONValue] = ["data": .object(Self.data), "id": .string("00000000-0000-4000-8000-000000000001"),
                                      "recordedAt": .string("2024-01-01T00:00:00.000Z"), "recordedBy": .string("op"),
                                      "seq": .integer(7), "stream": .string("case:C-1"), "type": .string("CaseClosed"), "version": .integer(3)]
        if let schema { o["schema"] = .integer(Int64(schema)) }
        return .object(o)
    }

    @Test("version 1 writes no schema member; a later version writes it where RFC 8785 puts it")
    func schemaMember_canonicalPlace() throws {
        #expect(bytes(schema: 1) == CanonicalJSON.encode(dictionary(schema: nil)))
        let v3 = bytes(schema: 3)
        #expect(v3 == CanonicalJSON.encode(dictionary(schema: 3)))
        #expect(String(decoding: v3, as: UTF8.self).contains(#""recordedBy":"op","schema":3,"seq":7"#))
        #expect(try StoredRecord.parse(bytes(schema: 1), requireCanonical: true).schema == 1)
    }

    @Test("a record of a payload version this albo does not know, or with schema 1 written out, is refused")
    func schemaMember_refused() throws {
        // CaseClosed is at version 2 here: a version-3 record was written by a newer albo.
        #expect(CaseClosed.payloadVersion == 2)
        #expect {
            try StoredRecord.parse(bytes(schema: 3))
        } throws: { error in
            String(describing: error).contains("newer albo")
        }
        for text in [#""schema":1,"#, #""schema":"2","#, #""schema":0,"#] {
            let tampered = String(decoding: bytes(schema: 1), as: UTF8.self).replacingOccurrences(of: #""seq":"#, with: text + #""seq":"#)
            #expect(throws: StoredRecord.FormatError.self, "\(text)") { try StoredRecord.parse(Array(tampered.utf8)) }
        }
    }
}
