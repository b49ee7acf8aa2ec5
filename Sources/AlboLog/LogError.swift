/// Why the log could not do what it was asked: one error type for AlboLog, with a code the
/// command line maps to an exit code and a message that says what happened.
///
/// A batch that breaks rules is not a `LogError`: `AppendRejected` lists its violations.
public struct LogError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure: a struct over private cases (swift-service-lifecycle's habit),
    /// so that a new code breaks no caller's exhaustive switch.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case storeNotFound, notAStore, permissionDenied, readOnly, badOrigin
            case inputUnreadable, badAsOf, badProofRequest
            case backupDestinationNotEmpty, backupParentMissing, backupFailed
            case corrupt, misuse
            case notSealed, keysUnreadable, keysFailed, keysDamaged, diskFull
            case newerFormat, scratchFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No store at the path, or its directory cannot be created.
        public static let storeNotFound = Code(.storeNotFound)
        /// The path holds something that is not an Albo store, or its lock cannot be taken.
        public static let notAStore = Code(.notAStore)
        /// The store cannot be read by this user.
        public static let permissionDenied = Code(.permissionDenied)
        /// A write was asked of a store open (or only openable) read-only.
        public static let readOnly = Code(.readOnly)
        /// An origin that cannot be a checkpoint's first line.
        public static let badOrigin = Code(.badOrigin)
        /// An input file that is missing, not a file, or unreadable.
        public static let inputUnreadable = Code(.inputUnreadable)
        /// An `--as-of` that is malformed or past the end of the log.
        public static let badAsOf = Code(.badAsOf)
        /// A proof or checkpoint for a size the log has not reached, or that cannot exist.
        public static let badProofRequest = Code(.badProofRequest)
        /// A backup destination that exists and is not an empty directory.
        public static let backupDestinationNotEmpty = Code(.backupDestinationNotEmpty)
        /// A backup destination whose parent directory does not exist.
        public static let backupParentMissing = Code(.backupParentMissing)
        /// Copying, syncing or renaming a backup failed.
        public static let backupFailed = Code(.backupFailed)
        /// The store is not what the log wrote: found while reading, reported by `verify`.
        public static let corrupt = Code(.corrupt)
        /// A caller broke the log's contract (a projection database outside its namespace).
        public static let misuse = Code(.misuse)
        /// Erasure asked of a store created before personal fields were sealed.
        public static let notSealed = Code(.notSealed)
        /// The sealing keys cannot be read by this user, or are not a keys file.
        public static let keysUnreadable = Code(.keysUnreadable)
        /// Writing or syncing the sealing keys failed.
        public static let keysFailed = Code(.keysFailed)
        /// The store was written in a later on-disk format than this albo reads.
        public static let newerFormat = Code(.newerFormat)
        /// The sealing keys are missing, damaged, or not what the log needs (exit 2).
        public static let keysDamaged = Code(.keysDamaged)
        /// The disk (or the user's quota) is full: nothing was written.
        public static let diskFull = Code(.diskFull)
        /// The private directory a replay works in cannot be created.
        public static let scratchFailed = Code(.scratchFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What happened, naming the path, value or record.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
