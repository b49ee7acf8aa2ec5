import Foundation

/// NDJSON input for one batch, read in chunks so memory stays flat however large the
/// file; it can be read again from the start if the batch must be retried.
public final class BatchInput {
    private enum Source { case file(path: String), memory([UInt8]) }
    private let source: Source
    /// The input's size in bytes, to reserve map space up front.
    public let byteCount: Int

    /// Input from a file; throws when it cannot be opened.
    public init(path: String) throws {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attrs[.size] as? NSNumber, FileManager.default.isReadableFile(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        source = .file(path: path)
        byteCount = size.intValue
    }

    /// Input held in memory (standard input, tests).
    public init(bytes: [UInt8]) {
        source = .memory(bytes)
        byteCount = bytes.count
    }

    /// Reads all of standard input.
    public static func standardInput() -> BatchInput {
        BatchInput(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))
    }

    /// Calls `body` with each line (1-based number, bytes without the newline), in order.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        switch source {
        case .memory(let bytes):
            try bytes.withUnsafeBytes { buf in
                var line = 0
                _ = try Self.split(buf, final: true) { line += 1; try body(line, $0) }
            }
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            var carry: [UInt8] = []
            var line = 0
            while true {
                let chunk = handle.readData(ofLength: 4 << 20)
                let final = chunk.isEmpty
                carry.append(contentsOf: chunk)
                let consumed = try carry.withUnsafeBytes { buf in
                    try Self.split(buf, final: final) { line += 1; try body(line, $0) }
                }
                carry.removeFirst(consumed)
                if final { break }
            }
        }
    }

    /// Splits `buf` at newlines, handing each complete line to `body`; returns how many
    /// bytes were consumed (a trailing partial line is kept unless `final`).
    private static func split(_ buf: UnsafeRawBufferPointer, final: Bool, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var start = 0
        var i = 0
        let n = buf.count
        while i < n {
            if buf[i] == 0x0A {
                var end = i
                if end > start && buf[end - 1] == 0x0D { end -= 1 }
                try body(UnsafeRawBufferPointer(rebasing: buf[start..<end]))
                start = i + 1
            }
            i += 1
        }
        if final && start < n {
            try body(UnsafeRawBufferPointer(rebasing: buf[start..<n]))
            return n
        }
        return start
    }
}
