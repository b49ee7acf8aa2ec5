import Foundation

/// Who writes the store right now, between processes: an advisory `flock` on the store
/// directory. LMDB serialises writers itself, but gives no way to ask whether a writer
/// is busy; this lock lets a query skip its projection catch-up rather than queue behind
/// a long append, and so never wait for a writer. It adds no file to the store and works
/// on a directory the user cannot write.
struct WriterLock: Sendable {
    let directory: String

    /// Runs `body` holding the lock, waiting for it if another writer holds it.
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        let fd = try open()
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Ledger.OpenError(code: .notAStore, description: "cannot lock \(directory): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Runs `body` holding the lock, or returns nil at once when another writer holds it.
    func ifFree<T>(_ body: () throws -> T) throws -> T? {
        let fd = try open()
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private func open() throws -> Int32 {
        let fd = Foundation.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Ledger.OpenError(code: .notAStore, description: "cannot open \(directory): \(String(cString: strerror(errno)))") }
        return fd
    }
}
