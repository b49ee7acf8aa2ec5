import Foundation
import NIOHTTP1
import AlboPublication
public import Transparency

/// A witness the publisher asks: where it listens and its cosigner key.
public struct Witness: Sendable {
    /// The witness URL prefix; requests go to `<url>/add-checkpoint`.
    public let url: String
    /// The witness's public key (type 0x04).
    public let key: CosignatureVerifier

    /// A witness at `url` with `key`.
    public init(url: String, key: CosignatureVerifier) {
        self.url = url.hasSuffix("/add-checkpoint") ? String(url.dropLast("/add-checkpoint".count)) : (url.hasSuffix("/") ? String(url.dropLast()) : url)
        self.key = key
    }
}

/// Cosignatures gathered for one checkpoint.
public struct CollectedCosignatures: Sendable {
    /// The verified signature lines, each ending in "\n", to append to the note.
    public var lines: [String] = []
    /// The witnesses who cosigned.
    public var names: [String] = []
}

/// The publisher's side of C2SP tlog-witness: asks each witness to cosign, learning its
/// tree size from a 409 and asking again from there.
public enum WitnessCollection {
    /// Asks `witnesses` to cosign `note` (which signs `checkpoint`); throws `.unavailable` with every
    /// witness's reason when fewer than `quorum` cosigned. `proof(n)` is the consistency proof from
    /// size n to the checkpoint's, computed on the calling thread; `guess` is the first old size tried.
    public static func collect(note: String, checkpoint: Checkpoint, witnesses: [Witness], quorum: Int, http: HTTPFetch,
                               guess: Int64, proof: (Int64) throws -> [TreeHash]) throws -> CollectedCosignatures {
        var collected = CollectedCosignatures()
        var problems: [String: String] = [:]
        var pending = Dictionary(uniqueKeysWithValues: witnesses.indices.map { ($0, min(guess, checkpoint.size)) })
        var asked: [Int: Set<Int64>] = [:]
        for _ in 0..<3 where !pending.isEmpty {
            var requests: [(Int, String)] = []
            for (i, old) in pending.sorted(by: { $0.key < $1.key }) {
                asked[i, default: []].insert(old)
                requests.append((i, AddCheckpointRequest(oldSize: old, proof: try proof(old), note: note).body))
            }
            pending = [:]
            let batch = requests
            let answers = try runBlocking { try await send(batch, to: witnesses, http: http) }
            for (i, status, body) in answers {
                let witness = witnesses[i]
                let text = String(decoding: body, as: UTF8.self)
                switch status {
                case 200:
                    let lines = text.split(separator: "\n").map { String($0) }.filter { witness.key.verify(line: $0, checkpointText: checkpoint.text) != nil }
                    if let line = lines.first {
                        collected.lines.append(line + "\n")
                        collected.names.append(witness.key.name)
                    } else {
                        problems[witness.url] = "its answer carries no valid cosignature by \(witness.key.name)"
                    }
                case 409:
                    guard let size = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                        problems[witness.url] = "409 without a tree size"
                        continue
                    }
                    if size > checkpoint.size {
                        problems[witness.url] = "it cosigned a tree of \(size) entries, larger than this log's \(checkpoint.size): it saw another history"
                    } else if asked[i, default: []].contains(size) {
                        problems[witness.url] = "it cosigned another tree of \(size) entries: a fork"
                    } else {
                        pending[i] = size
                    }
                case -1:
                    problems[witness.url] = text
                default:
                    problems[witness.url] = "HTTP \(status): \(text.prefix(300))"
                }
            }
        }
        guard collected.names.count >= quorum else {
            let reasons = problems.sorted(by: { $0.key < $1.key }).map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            throw PublicationError(.unavailable, "\(collected.names.count) of \(witnesses.count) witnesses cosigned, the quorum is \(quorum); nothing was replaced (\(reasons))")
        }
        return collected
    }

    /// Sends every request at once; a witness that cannot be reached answers status -1 with the reason.
    static func send(_ requests: [(Int, String)], to witnesses: [Witness], http: HTTPFetch) async throws -> [(Int, Int, [UInt8])] {
        try await withThrowingTaskGroup(of: (Int, Int, [UInt8]).self) { group in
            for (i, body) in requests {
                let url = witnesses[i].url + "/add-checkpoint"
                group.addTask {
                    do {
                        let answer = try await http.exchange(url, method: .POST, body: Array(body.utf8))
                        return (i, answer.status, answer.body)
                    } catch {
                        return (i, -1, Array("\(error)".utf8))
                    }
                }
            }
            var answers: [(Int, Int, [UInt8])] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }
}
