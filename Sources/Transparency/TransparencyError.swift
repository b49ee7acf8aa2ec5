/// An error from tree math, proofs, keys, signed notes or checkpoints: a stable code and a sentence for people.
public struct TransparencyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; a struct rather than an enum so new codes break no `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable identifier, e.g. `proof-mismatch`.
        public let rawValue: String

        /// Creates a code from its identifier.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// A size or index is negative, out of range, or in the wrong order.
        public static let invalidArgument = Code("invalid-argument")
        /// A `HashReader` failed to provide the requested stored hashes.
        public static let hashNotFound = Code("hash-not-found")
        /// A proof has the wrong number of hashes for its sizes.
        public static let malformedProof = Code("malformed-proof")
        /// A proof or tree recomputes to a root different from the expected one: tampering or inconsistency.
        public static let proofMismatch = Code("proof-mismatch")
        /// A signer or verifier key text cannot be parsed or its key id does not match the key.
        public static let malformedKey = Code("malformed-key")
        /// A signed note or the text to sign breaks the signed-note format.
        public static let malformedNote = Code("malformed-note")
        /// A known key's signature on a note does not verify.
        public static let invalidSignature = Code("invalid-signature")
        /// A note parsed but carries no signature from any known key.
        public static let unverifiedNote = Code("unverified-note")
        /// Two known verifiers share a name and key id, so a signature cannot be attributed.
        public static let ambiguousKey = Code("ambiguous-key")
        /// A checkpoint body breaks the C2SP tlog-checkpoint format.
        public static let malformedCheckpoint = Code("malformed-checkpoint")
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and, where useful, what to do about it.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
