/// Why the payment rules could not run, or an export or output directory could not be
/// made (nothing was written): one error type for AlboEvidence, with a code the command
/// line maps to an exit code. A bundle that fails verification is a `BundleFailure`, the
/// list of its problems, not an error of this kind.
public struct EvidenceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure: a struct over private cases, so a new code breaks no caller's switch.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case protocolNotFound, noPaymentTerms, badPeriod, amountOverflow, usage, badKey, writeFailed, erased
            case claimNotFound, claimVoided, claimUnsupported, damaged
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The protocol is not in the log (as of the chosen size), or it was voided.
        public static let protocolNotFound = Code(.protocolNotFound)
        /// The protocol pays no placements.
        public static let noPaymentTerms = Code(.noPaymentTerms)
        /// A claim period that ends before it starts.
        public static let badPeriod = Code(.badPeriod)
        /// A claim whose total does not fit 64-bit cents.
        public static let amountOverflow = Code(.amountOverflow)
        /// A bad as-of point or output directory: the request itself is wrong.
        public static let usage = Code(.usage)
        /// The signing key cannot be used.
        public static let badKey = Code(.badKey)
        /// Writing, syncing or renaming output files failed.
        public static let writeFailed = Code(.writeFailed)
        /// The claim needs personal data of an erased subject, or keys this user cannot read.
        public static let erased = Code(.erased)
        /// A record to be signed is not what the log's tree commits to: the store is damaged.
        public static let damaged = Code(.damaged)

        /// No claim with that id is filed.
        public static let claimNotFound = Code(.claimNotFound)
        /// The claim was voided: it states nothing.
        public static let claimVoided = Code(.claimVoided)
        /// The log no longer gives the claim's lines at its position: damage.
        public static let claimUnsupported = Code(.claimUnsupported)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}

/// One thing wrong with a bundle, located as precisely as the verifier can.
public struct BundleProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bundle file at fault.
    public var file: String
    /// The 1-based line in that file, when one line is at fault.
    public var line: Int?
    /// The event concerned, when one is.
    public var seq: UInt64?
    public var message: String

    public init(file: String, line: Int? = nil, seq: UInt64? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.seq = seq
        self.message = message
    }

    /// `file line L (seq S): message`.
    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let seq { place += " (seq \(seq))" }
        return place + ": " + message
    }

    /// A problem's message before its place is known.
    public struct Detail: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }
}
