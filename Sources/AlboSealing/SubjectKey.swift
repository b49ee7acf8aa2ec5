import AlboDomain
import Crypto
import Foundation

/// A data subject's 256-bit sealing key: whoever holds it opens the subject's personal
/// fields; destroying it makes them unreadable for good (crypto-shredding).
public struct SubjectKey: Sendable, Hashable {
    /// The 32 key bytes. (Only the bytes: a store keeps hundreds of thousands of keys in
    /// memory; what swift-crypto makes of a key is made per event, in `Context`.)
    public let bytes: [UInt8]

    /// A key from its 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.init(unchecked: bytes)
    }

    /// The key as swift-crypto uses it, made once for all the fields of one event.
    struct Context {
        let symmetric: SymmetricKey
        /// HMAC-SHA256 keyed with it, before any message: each nonce copies it.
        let keyedHMAC: HMAC<SHA256>

        init(_ key: SubjectKey) {
            symmetric = SymmetricKey(data: key.bytes)
            keyedHMAC = HMAC<SHA256>(key: symmetric)
        }
    }

    /// A fresh random key.
    public static func random() -> SubjectKey {
        SubjectKey(unchecked: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The key as unpadded base64url text (the keys file and evidence bundles).
    public var text: String { Base64URL.encode(bytes) }

    /// Reads the base64url text form; nil when it is not 32 bytes.
    public init?(text: String) {
        guard let b = Base64URL.decode(text) else { return nil }
        self.init(bytes: b)
    }
}

/// Makes the reference and key of each new data subject. Production uses `.random`; tests
/// inject `.derived(from:)` through the API so that a sealed store's roots are reproducible.
public struct SubjectKeySource: Sendable {
    let make: @Sendable (_ person: String) -> (reference: String, key: SubjectKey)

    /// 16 random bytes for the reference and 32 for the key.
    public static let random = SubjectKeySource { _ in
        RandomPool.shared.draw(48) { bytes in
            (SubjectReference.make(from: Array(bytes.prefix(16))), SubjectKey(unchecked: Array(bytes[16..<48])))
        }
    }

    /// Reference and key derived from `seed` and the person by HMAC-SHA256: for tests only.
    public static func derived(from seed: [UInt8]) -> SubjectKeySource {
        SubjectKeySource { person in
            let k = SymmetricKey(data: seed)
            let ref = Array(HMAC<SHA256>.authenticationCode(for: Array(("ref\u{0}" + person).utf8), using: k))
            let key = Array(HMAC<SHA256>.authenticationCode(for: Array(("key\u{0}" + person).utf8), using: k))
            return (SubjectReference.make(from: Array(ref.prefix(16))), SubjectKey(unchecked: key))
        }
    }

    /// The reference and key for a person seen for the first time.
    public func newSubject(for person: String) -> (reference: String, key: SubjectKey) { make(person) }
}

/// Unpadded base64url (RFC 4648 §5), byte by byte: the keys file holds one per subject.
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the unpadded base64url text of `bytes` to `out`.
    static func append(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let count = (bytes.count * 4 + 2) / 3
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        out.withUnsafeMutableBufferPointer { buffer in
            alphabet.withUnsafeBufferPointer { alphabet in
                var o = start
                func put(_ n: UInt32, _ shift: UInt32) {
                    buffer[o] = alphabet[Int(n >> shift & 63)]
                    o += 1
                }
                var i = 0
                while i + 3 <= bytes.count {
                    let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                    put(n, 18); put(n, 12); put(n, 6); put(n, 0)
                    i += 3
                }
                let rest = bytes.count - i
                if rest > 0 {
                    let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                    put(n, 18); put(n, 12)
                    if rest == 2 { put(n, 6) }
                }
            }
        }
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0[...]) }
    }

    /// Decodes unpadded base64url bytes; nil on any other character or an impossible length.
    public static func decode(_ chars: some Collection<UInt8>) -> [UInt8]? {
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = values[Int(c)]
            guard v != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

/// Random bytes from the kernel's generator, read 12 KiB at a time. swift-crypto's
/// `SymmetricKey(size:)` draws from the same generator through Swift's
/// `SystemRandomNumberGenerator`, one `getrandom` call per 8 bytes: six system calls per new
/// person, 4.6% of a big sealed append's writing thread. A draw's bytes are wiped from the
/// pool as they are handed out.
final class RandomPool: @unchecked Sendable {
    static let shared = RandomPool()
    private let lock = NSLock()
    private var pool: [UInt8] = []
    private var next = 0
    private static let size = 12 * 1024

    func draw<T>(_ count: Int, _ use: (UnsafeRawBufferPointer) -> T) -> T {
        precondition(count <= Self.size)
        lock.lock()
        defer { lock.unlock() }
        if next + count > pool.count {
            pool = Self.kernelRandom(Self.size)
            next = 0
        }
        defer {
            for i in next..<next + count { pool[i] = 0 }
            next += count
        }
        return pool.withUnsafeBytes { use(UnsafeRawBufferPointer(rebasing: $0[next..<next + count])) }
    }

    /// `count` bytes from the kernel's generator (`/dev/urandom`: the same generator as
    /// `getrandom(2)`, which Glibc's Swift module does not expose).
    private static func kernelRandom(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot open /dev/urandom: errno \(errno)")
        defer { close(fd) }
        var filled = 0
        while filled < count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
            if n <= 0 {
                precondition(n < 0 && errno == EINTR, "cannot read /dev/urandom: errno \(errno)")
                continue
            }
            filled += n
        }
        return out
    }
}
