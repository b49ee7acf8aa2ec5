import AlboTestSupport
import Foundation

/// A child process left running (a static HTTP server, a witness), its output in a file;
/// stopped by `stop()` or `kill()`, and on deinit.
final class Background {
    let process = Process()
    let outputPath: String

    /// Starts `executable` and waits (at most 30 s, polling) until its output contains `ready`.
    init(_ executable: String, _ arguments: [String], outputIn dir: String, ready: String) throws {
        outputPath = dir + "/bg-\(UInt32.random(in: .min ... .max)).out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        for _ in 0..<300 {
            if output.contains(ready) { return }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        stop()
        throw BackgroundFailure(message: "\(executable) \(arguments) did not print \(ready): \(output)")
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The number after `prefix` in the output, e.g. the port after "listening on 127.0.0.1:".
    func number(after prefix: String) -> Int? {
        guard let range = output.range(of: prefix) else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }

    /// Ends it (SIGKILL: children of the test runner inherit a blocked SIGTERM), then waits.
    func stop() {
        kill()
    }

    /// SIGKILL, then wait.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct BackgroundFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// `python3 -m http.server` bound to 127.0.0.1 on a free port, serving `directory`.
func staticServer(_ directory: String, dir: TempDirectory) throws -> (Background, String) {
    let server = try Background("/usr/bin/env", ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory],
                                outputIn: dir.path, ready: "Serving HTTP on 127.0.0.1 port ")
    guard let port = server.number(after: "Serving HTTP on 127.0.0.1 port ") else {
        throw BackgroundFailure(message: "no port in \(server.output)")
    }
    return (server, "http://127.0.0.1:\(port)")
}
