import Crypto
import Foundation
public import Transparency

/// A witness's answer to an add-checkpoint request (C2SP tlog-witness status codes).
public enum WitnessAnswer: Sendable, Equatable {
    /// 200: the cosignature line(s).
    case cosigned(String)
    /// 400: the request is malformed, or goes backwards.
    case badRequest(String)
    /// 403: no trusted key of the log signed the checkpoint.
    case forbidden(String)
    /// 404: the witness does not know the log.
    case unknownLog(String)
    /// 409: the old size is not the witness's, or another tree of the same size was cosigned; carries the witness's size.
    case conflict(Int64)
    /// 422: the consistency proof does not verify.
    case badProof(String)
    /// 500: the state could not be saved; nothing was cosigned.
    case failed(String)
}

/// The witness's logic and state: for each trusted log, the latest checkpoint it cosigned,
/// kept in `<state>/<hex SHA-256 of origin>.checkpoint`, replaced durably (temporary file,
/// fsync, rename, fsync of the directory) before any cosignature leaves.
///
/// An actor: requests are answered one at a time, so two racing requests can never both
/// advance from the same size, and none can roll the state back.
public actor WitnessKeeper {
    private let signer: CosignatureSigner
    private let logs: [String: [NoteVerifier]]
    private let directory: String
    private var latest: [String: Checkpoint] = [:]
    private let now: @Sendable () -> UInt64

    /// A witness signing with `signer`, trusting `logs` (by key name, which is the origin), keeping state in `directory`.
    public init(signer: CosignatureSigner, logs: [NoteVerifier], directory: String,
                now: (@Sendable () -> UInt64)? = nil) throws {
        self.signer = signer
        self.logs = Dictionary(grouping: logs, by: \.name)
        self.directory = directory
        self.now = now ?? { UInt64(Date().timeIntervalSince1970) }
        try TileDirectory.makeDirectories(directory)
    }

    /// The latest cosigned tree size of `origin` (0 when none).
    public func size(of origin: String) throws -> Int64 {
        try state(of: origin)?.size ?? 0
    }

    /// Answers one add-checkpoint request body.
    public func add(_ body: [UInt8]) -> WitnessAnswer {
        let request: AddCheckpointRequest
        do { request = try AddCheckpointRequest(parsing: body) } catch { return .badRequest("\(error)") }
        guard let split = request.note.range(of: "\n\n", options: .backwards),
              let cp = try? Checkpoint(parsing: String(request.note[..<split.lowerBound]) + "\n")
        else { return .badRequest("the request does not carry a signed checkpoint") }
        guard let keys = logs[cp.origin] else { return .unknownLog("this witness does not know the log \(cp.origin)") }
        guard (try? SignedNote.open(request.note, verifiers: keys)) != nil else {
            return .forbidden("the checkpoint is not signed by a key this witness trusts for \(cp.origin)")
        }
        let stored: Checkpoint?
        do { stored = try state(of: cp.origin) } catch { return .failed("\(error)") }
        let size = stored?.size ?? 0
        guard request.oldSize == size else { return .conflict(size) }
        guard cp.size >= request.oldSize else { return .badRequest("the checkpoint's size \(cp.size) is smaller than the old size \(request.oldSize)") }
        if let stored, cp.size == stored.size, cp.rootHash != stored.rootHash { return .conflict(size) }
        do {
            try MerkleTree.verifyConsistency(fromSize: request.oldSize, toSize: cp.size, proof: request.proof,
                                             fromRoot: stored?.rootHash ?? MerkleHash.emptyRoot, toRoot: cp.rootHash)
        } catch {
            return .badProof("the consistency proof from \(request.oldSize) to \(cp.size) does not verify: \(error)")
        }
        do {
            if stored != cp {
                try TileDirectory.writeReplacing(file(for: cp.origin), Array(request.note.utf8), durable: true, mode: 0o600)
                latest[cp.origin] = cp
            }
            return .cosigned(try signer.signatureLine(checkpointText: cp.text, timestamp: now()))
        } catch {
            return .failed("cannot save the witness state: \(error)")
        }
    }

    private func state(of origin: String) throws -> Checkpoint? {
        if let cp = latest[origin] { return cp }
        guard let data = FileManager.default.contents(atPath: file(for: origin)) else { return nil }
        let note = String(decoding: data, as: UTF8.self)
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw PublicationError(.io, "the witness state \(file(for: origin)) is damaged")
        }
        let cp = try Checkpoint(parsing: String(note[..<split.lowerBound]) + "\n")
        latest[origin] = cp
        return cp
    }

    private func file(for origin: String) -> String {
        directory + "/" + SHA256.hash(data: Array(origin.utf8)).map { String(format: "%02x", $0) }.joined() + ".checkpoint"
    }
}
