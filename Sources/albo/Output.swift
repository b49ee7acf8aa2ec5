import AlboDomain
import Foundation

/// Writes results to standard output: JSON in RFC 8785 form (sorted keys, compact), one document per call.
enum Output {
    static func json(_ value: JSONValue) {
        var bytes = CanonicalJSON.encode(value)
        bytes.append(0x0A)
        write(bytes)
    }

    static func line(_ text: String) {
        write(Array((text + "\n").utf8))
    }

    /// Writes to stdout; a failed write (a full disk, a closed descriptor) ends the command
    /// with a message and exit 70 rather than the trap of `FileHandle.write(_:)`.
    static func write(_ bytes: [UInt8]) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(bytes))
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) } ?? "\(error)"
            printError("cannot write the result to standard output: \(reason)")
            exit(Exit.internalError)
        }
    }

    /// Left-aligned columns separated by two spaces, for the human-readable tables.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        for row in all {
            let cells = row.enumerated().map { i, c in i == row.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            line(cells.joined(separator: "  "))
        }
    }
}

/// Whether standard error is a terminal (progress lines go only there).
var stderrIsTerminal: Bool { isatty(2) == 1 }

/// A progress line on stderr, redrawn in place, shown only on a terminal.
struct Progress {
    let label: String
    func update(_ text: String) {
        guard stderrIsTerminal else { return }
        try? FileHandle.standardError.write(contentsOf: Data("\r\(label): \(text)\u{1B}[K".utf8))
    }
    func finish() {
        guard stderrIsTerminal else { return }
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }
}
