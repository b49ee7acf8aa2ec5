import Glibc

/// Holds SIGINT, SIGTERM and SIGHUP while a batch's new keys are on disk but its
/// transaction has not committed: a signal in that window would leave keys without their
/// records. A signal that arrives meanwhile is delivered, with its default action, as
/// soon as the window closes (the batch has committed or been rolled back by then).
/// Outside the window the signals act as they always do.
enum CommitWindow {
    /// Starts holding the signals (before the first new key is written).
    static func open() {
        install()
        windowOpen = 1
    }

    /// Stops holding them, and delivers one that came meanwhile (after the commit or the
    /// rollback). Does nothing when the window is not open.
    static func close() {
        guard windowOpen != 0 else { return }
        windowOpen = 0
        let signal = pendingSignal
        if signal != 0 {
            Glibc.signal(signal, SIG_DFL)
            raise(signal)
        }
    }

    private static let held: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handler once per process (the first window).
    private static func install() {
        guard installed == 0 else { return }
        installed = 1
        for signal in held {
            var previous = sigaction()
            sigaction(signal, nil, &previous)
            // A signal the process ignores stays ignored.
            if unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }  // SIG_IGN
            var action = sigaction()
            action.__sigaction_handler.sa_handler = deferring
            action.sa_flags = 0
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }
}

nonisolated(unsafe) private var installed: sig_atomic_t = 0
nonisolated(unsafe) private var windowOpen: sig_atomic_t = 0
nonisolated(unsafe) private var pendingSignal: sig_atomic_t = 0

/// In the window, remembers the signal; outside it, does what the signal does by default.
private func deferring(_ signal: Int32) {
    if windowOpen != 0 {
        pendingSignal = signal
        return
    }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
