/// RFC 4180 text: CRLF after every record, a field quoted only when it holds a comma,
/// a double quote, CR or LF, and a quote inside a quoted field doubled.
public enum CSV {
    /// One record (header or row), with its CRLF.
    public static func record(_ fields: [String], into out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let bytes = Array(field.utf8)
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
            guard needsQuotes else {
                out.append(contentsOf: bytes)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for b in bytes {
                if b == UInt8(ascii: "\"") { out.append(b) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// A whole file: the header, then the rows.
    public static func file(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        record(header, into: &out)
        for row in rows { record(row, into: &out) }
        return out
    }
}
