import Foundation
import Testing

/// Runs the real `albo` executable that `swift build` put next to the test bundle.
struct AlboBinary {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: [UInt8]
    }

    static var executable: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("albo")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        try run(executable, args, stdin: stdin, environment: environment, cwd: cwd)
    }

    static func run(_ exe: URL, _ args: [String], stdin: String? = nil, environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
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
        // Read both pipes before waiting, so a large output cannot block the child.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self), stdoutBytes: Array(outData))
    }

    /// Runs python3 on a script in Tools/, failing the test clearly if Python is missing.
    static func python(_ args: [String], stdin: String? = nil) throws -> Result {
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + args, stdin: stdin)
        return r
    }
}

/// Holds what a reader thread collected; read only after the group is waited on.
final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// A temporary working directory, removed at the end.
final class WorkDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "albo-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String, _ text: String) throws -> String {
        let p = path + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    var store: String { path + "/store" }
}

/// Sample events for CLI tests.
enum Sample {
    static let protocolLine = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"ProtocolSigned","recordedBy":"op-1","data":{"protocolId":"conv-trecate-2022","title":"Convenzione Sportelli per il Lavoro","kind":"convention","parties":["Comune di Trecate","Comune di Cerano"],"lead":"Comune di Trecate","signedOn":"2022-10-01","validFrom":"2022-11-01","validTo":"2025-12-31"}}"#

    static func caseLine(_ n: Int, person: String? = nil) -> String {
        let id = String(format: "3f0e8c1a-5b7d-4c2e-9a61-%012d", n)
        return #"{"id":"\#(id)","type":"CaseOpened","recordedBy":"op-trecate-01","data":{"caseId":"TRE-\#(n)","person":"\#(person ?? "P-\(n)")","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"unemployed-over-45","referredBy":"CPI Novara","openedOn":"2022-11-03"}}"#
    }
}
