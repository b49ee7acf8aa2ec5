import Foundation

extension PaymentExporter.Bundle {
    /// Writes the bundle to `path`, which must not exist or be an empty directory.
    ///
    /// The files go into a fresh directory beside `path`, which is then renamed onto it:
    /// a failed export leaves nothing half-written. Owner-only permissions, as for the
    /// store: a bundle holds pseudonymous personal data, disability included.
    public func write(to path: String) throws {
        // Any failure to write is reported as a usage error (64), as it always was for bundles.
        do { try OutputDirectory.write(files, to: path, what: "bundle") } catch { throw EvidenceError(.usage, error.description) }
    }

    /// Checks that `path` can receive a bundle (missing, or an empty directory, in an existing
    /// parent), so the command line can refuse before any work; `write` checks again.
    public static func checkDestination(_ path: String) throws {
        do { try OutputDirectory.check(path, what: "bundle") } catch { throw EvidenceError(.usage, error.description) }
    }
}
