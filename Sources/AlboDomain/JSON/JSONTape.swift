/// A JSON text parsed into a flat array of nodes (a simdjson-style tape), read without
/// building a dictionary per object or a `String` per key.
///
/// It accepts exactly what ``JSONParser`` accepts, with the same errors. Node 0 is the
/// root; an object's node is followed by its members, each a key node (a string) and then
/// the value's nodes; an array's node is followed by its elements. A container records how
/// many direct children it has and the index of the node after its last descendant, so a
/// reader skips a whole subtree in one step.
///
/// The tape keeps its own copy of the input and all its buffers between parses: parsing
/// record after record into the same tape allocates nothing once it has grown. The one
/// exception is duplicate detection in an object of more than 16 members, or with a key
/// that is escaped or not ASCII: there, as in JSONParser's dictionary, keys are compared as
/// Swift strings (which equate canonically equivalent keys, "é" and "e\u{301}"), so a Set of
/// Strings is built for that object. Stored records and Albo's events have neither.
public struct JSONTape: Sendable {
    /// What a node holds.
    public enum Kind: UInt8, Sendable {
        case object, array, string, integer, number, `true`, `false`, null
    }

    /// One value on the tape.
    public struct Node: Sendable {
        /// Offset of the value's first byte (an opening quote, brace or bracket, a digit…).
        public var start: Int
        /// Offset just past the value's last byte.
        public var end: Int
        /// Containers: the index of the node after the container. Integers: the `Int64` bits.
        /// Numbers: the `Double` bits.
        var payload: UInt64
        /// Containers: the number of members (objects) or elements (arrays).
        var children: UInt32
        public var kind: Kind
        /// Strings: `Flags.escaped`, `Flags.nonASCII`.
        var flags: UInt8

        enum Flags {
            static var escaped: UInt8 { 1 }
            static var nonASCII: UInt8 { 2 }
        }
    }

    /// The parsed input (a copy, so nodes stay readable whatever happens to the caller's bytes).
    public private(set) var bytes: [UInt8] = []
    /// The nodes, in document order; empty until a parse succeeds.
    public private(set) var nodes: [Node] = []
    /// Key node indices of the objects being parsed, for duplicate detection.
    private var openKeys: [Int] = []

    public init() {}

    /// Parses one JSON text, replacing what the tape held; on error the tape is empty.
    public mutating func parse(_ input: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: UnsafeBufferPointer(start: input.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                     count: input.count))
        var builder = Builder(nodes: [], openKeys: [])
        swap(&builder.nodes, &nodes)
        swap(&builder.openKeys, &openKeys)
        builder.nodes.removeAll(keepingCapacity: true)
        builder.openKeys.removeAll(keepingCapacity: true)
        // A fresh tape starts near its final size (event lines average one node per 6–7 bytes)
        // instead of doubling up to it; a reused one already has the room.
        builder.nodes.reserveCapacity(min(input.count / 6 + 4, 4_096))
        builder.openKeys.reserveCapacity(16)
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<Void, JSONSyntaxError> in
            do throws(JSONSyntaxError) {
                try builder.parseDocument(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        swap(&builder.nodes, &nodes)
        swap(&builder.openKeys, &openKeys)
        if case .failure(let error) = result {
            nodes.removeAll(keepingCapacity: true)
            throw error
        }
    }

    /// Parses one JSON text held in a byte array.
    public mutating func parse(_ input: [UInt8]) throws(JSONSyntaxError) {
        try input.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try parse(raw) }
        }.get()
    }

    /// Parses one JSON text held in a slice, such as one line of an NDJSON buffer.
    public mutating func parse(_ input: ArraySlice<UInt8>) throws(JSONSyntaxError) {
        try input.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) in try parse(raw) }
        }.get()
    }

    // MARK: - Navigation

    /// The index of the root node.
    public var root: Int { 0 }

    /// The kind of node `node`.
    @inline(__always)
    public func kind(_ node: Int) -> Kind { nodes[node].kind }

    /// The number of members of an object or elements of an array; 0 for anything else.
    @inline(__always)
    public func count(_ node: Int) -> Int { Int(nodes[node].children) }

    /// The index of the node after `node` and all its descendants (the skip link).
    @inline(__always)
    public func after(_ node: Int) -> Int {
        let n = nodes[node]
        return n.kind == .object || n.kind == .array ? Int(n.payload) : node + 1
    }

    /// The bytes of node `node` in the input, quotes, braces and brackets included.
    public func byteRange(_ node: Int) -> Range<Int> { nodes[node].start..<nodes[node].end }

    /// Whether the string at `node` is written with at least one backslash escape.
    public func hasEscapes(_ node: Int) -> Bool { nodes[node].flags & Node.Flags.escaped != 0 }

    /// An object's members as (key node, value node) pairs, in input order.
    public func members(of object: Int) -> Members { Members(tape: self, object: object) }

    /// An array's element nodes, in order.
    public func elements(of array: Int) -> Elements { Elements(tape: self, array: array) }

    /// A short name of the JSON type of `node`, as ``JSONValue/typeName`` says it.
    public func typeName(_ node: Int) -> String {
        switch kind(node) {
        case .null: "null"
        case .true, .false: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The members of an object on a tape.
    public struct Members: Sequence, IteratorProtocol {
        let tape: JSONTape
        var key: Int
        var remaining: Int

        init(tape: JSONTape, object: Int) {
            self.tape = tape
            self.key = object + 1
            self.remaining = tape.kind(object) == .object ? tape.count(object) : 0
        }

        public mutating func next() -> (key: Int, value: Int)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let member = (key: key, value: key + 1)
            key = tape.after(key + 1)
            return member
        }
    }

    /// The elements of an array on a tape.
    public struct Elements: Sequence, IteratorProtocol {
        let tape: JSONTape
        var element: Int
        var remaining: Int

        init(tape: JSONTape, array: Int) {
            self.tape = tape
            self.element = array + 1
            self.remaining = tape.kind(array) == .array ? tape.count(array) : 0
        }

        public mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let current = element
            element = tape.after(element)
            return current
        }
    }
}
