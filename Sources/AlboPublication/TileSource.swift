import Foundation

/// Where a published tree is read from: a directory, a file:// URL, or (in AlboNetwork) http(s).
public protocol TileSource: Sendable {
    /// A description for messages, e.g. the URL.
    var location: String { get }
    /// The bytes of the file at `path` under the tree's prefix (`checkpoint`, `tile/0/000`), nil when it does not exist.
    /// Throws `PublicationError(.unavailable)` when the source cannot be reached.
    func fetch(_ path: String) async throws -> [UInt8]?
}

/// A published tree in a local directory.
public struct DirectoryTileSource: TileSource {
    /// The directory.
    public let directory: String

    /// A source reading `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    public var location: String { directory }

    public func fetch(_ path: String) async throws -> [UInt8]? {
        let file = directory + "/" + path
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PublicationError(.unavailable, "cannot read \(file)")
        }
        return Array(data)
    }
}
