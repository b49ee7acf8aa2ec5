/// Why a report could not be written, with a sentence a person understands.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for the exit code.
    public struct Code: Sendable, Hashable {
        let raw: Int
        /// A bad argument: scope, `--as-of`, output directory.
        public static let usage = Code(raw: 1)
        /// The store holds nothing to report on (an empty log, an unknown protocol).
        public static let notFound = Code(raw: 2)
        /// The output could not be written.
        public static let io = Code(raw: 3)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
