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
    static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    static func decode(_ buffer: [UInt8], _ line: BatchInput.Line) -> DecodedLine {
        var out = DecodedLine(line: line.number)
        buffer.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[line.range])
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { out.isBlank = true; return }
            let sink = ViolationSink(line: line.number)
            do {
                var tape = JSONTape()
                try tape.parse(bytes)
                if let event = EventDecoder.decode(tape: tape, sink: sink) {
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

    /// Decodes `lines` of `buffer`, splitting them across the cores; results in line order.
    static func decode(_ buffer: [UInt8], _ lines: [BatchInput.Line]) -> [DecodedLine] {
        if lines.count < 256 || workers == 1 { return lines.map { decode(buffer, $0) } }
        let results = UnsafeMutableBufferPointer<DecodedLine>.allocate(capacity: lines.count)
        defer { results.deallocate() }
        guard let base = results.baseAddress else { return [] }
        nonisolated(unsafe) let slots = base
        let per = (lines.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let range = min(lines.count, w * per)..<min(lines.count, (w + 1) * per)
            for i in range { (slots + i).initialize(to: decode(buffer, lines[i])) }
        }
        // Move, not copy: a copy would retain and release every string of every event.
        return Array(unsafeUninitializedCapacity: lines.count) { buf, count in
            _ = buf.moveInitialize(fromContentsOf: results)
            count = lines.count
        }
    }
}
