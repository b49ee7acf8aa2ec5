import Foundation

extension PaymentExporter.Bundle {
    /// Writes the bundle to `path`, which must not exist or be an empty directory.
    ///
    /// The files go into a fresh directory beside `path`, which is then renamed onto it:
    /// a failed export leaves nothing half-written. Owner-only permissions, as for the
    /// store: a bundle holds pseudonymous personal data, disability included.
    public func write(to path: String) throws {
        let fm = FileManager.default
        let target = try Self.destination(path)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: temp, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for name in files.keys.sorted() {
                let file = temp.appendingPathComponent(name)
                guard fm.createFile(atPath: file.path, contents: Data(files[name] ?? []), attributes: [.posixPermissions: 0o600]) else {
                    throw ExportError(.usage, "cannot write \(file.path)")
                }
            }
            // rename(2) replaces an empty directory atomically; FileManager's move would refuse it.
            guard rename(temp.path, target.path) == 0 else {
                throw ExportError(.usage, "cannot move the bundle into \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    /// Checks that `path` can receive a bundle (missing, or an empty directory, in an existing
    /// parent), so the command line can refuse before any work; `write` checks again.
    public static func checkDestination(_ path: String) throws {
        _ = try destination(path)
    }

    private static func destination(_ path: String) throws -> URL {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ExportError(.usage, "--out \(path) is a file; name a new or empty directory")
            }
            let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard entries.isEmpty else {
                throw ExportError(.usage, "--out \(path) is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); a bundle is never merged into other files: name a new or empty directory")
            }
        }
        guard fm.fileExists(atPath: target.deletingLastPathComponent().path) else {
            throw ExportError(.usage, "the parent directory of --out \(path) does not exist")
        }
        return target
    }
}
