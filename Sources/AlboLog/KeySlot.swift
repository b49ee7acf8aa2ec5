import AlboDomain
import AlboSealing
import Crypto
import LMDB

/// One data subject's entry in the keys store: a fixed-size slot of `KeySlot.size` bytes,
/// checksummed over its own position, so that a slot edited, moved or cut short is found.
///
/// Layout: `ASK1` (live), the subject reference (28 bytes), the key (32), the person's
/// length (1) and the person (up to 64, zero-padded), zeros to byte 144, then the first 16
/// bytes of SHA-256(slot number, 8 bytes big-endian ‖ bytes 0..<144). An erased slot is all
/// zeros.
struct KeySlot: Equatable {
    var subject: String
    var key: SubjectKey
    var person: String

    /// The bytes of one slot.
    static let size = 160
    /// The longest person a slot holds (an identifier is at most 64 characters).
    static let maxPerson = 64
    static let magic: [UInt8] = Array("ASK1".utf8)
    static let checksumOffset = 144

    /// What a slot's bytes read as.
    enum Reading: Equatable {
        case live(KeySlot)
        /// All zeros: erased, or never committed.
        case empty
        /// Anything else; the reason names what is wrong.
        case damaged(String)
    }

    /// The slot's bytes at position `index`; nil when the person does not fit (never for a
    /// valid identifier).
    func bytes(at index: UInt64) -> [UInt8]? {
        let ref = Array(subject.utf8), who = Array(person.utf8)
        guard ref.count == 28, who.count <= Self.maxPerson else { return nil }
        var out = Self.magic + ref + key.bytes + [UInt8(who.count)] + who
        out += [UInt8](repeating: 0, count: Self.checksumOffset - out.count)
        out += Self.checksum(out[...], index: index)
        return out
    }

    static func checksum(_ body: ArraySlice<UInt8>, index: UInt64) -> [UInt8] {
        var hash = SHA256()
        hash.update(data: BigEndian.bytes(index))
        hash.update(data: Array(body))
        return Array(hash.finalize().prefix(16))
    }

    /// Reads the slot at position `index` from its `size` bytes.
    static func read(_ bytes: ArraySlice<UInt8>, at index: UInt64) -> Reading {
        guard bytes.count == size else { return .damaged("slot \(index) is cut short") }
        if bytes.allSatisfy({ $0 == 0 }) { return .empty }
        let s = bytes.startIndex
        let body = bytes[s..<(s + checksumOffset)]
        guard bytes[(s + checksumOffset)...].elementsEqual(checksum(body, index: index)) else {
            return .damaged("slot \(index) fails its checksum (edited, moved or overwritten)")
        }
        let length = Int(bytes[s + 64])
        guard bytes[s..<(s + 4)].elementsEqual(magic), length >= 1, length <= maxPerson else {
            return .damaged("slot \(index) is not a key entry")
        }
        let subject = String(decoding: bytes[(s + 4)..<(s + 32)], as: UTF8.self)
        guard SubjectReference.isValid(subject), let key = SubjectKey(bytes: Array(bytes[(s + 32)..<(s + 64)])) else {
            return .damaged("slot \(index) holds no valid subject reference")
        }
        let person = String(decoding: bytes[(s + 65)..<(s + 65 + length)], as: UTF8.self)
        return .live(KeySlot(subject: subject, key: key, person: person))
    }

    /// The person-index bucket of `person`: 16 bits of its SHA-256. The index keeps no more
    /// of a person than this, so LMDB's free pages keep no more after an erasure.
    static func bucket(of person: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(person.utf8)).prefix(2))
    }
}
