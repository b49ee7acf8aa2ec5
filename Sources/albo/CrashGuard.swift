import ArgumentParser
import Foundation

/// Runs a reading command in a child process, so that damaged storage is reported, never
/// a crash.
///
/// LMDB trusts the pages it maps: a flipped byte in a branch page or a node header can send
/// it outside the map (SIGSEGV, SIGBUS) before any check of ours runs, and no Swift code can
/// catch that. The parent re-runs the same command line with `ALBO_GUARDED` set, passing its
/// standard streams straight through, and turns a child killed by SIGSEGV or SIGBUS into
/// "the store is damaged", exit 2.
enum CrashGuard {
    static let variable = "ALBO_GUARDED"

    /// In the parent: runs the command in a child and exits with its status (never returns).
    /// In the child (or when the child cannot be started): returns, and the command runs here.
    static func isolate(_ command: String) throws {
        let env = ProcessInfo.processInfo.environment
        guard env[variable] == nil, let executable = Bundle.main.executablePath else { return }
        var childEnv = env
        childEnv[variable] = "1"
        childEnv["SWIFT_BACKTRACE"] = "enable=no"  // the parent says what happened, in one line
        let args = [executable] + CommandLine.arguments.dropFirst()
        var pid: pid_t = 0
        let argv = args.map { strdup($0) } + [nil]
        let envp = childEnv.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        guard posix_spawn(&pid, executable, nil, nil, argv, envp) == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ExitCode(Exit.internalError) }
        }
        let signal = status & 0x7F
        if signal == 0 { throw ExitCode((status >> 8) & 0xFF) }
        if signal == SIGSEGV || signal == SIGBUS {
            printError("the store is damaged: reading it stopped the \(command) with signal \(signal) "
                + "(LMDB met a page it cannot follow); restore it from a backup, and run `albo verify` on the copy")
            throw ExitCode(Exit.verificationFailed)
        }
        throw ExitCode(128 + signal)
    }
}
