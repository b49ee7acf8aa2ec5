import AlboDomain
import Foundation
import Transparency

/// Key files as `albo keygen` writes them. A missing file is exit 66; a file that is not
/// the expected key is invalid input, exit 65 — the same for every command.
enum KeyFiles {
    /// The signer key (`PRIVATE+KEY+name+keyid+base64`) in `path`.
    static func signer(_ path: String) throws -> NoteSigner {
        let text = try firstLine(path)
        do { return try NoteSigner(keyText: text) } catch {
            throw CLIFailure(code: Exit.invalidInput, message: "\(path) is not a signer key (PRIVATE+KEY+name+keyid+base64, as `albo keygen` writes): \(Excerpt.of("\(error)", limit: 4 * Excerpt.limit))")
        }
    }

    /// The verifier key (`name+keyid+base64`, the .pub file of `albo keygen`) in `path`.
    static func verifier(_ path: String) throws -> NoteVerifier {
        let text = try firstLine(path)
        do { return try NoteVerifier(keyText: text) } catch {
            throw CLIFailure(code: Exit.invalidInput, message: "\(path) is not a verifier key (name+keyid+base64, the .pub file of `albo keygen`): \(Excerpt.of("\(error)", limit: 4 * Excerpt.limit))")
        }
    }

    private static func firstLine(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(code: Exit.notFound, message: "cannot read key file \(path)")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}
