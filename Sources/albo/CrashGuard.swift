import Glibc

/// Makes damaged storage a report, never a crash, for the commands that read the store.
///
/// LMDB trusts the pages it maps: a flipped byte in a branch page or a node header can send
/// it outside the map (SIGSEGV), and a file cut short under the map faults (SIGBUS), before
/// any check of ours runs. No Swift code can catch that, but a signal handler can end the
/// process in order: it writes one line to standard error and exits 2 ("verification
/// failed"), as the other damage reports do. The handler does only what is async-signal-safe
/// (`write`, `_exit`) with messages fixed at compile time. (An earlier version ran the
/// command in a child process and watched it die; that cost every read command a second
/// process start, ~12 ms.)
enum CrashGuard {
    /// Installs the handler for SIGSEGV and SIGBUS in this process (all threads).
    static func install() {
        // Touch the messages now: the handler must not be the first to read a global.
        _ = segv.utf8CodeUnitCount + bus.utf8CodeUnitCount
        var action = sigaction()
        action.__sigaction_handler.sa_handler = crashed
        action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
        sigemptyset(&action.sa_mask)
        sigaction(SIGSEGV, &action, nil)
        sigaction(SIGBUS, &action, nil)
    }
}

private let segv: StaticString = "albo: the store is damaged: reading it stopped with signal 11 (SIGSEGV: LMDB met a page it cannot follow); restore it from a backup, and run `albo verify` on the copy\n"
private let bus: StaticString = "albo: the store is damaged: reading it stopped with signal 7 (SIGBUS: the data file is shorter than its pages); restore it from a backup, and run `albo verify` on the copy\n"

private func crashed(_ signal: Int32) {
    let message = signal == SIGBUS ? bus : segv
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(2)
}
