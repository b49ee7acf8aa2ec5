import ArgumentParser
import Foundation
import Transparency

/// `albo keygen`: an Ed25519 signing key in Go's note format.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key for signing checkpoints (Go sumdb/note text form).",
        discussion: "Writes the signer key to FILE (mode 0600) and the verifier key to FILE.pub and standard output. Existing files are never overwritten."
    )

    @Option(help: ArgumentHelp("The key name (appears in signature lines), e.g. trecate.example/albo.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Where to write the signer key.", valueName: "file"))
    var out: String

    func run() throws {
        try runReporting {
            for path in [out, out + ".pub"] where FileManager.default.fileExists(atPath: path) {
                throw CLIFailure(code: Exit.usage, message: "\(path) already exists; choose another --out (keys are never overwritten)")
            }
            let keys: (signerKey: String, verifierKey: String)
            do { keys = try NoteSigner.generate(name: name) } catch {
                throw CLIFailure(code: Exit.usage, message: "invalid key name \"\(name)\": \(error)")
            }
            try writeNew(out, keys.signerKey + "\n", mode: 0o600)
            try writeNew(out + ".pub", keys.verifierKey + "\n", mode: 0o644)
            Output.line(keys.verifierKey)
        }
    }
}

/// Creates `path` with `mode` (failing if it exists) and writes `text`.
func writeNew(_ path: String, _ text: String, mode: mode_t) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
    guard fd >= 0 else { throw CLIFailure(code: Exit.usage, message: "cannot create \(path): \(String(cString: strerror(errno)))") }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    try handle.write(contentsOf: Data(text.utf8))
    fchmod(fd, mode)
}
