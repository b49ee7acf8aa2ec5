import AlboTestSupport
import Foundation
import Testing

/// `albo audit` against a static HTTP server on 127.0.0.1 serving what `albo publish` wrote.
@Suite("Audit over HTTP")
struct AuditTests {
    @Test("audit follows the log across appends, checking every new entry, and keeps its state")
    func followsAppends() throws {
        let log = try PublishedLog(cases: 99)
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out, ["--entries"]))
        let (server, url) = try staticServer(out, dir: log.dir)
        defer { server.stop() }
        let state = log.dir.path + "/audit.state"
        let first = try Subprocess.albo(["audit", url, "--vkey", log.vkey, "--state", state, "--entries", "--json"])
        try expectOK(first)
        #expect(first.stdout.contains(#""entriesChecked":100"#) && first.stdout.contains(#""treeSize":100"#), "\(first.stdout)")
        try log.append(cases: 300, seed: 0, from: 99)
        try expectOK(log.publish(out, ["--entries"]))
        let second = try Subprocess.albo(["audit", url, "--vkey", log.vkey, "--state", state, "--entries", "--json"])
        try expectOK(second)
        #expect(second.stdout.contains(#""entriesChecked":300"#) && second.stdout.contains(#""previousSize":100"#)
                && second.stdout.contains(#""treeSize":400"#), "\(second.stdout)")
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        #expect(saved == (try String(contentsOfFile: out + "/checkpoint", encoding: .utf8)))
    }

    @Test("a fork signed with the same key at the same size is exit 2 with both checkpoints; so is a fork that grew")
    func catchesFork() throws {
        let log = try PublishedLog(cases: 20)
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out))
        let state = log.dir.path + "/audit.state"
        let (server, url) = try staticServer(out, dir: log.dir)
        defer { server.stop() }
        try expectOK(Subprocess.albo(["audit", url, "--vkey", log.vkey, "--state", state]))
        let honest = try String(contentsOfFile: out + "/checkpoint", encoding: .utf8)

        // Another history, same origin, same key, same size, served at the same URL.
        let fork = try PublishedLog(cases: 20, seed: 7, dir: log.dir, key: log.key)
        try FileManager.default.removeItem(atPath: out)
        try expectOK(fork.publish(out))
        let forked = try String(contentsOfFile: out + "/checkpoint", encoding: .utf8)
        #expect(forked != honest)
        let result = try Subprocess.albo(["audit", url, "--vkey", log.vkey, "--state", state])
        #expect(result.code == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(honest) && result.stdout.contains(forked), "\(result.stdout)")
        #expect(try String(contentsOfFile: state, encoding: .utf8) == honest, "the state must keep the honest checkpoint")

        try fork.append(cases: 30, seed: 7, from: 20)
        try expectOK(fork.publish(out))
        let grown = try Subprocess.albo(["audit", url, "--vkey", log.vkey, "--state", state])
        #expect(grown.code == 2, "\(grown.stdout)\(grown.stderr)")
        #expect(grown.stdout.contains("does not extend"), "\(grown.stdout)")
    }

    @Test("a shrunk log is exit 2; a tile that does not match the checkpoint is exit 2")
    func catchesShrinkAndBadTiles() throws {
        let log = try PublishedLog(cases: 30)
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out, ["--entries"]))
        let small = log.dir.path + "/small-checkpoint"
        try FileManager.default.copyItem(atPath: out + "/checkpoint", toPath: small)
        try log.append(cases: 10, seed: 0, from: 30)
        try expectOK(log.publish(out, ["--entries"]))
        let state = log.dir.path + "/audit.state"
        try expectOK(Subprocess.albo(["audit", out, "--vkey", log.vkey, "--state", state]))
        // The server goes back to the older, smaller checkpoint.
        try FileManager.default.removeItem(atPath: out + "/checkpoint")
        try FileManager.default.copyItem(atPath: small, toPath: out + "/checkpoint")
        let shrunk = try Subprocess.albo(["audit", "file://" + out, "--vkey", log.vkey, "--state", state])
        #expect(shrunk.code == 2 && shrunk.stdout.contains("shrank"), "\(shrunk.stdout)\(shrunk.stderr)")

        let path = out + "/tile/0/000.p/31"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[5] ^= 0x80
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let bad = try Subprocess.albo(["audit", out, "--vkey", log.vkey, "--entries"])
        #expect(bad.code == 2, "\(bad.stdout)\(bad.stderr)")
    }

    @Test("an unreachable server is exit 69 after the retries; another log key is exit 2")
    func unreachableAndWrongKey() throws {
        let log = try PublishedLog(cases: 3)
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out))
        // A port that was free a moment ago: nothing listens there.
        let (server, url) = try staticServer(out, dir: log.dir)
        server.stop()
        let down = try Subprocess.albo(["audit", url, "--vkey", log.vkey, "--timeout", "2", "--attempts", "2"])
        #expect(down.code == 69, "\(down.stderr)")
        let other = log.dir.path + "/other.key"
        try expectOK(Subprocess.albo(["keygen", "--name", log.origin, "--out", other]))
        let wrongKey = try Subprocess.albo(["audit", out, "--vkey", other + ".pub"])
        #expect(wrongKey.code == 2, "\(wrongKey.stderr)")
    }
}
