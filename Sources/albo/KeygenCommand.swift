import AlboDomain
import AlboLog
import ArgumentParser
import Foundation
import Transparency

/// `albo keygen`: an Ed25519 signing key in Go's note format.
struct KeygenCommand: ParsableCommand {
    /// The longest key name keygen accepts, in UTF-8 bytes. C2SP signed notes set no limit,
    /// but a name is repeated in every signature line: 256 bytes is ample for an origin-like
    /// name and keeps a typo (or a pasted file) out of every checkpoint.
    static let maxNameBytes = 256

    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key for signing checkpoints (Go sumdb/note text form).",
        discussion: """
        Writes the signer key to FILE (mode 0600) and the verifier key to FILE.pub and standard \
        output. Existing files are never overwritten, and either both files are written or \
        neither is. The name is at most \(maxNameBytes) bytes of UTF-8, without spaces, '+' \
        or control characters (C2SP signed-note key names).
        """
    )

    @Option(help: ArgumentHelp("The key name (appears in signature lines), e.g. trecate.example/albo; at most \(maxNameBytes) bytes, no spaces or '+'.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Where to write the signer key.", valueName: "file"))
    var out: String

    @Flag(help: "Make a witness cosigner key instead (C2SP tlog-cosignature, verifier key type 0x04), for `albo witness serve`.")
    var witness = false

    func run() throws {
        try runReporting {
            guard name.utf8.count <= Self.maxNameBytes else {
                throw CLIFailure(code: Exit.usage, message: "the key name \"\(Excerpt.of(name))\" has \(name.utf8.count) bytes; a key name has at most \(Self.maxNameBytes)")
            }
            for path in [out, out + ".pub"] where FileManager.default.fileExists(atPath: path) {
                throw CLIFailure(code: Exit.usage, message: "\(path) already exists; choose another --out (keys are never overwritten)")
            }
            let keys: (signerKey: String, verifierKey: String)
            do { keys = witness ? try CosignatureSigner.generate(name: name) : try NoteSigner.generate(name: name) } catch {
                throw CLIFailure(code: Exit.usage, message: "invalid key name \"\(Excerpt.of(name))\": it must be non-empty, without '+', spaces or control characters")
            }
            try writeNewFiles([(out, keys.signerKey + "\n", 0o600), (out + ".pub", keys.verifierKey + "\n", 0o644)])
            Output.line(keys.verifierKey)
        }
    }
}

/// Creates every file (none may exist) with its mode and text, or none of them: each is
/// written and fsynced under a temporary name in its directory, then linked into place
/// (link, unlike rename, never replaces a file that appeared meanwhile). On any failure
/// the temporary files and the files already placed are removed.
func writeNewFiles(_ files: [(path: String, text: String, mode: mode_t)]) throws {
    var temporaries: [String] = []
    var placed: [String] = []
    func cleanUp() {
        for path in temporaries + placed { unlink(path) }
    }
    func failure(_ path: String) -> CLIFailure {
        CLIFailure(code: Exit.usage, message: "cannot create \(path): \(String(cString: strerror(errno))); nothing was written")
    }
    do {
        for (index, file) in files.enumerated() {
            let temporary = PathName(file.path).parent + "/.albo-new-\(getpid())-\(index)-\(UInt32.random(in: .min ... .max))"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, file.mode)
            guard fd >= 0 else { throw failure(file.path) }
            temporaries.append(temporary)
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: Data(file.text.utf8))
            fchmod(fd, file.mode)
            guard fsync(fd) == 0 else { throw failure(file.path) }
        }
        for (file, temporary) in zip(files, temporaries) {
            guard link(temporary, file.path) == 0 else { throw failure(file.path) }
            placed.append(file.path)
        }
        for temporary in temporaries { unlink(temporary) }
    } catch {
        cleanUp()
        throw error
    }
}
