import AlboDomain
import Dispatch
import Foundation

/// One input line after the stateless stage: its violations, or the event with the
/// canonical bytes of its `data` and the binary form of its id.
struct DecodedLine: Sendable {
    var line: Int
    var violations: [Violation] = []
    var event: IncomingEvent?
    var dataBytes: [UInt8] = []
    var idBytes: [UInt8] = []
    var isBlank = false
}

/// The stateless half of appending: parse, decode and canonicalise lines on all cores.
/// Nothing here depends on the store, so lines can be handled in any order.
enum LineDecoder {
    static func decode(_ buffer: [UInt8], _ line: BatchInput.Line, _ reader: inout RecordReader) -> DecodedLine {
        var out = DecodedLine(line: line.number)
        buffer.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[line.range])
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { out.isBlank = true; return }
            let sink = ViolationSink(line: line.number)
            do {
                if let event = try reader.event(bytes, sink: sink) {
                    out.event = event
                    out.dataBytes = event.dataBytes
                    out.idBytes = Identifier.uuidBytes(event.id)
                }
            } catch {
                sink.add("", "json", "not valid JSON: \(error)")
            }
            out.violations = sink.items
        }
        return out
    }

    /// Decodes `lines` of `buffer` on all cores: the results in line order, as one array
    /// per worker's slice (consumed in order, never flattened, so no line is copied).
    static func decode(_ buffer: [UInt8], _ lines: [BatchInput.Line]) throws -> [[DecodedLine]] {
        let parts = lines.count < 256 ? 1 : Parallel.workers
        return try Parallel.map(lines.count, parts: parts) { range in
            var reader = RecordReader()
            return range.map { decode(buffer, lines[$0], &reader) }
        }
    }
}
