/// Why a projection query or run failed, with a sentence a person understands.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for the exit code.
    public struct Code: Sendable, Hashable {
        let raw: Int
        /// The named case, protocol or projection does not exist (at the requested size).
        public static let notFound = Code(raw: 1)
        /// A filter, date or `--as-of` value is malformed.
        public static let usage = Code(raw: 2)
        /// A projection's stored bytes cannot be read back: rebuild it.
        public static let corrupt = Code(raw: 3)
        /// The store is open read-only, and the run needs to write projections.
        public static let readOnly = Code(raw: 4)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
