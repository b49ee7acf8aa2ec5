public import Foundation

/// Runs child processes for tests: the real `albo`, and the Python tools Albo is checked against.
public enum Subprocess {
    /// What a child process did.
    public struct Result: Sendable {
        public var code: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments` (and `stdin`), reading both pipes while it runs so a
    /// chatty child can never block on a full pipe.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ALBO_STORE")
        env.merge(environment) { _, new in new }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Runs the project's Python (`Paths.python`) with `arguments`. A missing Python or
    /// package shows as a failing exit code that the calling test asserts on: these checks
    /// fail, never skip.
    @discardableResult
    public static func python(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try run(Paths.python, arguments, stdin: stdin)
    }

    /// Runs the `albo` that SwiftPM built beside the test bundle.
    @discardableResult
    public static func albo(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(Paths.albo, arguments, stdin: stdin, environment: environment)
    }
}

/// Where the package and its built tools are.
public enum Paths {
    /// The package root (this file is Tests/AlboTestSupport/Subprocess.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file in Tools/.
    public static func tool(_ name: String) -> String { packageRoot.appendingPathComponent("Tools/" + name).path }

    /// The Python the tests check Albo against: `$ALBO_PYTHON`, else the project's
    /// `.venv/bin/python` that `Tools/install-deps.sh` creates with the pinned packages. It
    /// is never the system `python3`, whose packages are not the pinned ones (and which
    /// Debian 12 refuses to pip-install into).
    public static var python: String {
        if let p = ProcessInfo.processInfo.environment["ALBO_PYTHON"], !p.isEmpty { return p }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The `albo` executable next to the running test bundle.
    public static var albo: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("albo").path
    }
}

/// Holds what a reader thread collected; read only after its group is waited on.
final class DataBox: @unchecked Sendable {
    var data = Data()
}
