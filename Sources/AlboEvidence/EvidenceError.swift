/// Why an export could not be made; nothing was written.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, so the command line can pick its exit code.
    public enum Code: Sendable {
        /// The protocol is not in the log (as of the chosen size), or it was voided.
        case protocolNotFound
        /// The protocol pays no placements.
        case noPaymentTerms
        /// A bad period, as-of point or output directory: the request itself is wrong.
        case usage
        /// The signing key cannot be used.
        case badKey
        /// The claim needs personal data of an erased subject, or keys this user cannot read.
        case erased
    }

    public var code: Code
    public var description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The export error for a payment rule that cannot run.
    init(_ error: PaymentRuleError) {
        switch error.code {
        case .protocolNotFound: self.init(.protocolNotFound, error.description)
        case .noPaymentTerms: self.init(.noPaymentTerms, error.description)
        case .badPeriod, .amountOverflow: self.init(.usage, error.description)
        }
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
