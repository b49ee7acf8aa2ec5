import Foundation

/// The `VmFlags` of each of this process's mappings of `file`, in address order, from
/// /proc/self/smaps: `rr` there is the kernel's VM_RAND_READ, set by `MADV_RANDOM`.
public func mappingFlags(of file: String) throws -> [[String]] {
    // Read to the end: /proc files report size 0, which some readers take at its word.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return [] }
    defer { try? handle.close() }
    let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    var inMapping = false
    var out: [[String]] = []
    for line in smaps.split(separator: "\n") {
        if let first = line.first, first.isHexDigit, line.contains("-") {
            inMapping = line.hasSuffix(file)
        } else if inMapping, line.hasPrefix("VmFlags:") {
            out.append(line.dropFirst("VmFlags:".count).split(separator: " ").map(String.init))
        }
    }
    return out
}
