import Foundation

/// Who writes the store right now, between processes: an advisory `flock` on the store
/// directory. LMDB serialises writers itself, but gives no way to ask whether a writer
/// is busy; this lock lets a query skip its projection catch-up rather than queue behind
/// a long append, and so never wait for a writer. It adds no file to the store and works
/// on a directory the user cannot write.
struct WriterLock: Sendable {
    let directory: String
    /// Set when this process holds the lock for the Ledger's whole life (an exclusive
    /// writer): the per-call methods then just run their body.
    private(set) var session: Session?

    /// The lock held until the session is released (the Ledger is deallocated).
    final class Session: Sendable {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    init(directory: String, holding: Bool) throws {
        self.directory = directory
        session = nil
        if holding {
            let fd = try Self.open(directory)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw LogError(.notAStore, "cannot lock \(directory): \(String(cString: strerror(errno)))")
                }
            }
            session = Session(fd: fd)
        }
    }

    /// Runs `body` holding the lock, waiting for it if another writer holds it.
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        if session != nil { return try body() }
        let fd = try Self.open(directory)
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw LogError(.notAStore, "cannot lock \(directory): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Runs `body` holding the lock, or returns nil at once when another writer holds it.
    func ifFree<T>(_ body: () throws -> T) throws -> T? {
        if session != nil { return try body() }
        let fd = try Self.open(directory)
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private static func open(_ directory: String) throws -> Int32 {
        let fd = Foundation.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError(.notAStore, "cannot open \(directory): \(String(cString: strerror(errno)))") }
        return fd
    }
}
