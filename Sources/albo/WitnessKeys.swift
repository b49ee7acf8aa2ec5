import AlboNetwork
import Foundation
import Transparency

/// Witness key files (`albo keygen --witness`) and `--witness URL=VKEYFILE` options.
enum WitnessKeys {
    /// The witness verifier key (type 0x04) in `path`.
    static func verifier(_ path: String) throws -> CosignatureVerifier {
        let text = try firstLine(path)
        do { return try CosignatureVerifier(keyText: text) } catch {
            throw CLIFailure(code: Exit.invalidInput, message: "\(path) is not a witness verifier key (the .pub file of `albo keygen --witness`): \(error)")
        }
    }

    /// The witness signer key in `path`.
    static func signer(_ path: String) throws -> CosignatureSigner {
        let text = try firstLine(path)
        do { return try CosignatureSigner(keyText: text) } catch {
            throw CLIFailure(code: Exit.invalidInput, message: "\(path) is not a witness signer key (written by `albo keygen --witness`): \(error)")
        }
    }

    /// A `--witness URL=VKEYFILE` option.
    static func witness(_ option: String) throws -> Witness {
        guard let split = option.lastIndex(of: "="), split != option.startIndex else {
            throw CLIFailure(code: Exit.usage, message: "--witness \(option): expected URL=VKEYFILE, e.g. http://127.0.0.1:7380=witness.pub")
        }
        let url = String(option[..<split])
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw CLIFailure(code: Exit.usage, message: "--witness \(option): the witness URL must start with http:// or https://")
        }
        return Witness(url: url, key: try verifier(String(option[option.index(after: split)...])))
    }

    private static func firstLine(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(code: Exit.notFound, message: "cannot read key file \(path)")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}

/// `--witness VKEYFILE … --quorum N` for commands that check a signed checkpoint.
struct WitnessQuorum {
    let witnesses: [CosignatureVerifier]
    let quorum: Int

    /// Loads the key files; the quorum defaults to all of them.
    init(files: [String], quorum: Int?) throws {
        witnesses = try files.map(WitnessKeys.verifier)
        self.quorum = quorum ?? witnesses.count
        guard (0...witnesses.count).contains(self.quorum) else {
            throw CLIFailure(code: Exit.usage, message: "--quorum must be between 0 and the number of --witness keys (\(witnesses.count))")
        }
    }

    /// Nil when at least `quorum` witnesses cosigned `note`; else what is missing.
    func problem(in note: String) -> String? {
        let cosigners = witnesses.compactMap { $0.cosignature(in: note)?.name }
        guard cosigners.count < quorum else { return nil }
        return "the checkpoint has \(cosigners.count) valid witness cosignature\(cosigners.count == 1 ? "" : "s")"
            + (cosigners.isEmpty ? "" : " (\(cosigners.joined(separator: ", ")))") + ", fewer than the quorum of \(quorum)"
    }
}
