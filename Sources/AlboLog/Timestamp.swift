import AlboDomain
import Foundation

/// UTC timestamps in the stored form `YYYY-MM-DDTHH:MM:SS.sssZ`.
public enum Timestamp {
    /// The current time in stored form.
    public static func now() -> String { format(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)) }

    /// Formats milliseconds since 1970-01-01T00:00:00Z.
    public static func format(millisecondsSinceEpoch ms: Int64) -> String {
        var seconds = time_t(ms / 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ms % 1000), 3))Z"
    }

    /// Whether `s` is a stored-form timestamp naming an instant that exists: a real calendar
    /// date (no 2023-02-30), hours 00–23, minutes and seconds 00–59 (the stored form has no
    /// leap seconds). The form's text order is its time order.
    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 24 else { return false }
        let shape = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
        for (c, p) in zip(u, shape) {
            if p == UInt8(ascii: "d") { guard c >= 0x30 && c <= 0x39 else { return false } } else if c != p { return false }
        }
        func number(_ at: Int) -> Int { Int(u[at] - 0x30) * 10 + Int(u[at + 1] - 0x30) }
        guard CivilDate(String(decoding: u[0..<10], as: UTF8.self)) != nil else { return false }
        return number(11) <= 23 && number(14) <= 59 && number(17) <= 59
    }
}
