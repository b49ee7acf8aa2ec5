import AlboTestSupport
import Foundation

/// An auditor's read-only copy of a store, and `albo` run on it as someone whom permissions
/// stop: the CLI tests of read-only stores share these.
enum AuditorCopy {
    /// Runs `albo` as the unprivileged user `nobody` (the tests run as root, whom no
    /// permission stops), with `TMPDIR` = `tmp`; with `maxFileBytes`, it may write no file
    /// longer than that.
    static func asNobody(_ args: [String], tmp: String, maxFileBytes: Int? = nil) throws -> Subprocess.Result {
        let limit = maxFileBytes.map { ["/usr/bin/prlimit", "--fsize=\($0)"] } ?? []
        return try Subprocess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"] + limit + [Paths.albo] + args,
                                  environment: ["TMPDIR": tmp])
    }

    /// Every file of `dir`, by name, with its bytes.
    static func contents(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return files
    }

    /// Makes `dir` and its files read-only for everyone.
    static func makeReadOnly(_ dir: String) {
        chmod(dir, 0o555)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { chmod(dir + "/" + name, 0o444) }
    }

    /// Directories anyone may write (an output directory, a TMPDIR).
    static func makeWritable(_ dirs: String...) {
        for dir in dirs {
            mkdir(dir, 0o777)
            chmod(dir, 0o777)
        }
    }

    /// Changes the last byte of every copy of `sealed` in `store`'s data file that is not
    /// inside a stored record (that is, in the projections' rows); returns how many it changed.
    static func damageProjectionRows(_ store: String, holding sealed: String) throws -> Int {
        let file = store + "/data.mdb"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let needle = Array(sealed.utf8), recordPrefix = Array(#""person":""#.utf8)
        var changed = 0
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let inRecord = i >= recordPrefix.count && bytes[(i - recordPrefix.count)..<i].elementsEqual(recordPrefix)
                if !inRecord { bytes[i + needle.count - 1] = UInt8(ascii: "X"); changed += 1 }
                i += needle.count
            } else { i += 1 }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return changed
    }
}
