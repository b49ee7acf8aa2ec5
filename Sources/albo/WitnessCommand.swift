import AlboNetwork
import AlboPublication
import ArgumentParser
import Foundation
import Transparency

/// `albo witness`: a C2SP tlog-witness for Albo logs (and any log with Ed25519 note keys).
struct WitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Run a witness that cosigns checkpoints of the logs it trusts (C2SP tlog-witness).",
        subcommands: [WitnessServeCommand.self]
    )
}

/// `albo witness serve`: the HTTP server.
struct WitnessServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /add-checkpoint until SIGTERM or SIGINT.",
        discussion: """
        Cosigns a checkpoint of a trusted log only if it extends the last one it cosigned for that \
        log (consistency proof), after saving it durably in the state directory: one file per log, \
        replaced atomically (temporary file, fsync, rename). Answers 200 with the cosignature, 400 \
        malformed, 403 not signed by the log's key, 404 unknown log, 409 (text/x.tlog.size, the \
        witness's size) when the old size is not the witness's or another tree of that size was \
        cosigned, 422 when the proof fails, 413 above \(WitnessServer.maxRequestBytes) bytes. Prints \
        "listening on HOST:PORT" once ready (port 0 picks a free port).
        """
    )

    @Option(help: ArgumentHelp("The witness signer key (from `albo keygen --witness`).", valueName: "file"))
    var key: String

    @Option(name: .customLong("log"), help: ArgumentHelp("A trusted log's verifier key file; its name is the log's origin (repeatable).", valueName: "vkeyfile"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("The directory keeping the latest cosigned checkpoint of each log (created if missing).", valueName: "dir"))
    var state: String

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host:port"))
    var listen: String = "127.0.0.1:7380"

    func validate() throws {
        if logs.isEmpty { throw ValidationError("give at least one --log VKEYFILE: the logs this witness trusts") }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port),
              colon != listen.startIndex else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7380")
        }
    }

    func run() throws {
        try runPublication {
            let signer = try WitnessKeys.signer(key)
            let verifiers = try logs.map(KeyFiles.verifier)
            let keeper = try WitnessKeeper(signer: signer, logs: verifiers, directory: state)
            let lock = try StateLock(directory: state)
            defer { lock.release() }
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else { return }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let name = signer.verifier.name
            // A parent may have blocked SIGTERM/SIGINT (threads inherit the mask): the graceful stop needs them.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGTERM)
            sigaddset(&signals, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            let bindHost = host
            try runBlocking {
                try await WitnessServer.run(keeper: keeper, host: bindHost, port: port) { bound in
                    Output.line("witness \(name) listening on \(bindHost):\(bound)")
                }
            }
        }
    }
}

/// An exclusive lock on the witness state directory: two witnesses sharing one state could
/// each cosign a different history.
struct StateLock {
    let fd: Int32

    init(directory: String) throws {
        fd = open(directory + "/lock", O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw CLIFailure(code: Exit.notFound, message: "cannot open \(directory)/lock: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw CLIFailure(code: Exit.usage, message: "another witness already uses the state directory \(directory); stop it first")
        }
    }

    func release() { close(fd) }
}
