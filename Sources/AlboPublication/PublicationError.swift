/// An error of publishing, auditing or witnessing a log: a stable code and a sentence for people.
public struct PublicationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; a struct so new codes break no `switch`.
    public struct Code: Hashable, Sendable {
        /// A short stable identifier.
        public let rawValue: String
        /// Creates a code.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// The log (or what a server serves) contradicts what was verified before: a fork, a rewrite, a shrink, a bad tile.
        public static let inconsistent = Code("inconsistent")
        /// A signature or cosignature quorum does not verify.
        public static let unverified = Code("unverified")
        /// A server, witness or file is unreachable or keeps failing.
        public static let unavailable = Code("unavailable")
        /// A file or directory cannot be written or read.
        public static let io = Code("io")
        /// The request does not make sense (another log's directory, a bad URL).
        public static let usage = Code("usage")
        /// Something expected is not there (a checkpoint, a state file's directory).
        public static let notFound = Code("not-found")
    }

    /// The kind of failure.
    public let code: Code
    /// What happened.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
