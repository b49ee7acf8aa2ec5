import AlboTestSupport
import AlboDomain
import Foundation
import Testing

/// A subject's retention runs from the last payment covering their placements (a live
/// `ClaimPaid`), not from their last case event, under its legal basis.
@Suite struct RetentionFromPaymentTests {
    @Test func retention_runsFromTheClaimsPayment() throws {
        let s = try ClaimTests.Sesto()
        let filed = try s.json(["claim", "--protocol", ClaimTests.pid, "--from", "2019-01-01", "--to", "2019-06-30"])
        let claimId = try #require(filed["claimId"]?.stringValue)
        let today = ClaimTests.today()
        let year = try #require(Int(today.prefix(4)))
        func listed(on day: String) throws -> [[String: JSONValue]] {
            let r = try s.run(["retention", "--on", day, "--json"])
            try #require(r.code == 0, "\(r.stderr)")
            return try #require(try JSONParser.parse(Array(r.stdout.utf8)).arrayValue).compactMap(\.objectValue)
        }
        let before = try listed(on: "\(year + 4)-01-01")
        // The claimed placements' persons, before the claim is paid: kept from their last case event (2019–2020).
        let bundle = try s.exportVerified(claimId, "claim")
        let persons = Set(try ClaimTests.text(bundle + "/payments.csv").split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[3]) })
        #expect(persons.count == 12)
        // Those past retention before the payment (the others have an open or a later case).
        let expired = persons.intersection(before.compactMap { $0["person"]?.stringValue })
        #expect(expired.count >= 8, "\(expired)")

        #expect(try s.run(["claim", "pay", claimId, "--paid-on", today, "--amount", "2150000"]).code == 0)
        let after = try listed(on: "\(year + 4)-01-01")
        #expect(after.allSatisfy { $0["person"]?.stringValue.map(persons.contains) == false }, "paid this year: kept five years more")
        #expect(after.count == before.count - expired.count)
        #expect(after.allSatisfy { $0["lastPaidOn"] == nil && $0["basis"]?.stringValue == "Reg. (UE) 2021/1060 art. 82; GDPR art. 17(3)(b)" })
        let later = try listed(on: "\(year + 6)-01-01").filter { $0["person"]?.stringValue.map(expired.contains) == true }
        #expect(later.count == expired.count)
        #expect(later.allSatisfy { $0["lastPaidOn"]?.stringValue == today && $0["retainedUntil"]?.stringValue == "\(year + 5)-12-31" })
    }
}
