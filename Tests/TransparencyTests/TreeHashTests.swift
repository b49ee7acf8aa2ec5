import Crypto
import Foundation
import Testing
import Transparency

@Suite struct TreeHashTests {
    let sample = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"

    @Test func hex_roundTripsLowercase() throws {
        let value = try #require(TreeHash(hex: sample))
        #expect(value.hex == sample)
        #expect(value.description == sample)
        #expect(TreeHash(hex: sample.uppercased()) == value)
    }

    @Test func bytes_keepTheirOrder() throws {
        let bytes = (0..<32).map { UInt8($0) }
        let value = try #require(TreeHash(bytes: bytes))
        #expect(value.bytes == bytes)
        #expect(value.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(value.withUnsafeBytes { Array($0) } == bytes)
        #expect(TreeHash(bytes: bytes[...]) == value)
    }

    @Test func init_rejectsWrongLengthsAndDigits() {
        #expect(TreeHash(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(TreeHash(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(TreeHash(hex: String(sample.dropLast())) == nil)
        #expect(TreeHash(hex: sample + "00") == nil)
        #expect(TreeHash(hex: "g" + sample.dropFirst()) == nil)
        #expect(TreeHash(hex: "") == nil)
    }

    @Test func base64_isPaddedStandardAndStrict() throws {
        let value = try #require(TreeHash(hex: sample))
        let text = value.base64
        #expect(text == Data(value.bytes).base64EncodedString())
        #expect(text.count == 44 && text.hasSuffix("="))
        #expect(TreeHash(base64: text) == value)
        #expect(TreeHash(base64: String(text.dropLast())) == nil, "padding is required")
        #expect(TreeHash(base64: " " + text) == nil)
        // Same bytes, but the unused low bits of the last digit are set: not canonical.
        let last = text.index(text.endIndex, offsetBy: -2)
        #expect(TreeHash(base64: text.replacingCharacters(in: last...last, with: "j")) == nil)
        #expect(TreeHash(base64: Data(repeating: 7, count: 31).base64EncodedString()) == nil)
    }

    @Test func initDigest_matchesSwiftCryptoBytes() {
        let digest = SHA256.hash(data: Array("abc".utf8))
        #expect(TreeHash(digest: digest).bytes == Array(digest))
        #expect(TreeHash(digest: digest).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hashable_distinguishesEveryWord() throws {
        var set: Set<TreeHash> = []
        for position in stride(from: 0, to: 32, by: 8) {
            var bytes = [UInt8](repeating: 0, count: 32)
            bytes[position] = 1
            set.insert(try #require(TreeHash(bytes: bytes)))
        }
        set.insert(.zero)
        #expect(set.count == 5)
    }

    @Test func codable_usesHexStrings() throws {
        let value = try #require(TreeHash(hex: sample))
        let json = try JSONEncoder().encode([value])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(sample)\"]")
        #expect(try JSONDecoder().decode([TreeHash].self, from: json) == [value])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([TreeHash].self, from: Data("[\"abc\"]".utf8)) }
    }
}
