import Foundation
public import Transparency

/// The auditor's memory: the last checkpoint it verified, as the signed note it fetched.
public struct AuditState: Sendable {
    /// The state file.
    public let path: String

    /// A state kept in `path`.
    public init(path: String) {
        self.path = path
    }

    /// The last verified signed checkpoint, nil before the first audit.
    public func load() throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let note = String(data: data, encoding: .utf8) else {
            throw PublicationError(.io, "cannot read the audit state \(path)")
        }
        return note
    }

    /// Replaces the state with `note`, atomically and durably.
    public func save(_ note: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent) else {
            throw PublicationError(.notFound, "the directory of the audit state \(path) does not exist; create it first")
        }
        try TileDirectory.writeReplacing(path, Array(note.utf8), durable: true, mode: 0o600)
    }
}

/// A verified checkpoint: the signed note and its parsed body.
public struct VerifiedCheckpoint: Sendable {
    /// The signed note as fetched, with its cosignatures.
    public let note: String
    /// The checkpoint it signs.
    public let checkpoint: Checkpoint
    /// The witnesses whose cosignatures verified.
    public let cosigners: [String]

    /// Opens `note` with the log's key and checks at least `quorum` of `witnesses` cosigned it.
    public init(note: String, log: NoteVerifier, witnesses: [CosignatureVerifier], quorum: Int, what: String) throws {
        let opened: OpenedNote
        do { opened = try log.open(note: note) } catch {
            throw PublicationError(.unverified, "\(what) is not signed by the log key \(log.name): \(error)")
        }
        do { checkpoint = try Checkpoint(parsing: opened.text) } catch {
            throw PublicationError(.unverified, "\(what) is not a checkpoint: \(error)")
        }
        cosigners = witnesses.compactMap { $0.cosignature(in: note)?.name }
        guard cosigners.count >= quorum else {
            throw PublicationError(.unverified, "\(what) has \(cosigners.count) valid witness cosignature\(cosigners.count == 1 ? "" : "s") (\(cosigners.joined(separator: ", "))), fewer than the quorum of \(quorum)")
        }
        self.note = note
    }
}
