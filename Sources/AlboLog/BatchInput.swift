import Foundation

/// NDJSON input for one batch, read in chunks so memory stays flat however large the
/// file; it can be read again from the start if the batch must be retried.
public final class BatchInput {
    private enum Source { case file(path: String), memory([UInt8]) }
    private let source: Source
    /// The input's size in bytes, to reserve map space up front.
    public let byteCount: Int

    /// Input from a file; throws `LogError` (`.inputUnreadable`) unless it is a file this process can read.
    public init(path: String) throws(LogError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw LogError.unreadable(path, errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFIFO, S_IFCHR: break
        case S_IFDIR: throw LogError.unreadable(path, "it is a directory, not an NDJSON file")
        default: throw LogError.unreadable(path, "it is not a regular file")
        }
        guard access(path, R_OK) == 0 else {
            throw LogError.unreadable(path, "permission denied")
        }
        source = .file(path: path)
        byteCount = Int(st.st_size)
    }

    /// Input held in memory (standard input, tests).
    public init(bytes: [UInt8]) {
        source = .memory(bytes)
        byteCount = bytes.count
    }

    /// Reads all of standard input.
    public static func standardInput() throws(LogError) -> BatchInput {
        do {
            return BatchInput(bytes: Array(try FileHandle.standardInput.readToEnd() ?? Data()))
        } catch {
            throw LogError.unreadable("standard input", Self.reason(error))
        }
    }

    /// The system's words for a read error (Foundation wraps errno in a CocoaError).
    private static func reason(_ error: any Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if (error as NSError).domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32((error as NSError).code))) }
        return "read error (\(error.localizedDescription))"
    }

    /// One input line: its 1-based number and where its bytes lie in the chunk buffer.
    public struct Line: Sendable {
        public var number: Int
        public var range: Range<Int>
    }

    /// Calls `body` with chunks of at most `maxLines` lines (without their newlines), in
    /// order: the buffer and the lines' places in it, valid only during the call.
    public func forEachChunk(maxLines: Int, _ body: ([UInt8], [Line]) throws -> Void) throws {
        var number = 0
        switch source {
        case .memory(let bytes):
            var lines: [Line] = []
            try Self.split(bytes, from: 0, final: true) { range in
                number += 1
                lines.append(Line(number: number, range: range))
                if lines.count == maxLines { try body(bytes, lines); lines.removeAll(keepingCapacity: true) }
            }
            if !lines.isEmpty { try body(bytes, lines) }
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw LogError.unreadable(path, "it cannot be opened for reading")
            }
            defer { try? handle.close() }
            var buffer: [UInt8] = []
            var lines: [Line] = []
            while true {
                // `readData(ofLength:)` traps on a read error (a directory, /proc/self/mem):
                // the throwing read turns that into a message.
                let chunk: Data
                do { chunk = try handle.read(upToCount: 4 << 20) ?? Data() } catch {
                    throw LogError.unreadable(path, Self.reason(error))
                }
                let final = chunk.isEmpty
                buffer.append(contentsOf: chunk)
                let consumed = try Self.split(buffer, from: 0, final: final) { range in
                    number += 1
                    lines.append(Line(number: number, range: range))
                }
                // A chunk's lines are handed on before the buffer moves, in slices of maxLines.
                var i = 0
                while i < lines.count {
                    try body(buffer, Array(lines[i..<min(lines.count, i + maxLines)]))
                    i += maxLines
                }
                lines.removeAll(keepingCapacity: true)
                buffer.removeFirst(consumed)
                if final { break }
            }
        }
    }

    /// Finds the lines of `buf` from `start`, trimming a CR before each LF; returns how
    /// many bytes were consumed (a trailing partial line is kept unless `final`).
    @discardableResult
    private static func split(_ buf: [UInt8], from start: Int, final: Bool, _ body: (Range<Int>) throws -> Void) throws -> Int {
        var lineStart = start
        let n = buf.count
        try buf.withUnsafeBufferPointer { p in
            var i = start
            while i < n {
                if p[i] == 0x0A {
                    var end = i
                    if end > lineStart && p[end - 1] == 0x0D { end -= 1 }
                    try body(lineStart..<end)
                    lineStart = i + 1
                }
                i += 1
            }
        }
        if final && lineStart < n {
            try body(lineStart..<n)
            return n
        }
        return lineStart
    }
}

extension LogError {
    /// An input file that is missing, not a file, or unreadable (docs/reference.md §4: exit 66);
    /// `reason` says why, e.g. "it is a directory, not an NDJSON file".
    static func unreadable(_ path: String, _ reason: String) -> LogError {
        LogError(.inputUnreadable, "cannot read \(path): \(reason)")
    }
}
