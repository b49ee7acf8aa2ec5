/// Why a JSON text was refused, and where: `offset` is the 0-based byte position in the input.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 0-based byte offset of the problem in the parsed bytes (add 1 for an editor column).
    public var offset: Int
    /// What is wrong, in words a person understands, without the position.
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}

extension JSONSyntaxError {
    /// How an offending byte reads in a message: the character itself when printable ASCII,
    /// else its hex value, because a raw control or partial UTF-8 byte would garble the text.
    static func show(_ byte: UInt8) -> String {
        if byte > 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex2(byte))"
    }

    /// Two uppercase hex digits, for bytes in messages.
    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
