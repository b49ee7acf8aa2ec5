/// Builds the entity part of a temporal row's key from text segments.
///
/// Segments are separated by 0x00. Inside a segment 0x00 and 0x01 are escaped as
/// 0x01 0x01 and 0x01 0x02, which keeps byte order equal to text order and guarantees
/// that no entity key is a proper prefix of another one with as many segments.
public struct EntityKey: Sendable {
    /// The encoded bytes.
    public private(set) var bytes: [UInt8] = []
    private var segmentCount = 0

    public init(_ segments: String...) {
        for s in segments { append(s) }
    }

    /// An entity key from bytes built earlier by `EntityKey` (e.g. stored in a lookup).
    public init(raw: [UInt8]) {
        bytes = raw
        segmentCount = raw.isEmpty ? 0 : 1
    }

    /// Appends one segment.
    public mutating func append(_ segment: String) {
        if segmentCount > 0 { bytes.append(0) }
        segmentCount += 1
        for b in segment.utf8 {
            switch b {
            case 0: bytes.append(1); bytes.append(1)
            case 1: bytes.append(1); bytes.append(2)
            default: bytes.append(b)
            }
        }
    }

    /// Splits encoded entity bytes back into their segments.
    public static func segments(_ raw: UnsafeRawBufferPointer) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == 0 {
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else if b == 1, i + 1 < raw.count {
                current.append(raw[i + 1] == 1 ? 0 : 1)
                i += 1
            } else {
                current.append(b)
            }
            i += 1
        }
        out.append(String(decoding: current, as: UTF8.self))
        return out
    }
}
