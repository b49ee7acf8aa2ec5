import AlboTestSupport
import Foundation
import Testing

/// `albo publish --witness URL=VKEY --quorum N`, and the commands that require the cosignatures.
@Suite("Publishing with witnesses")
struct PublishWitnessTests {
    @Test("publish learns the witness's size from its 409, gets a cosignature, and verify and audit require it")
    func cosignedPublication() throws {
        var f = try WitnessFixture()
        let out = f.log.dir.path + "/pub"
        try expectOK(f.log.publish(out))
        let plain = try String(contentsOfFile: out + "/checkpoint", encoding: .utf8)
        let plainFile = f.log.dir.path + "/plain-checkpoint"
        try plain.write(toFile: plainFile, atomically: true, encoding: .utf8)
        let witnessVKey = f.witnessKey + ".pub"
        // The witness has seen nothing: the publisher's first guess (16) gets a 409 "0".
        let published = try f.log.publish(out, ["--witness", "\(f.url)=\(witnessVKey)", "--quorum", "1", "--json"])
        try expectOK(published)
        #expect(published.stdout.contains(#""cosignatures":["witness.test/w1"]"#), "\(published.stdout)")
        let cosigned = try String(contentsOfFile: out + "/checkpoint", encoding: .utf8)
        #expect(cosigned.hasPrefix(plain) && cosigned.count > plain.count)
        try expectOK(Subprocess.python([Paths.tool("cosignature_check.py"), out + "/checkpoint", witnessVKey]))

        let verify = ["verify", "--store", f.log.store, "--log-only", "--vkey", f.log.vkey, "--witness", witnessVKey, "--quorum", "1"]
        try expectOK(Subprocess.albo(verify + ["--checkpoint", out + "/checkpoint"]))
        let unsigned = try Subprocess.albo(verify + ["--checkpoint", plainFile])
        #expect(unsigned.code == 2 && unsigned.stdout.contains("fewer than the quorum of 1"), "\(unsigned.stdout)")
        try expectOK(Subprocess.albo(["audit", out, "--vkey", f.log.vkey, "--witness", witnessVKey, "--quorum", "1"]))

        // The witness is down: exit 69, and the published checkpoint is left as it was.
        try f.log.append(cases: 5, seed: 0, from: 15)
        f.witness.kill()
        let down = try f.log.publish(out, ["--witness", "\(f.url)=\(witnessVKey)", "--quorum", "1", "--timeout", "2"])
        #expect(down.code == 69, "\(down.stderr)")
        #expect(try String(contentsOfFile: out + "/checkpoint", encoding: .utf8) == cosigned)

        // Back up: it moves the witness from 16 to 21 with a consistency proof.
        try f.restart()
        defer { f.witness.stop() }
        try expectOK(f.log.publish(out, ["--witness", "\(f.url)=\(witnessVKey)"]))
        #expect(try String(contentsOfFile: out + "/checkpoint", encoding: .utf8).hasPrefix(f.log.origin + "\n21\n"))
        let audit = try Subprocess.albo(["audit", out, "--vkey", f.log.vkey, "--witness", witnessVKey])
        #expect(audit.code == 0 && audit.stdout.contains("cosigned by witness.test/w1"), "\(audit.stdout)\(audit.stderr)")
    }
}
