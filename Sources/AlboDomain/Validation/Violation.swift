/// One broken rule in an input batch: where, which rule, and a sentence a person understands.
public struct Violation: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number in the input.
    public var line: Int
    /// The event's `id` when it could be read.
    public var eventId: String?
    /// The field path, e.g. `data.outcomePayment.tariffs.disability`; empty for the whole line.
    public var path: String
    /// A stable machine-readable rule name, e.g. `required`, `case.not-open`.
    public var rule: String
    /// What is wrong and what to do.
    public var message: String

    /// Bad values can be huge (one line of 100 MB): the event id and the path are capped at a
    /// short prefix, the message at a few lines, so a report stays readable and small.
    public init(line: Int, eventId: String?, path: String, rule: String, message: String) {
        self.line = line
        self.eventId = eventId.map { Excerpt.of($0) }
        self.path = Excerpt.of(path, limit: 2 * Excerpt.limit)
        self.rule = Excerpt.of(rule)
        self.message = Excerpt.of(message, limit: 8 * Excerpt.limit)
    }

    /// Rules whose breach is a conflict (exit 75: re-read and retry), not invalid input.
    public var isConflict: Bool { rule == Violation.idConflict || rule == Violation.versionConflict }

    public static let idConflict = "id.conflict"
    public static let versionConflict = "version.conflict"

    public var description: String {
        let at = path.isEmpty ? "" : " \(path):"
        let id = eventId.map { " (event \($0))" } ?? ""
        return "line \(line)\(id):\(at) \(message) [\(rule)]"
    }
}

/// Collects the violations of one line, tagged with its number and event id.
public final class ViolationSink {
    public let line: Int
    public var eventId: String?
    public private(set) var items: [Violation] = []

    public init(line: Int) { self.line = line }

    public func add(_ path: String, _ rule: String, _ message: String) {
        items.append(Violation(line: line, eventId: eventId, path: path, rule: rule, message: message))
    }

    public var isEmpty: Bool { items.isEmpty }

    /// Empties the sink for the next record, keeping its storage (reused by ``RecordReader``).
    func reset() {
        items.removeAll(keepingCapacity: true)
        eventId = nil
    }
}
