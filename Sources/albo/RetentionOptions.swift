import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections
import AlboSealing

/// The retention years, shared by `albo retention` and `albo erase`.
struct RetentionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Years kept after the year of the last payment (else of the last case event), for the protocols --protocol-years does not name.", valueName: "n"))
    var years: Int = RetentionRule.defaultYears

    @Option(name: .customLong("protocol-years"), parsing: .singleValue,
            help: ArgumentHelp("A protocol's own retention years, when its funding requires more (or less) than --years; repeat for several. A subject with cases under several protocols is kept for the longest.", valueName: "protocol=n"),
            transform: Self.protocolYears)
    var protocolYears: [(String, Int)] = []

    func validate() throws {
        for n in [years] + protocolYears.map(\.1) where !(0...100).contains(n) {
            throw ValidationError("retention years must be between 0 and 100 (got \(n))")
        }
        let names = protocolYears.map(\.0)
        if Set(names).count != names.count { throw ValidationError("--protocol-years names a protocol twice") }
    }

    var policy: RetentionPolicy {
        RetentionPolicy(defaultYears: years, protocolYears: Dictionary(protocolYears, uniquingKeysWith: max))
    }

    static func protocolYears(_ text: String) throws -> (String, Int) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, Identifier.isValid(parts[0]), let n = Int(parts[1]) else {
            throw ArgumentProblem(description: "write PROTOCOL=YEARS, e.g. conv-trecate-2022=10")
        }
        return (parts[0], n)
    }
}

/// The retention listing both `retention` and `erase` use.
enum Retention {
    /// Today, as a calendar date (UTC).
    static func today() throws -> CivilDate {
        guard let day = CivilDate(String(Timestamp.now().prefix(10))) else {
            throw CLIFailure(code: Exit.internalError, message: "the clock gives no calendar date")
        }
        return day
    }

    /// Every subject of a sealed store not yet erased, with their retention, sorted by date;
    /// and the store's keys (exit 64 on an unsealed store).
    static func entries(_ ledger: Ledger, _ policy: RetentionPolicy) throws -> ([RetentionEntry], Keyring) {
        guard ledger.isSealed else {
            throw CLIFailure(code: Exit.usage, message: "the store at \(ledger.path) does not seal personal fields (it was created before sealing): it has no subjects to keep or erase")
        }
        let keyring = try ledger.reader.keyring()
        let entries = try ProjectionRunner(store: ledger).read(asOf: nil) { view in
            let paid = try view.lastPaymentDates()
            return try view.retention(policy, lastPaidOn: { paid[$0] })
        }
        return (entries, keyring)
    }

    /// The subjects whose retention has run out on `day`, with no open case, sorted by date.
    static func expired(_ ledger: Ledger, _ policy: RetentionPolicy, on day: CivilDate) throws -> ([RetentionEntry], Keyring) {
        let (all, keyring) = try entries(ledger, policy)
        return (all.filter { $0.isExpired(on: day) }, keyring)
    }
}
