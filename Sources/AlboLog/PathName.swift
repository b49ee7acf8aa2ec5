/// A file-system path's directory and last component, split at the last `/` in plain Swift.
///
/// Foundation's `NSString.deletingLastPathComponent` traps (SIGILL) on a one-character
/// path such as `a` (swift-corelibs-foundation 6.3), so `albo init --store a` crashed:
/// every path a user gives goes through here instead.
public struct PathName: Sendable, Hashable {
    /// The path as given, less trailing slashes (`/` stays `/`).
    public let path: String

    public init(_ path: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = String(trimmed)
    }

    /// The directory holding the path: `.` for a bare name, `/` for a child of the root.
    public var parent: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        var end = slash
        while end > path.startIndex && path[path.index(before: end)] == "/" { end = path.index(before: end) }
        return end == path.startIndex ? "/" : String(path[..<end])
    }

    /// The last component (`a` for `x/a`, `/` for `/`).
    public var lastComponent: String {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
