import AlboTestSupport
import Foundation
import Testing

/// A keys store that is missing, cut, flipped, a link or a directory stops every command
/// that needs it with exit 2: no `erased`, no sealed value printed as data, no second
/// subject for a known person. Outputs inside a store are refused; `init` makes it 0700.
@Suite("Keys store damage, through the binary")
struct KeysDamageTests {
    static let person = "P-KEYS-DAMAGE"

    private func store() throws -> TempDirectory {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine, Sample.caseLine(1, person: Self.person), Sample.caseLine(2)]
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: lines.joined(separator: "\n")).code == 0)
        return w
    }

    static let damages: [(String, @Sendable (String) throws -> Void)] = [
        ("deleted", { try FileManager.default.removeItem(atPath: $0) }),
        ("cut by 20 bytes", { truncate($0, off_t(try size($0) - 20)) }),
        ("one byte flipped", { path in
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[40] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
        }),
        ("a symbolic link", { path in
            try FileManager.default.moveItem(atPath: path, toPath: path + ".elsewhere")
            symlink(path + ".elsewhere", path)
        }),
        ("a directory", { path in
            try FileManager.default.removeItem(atPath: path)
            mkdir(path, 0o700)
        }),
    ]

    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test("each damage of the keys store is exit 2 for show, query, verify, retention, append and erase; nothing prints as erased or sealed")
    func damagedKeys_exit2Everywhere() throws {
        for (name, damage) in Self.damages {
            let w = try store()
            try damage(w.store + "/subjects.keyslots")
            let commands: [([String], String?)] = [
                (["show", "1"], nil), (["query", "case", "TRE-1", "--json"], nil), (["query", "cases"], nil),
                (["verify"], nil), (["retention"], nil),
                (["append", "-"], Sample.caseLine(3, person: Self.person)),
                (["erase", "--person", Self.person, "--reason", "request"], nil),
            ]
            for (args, stdin) in commands {
                let r = try AlboBinary.run(args + ["--store", w.store], stdin: stdin)
                #expect(r.code == 2, "\(name): \(args) gave \(r.code): \(r.stderr)")
                #expect(!r.stdout.contains("erased") && !r.stdout.contains("sealed:v1:"), "\(name): \(args) printed \(r.stdout)")
            }
            // Nothing was appended for the person whose key could not be read.
            let size = try AlboBinary.run(["verify", "--store", w.store, "--json"]).stdout
            #expect(size.contains(#""treeSize":3"#), "\(name): \(size)")
        }
    }

    @Test("backup, export and report refuse a destination inside the store (64); init makes an existing directory 0700")
    func destinationsAndModes() throws {
        let w = try store()
        let backup = try AlboBinary.run(["backup", "--store", w.store, w.store + "/copy"])
        #expect(backup.code == 64 && backup.stderr.contains("inside the store"), "\(backup.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.store + "/copy"))
        let report = try AlboBinary.run(["report", "semester", "--store", w.store, "--semester", "2022-H2", "--out", w.store + "/r"])
        #expect(report.code == 64 && report.stderr.contains("inside the store"), "\(report.stderr)")
        #expect(try AlboBinary.run(["backup", "--store", w.store, w.path + "/outside"]).code == 0)

        let dir = w.path + "/plain"
        mkdir(dir, 0o755)
        chmod(dir, 0o755)
        #expect(try AlboBinary.run(["init", "--store", dir]).code == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
