import AlboTestSupport
import Foundation
import LMDB
import Testing

@Suite("Dead readers")
struct DeadReaderTests {
    /// Opens the environment at argv[1] read-only through liblmdb itself, begins a read
    /// transaction and dies of SIGKILL: its reader slot stays behind, naming a dead process.
    static let dyingReader = """
        import ctypes, os, signal, sys
        lib = ctypes.CDLL("liblmdb.so.0")
        env, txn = ctypes.c_void_p(), ctypes.c_void_p()
        assert lib.mdb_env_create(ctypes.byref(env)) == 0
        lib.mdb_env_set_maxdbs(env, 32)
        assert lib.mdb_env_open(env, sys.argv[1].encode(), 0x20000 | 0x200000, 0o600) == 0  # MDB_RDONLY | MDB_NOTLS
        assert lib.mdb_txn_begin(env, None, 0x20000, ctypes.byref(txn)) == 0
        print("reading", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """

    @Test("a reader killed while holding a snapshot does not pin pages for a writer that keeps writing")
    func write_clearsDeadReadersSlots() throws {
        let path = NSTemporaryDirectory() + "albo-lmdb-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = Environment.Options()
        options.initialMapSize = 512 << 20
        let env = try Environment(path: path, options: options)
        func rewrite(_ fill: UInt8) throws {
            try env.write { txn in
                let db = try txn.open("data")
                for i in UInt64(0)..<1_000 { try txn.put(db, BigEndian.bytes(i), [UInt8](repeating: fill, count: 1_000)) }
            }
        }
        try rewrite(0)
        let reader = try Subprocess.python(["-c", Self.dyingReader, path])
        #expect(reader.stdout == "reading\n", "the dying reader did not get its snapshot: \(reader.stderr)")
        let before = env.usedBytes
        // 100 rewrites of ~1 MB: each frees the pages the one before wrote. Pinned by the
        // dead reader's snapshot, none of them could be reused and the file would grow by
        // about 100 MB.
        for round in 1...100 { try rewrite(UInt8(round)) }
        #expect(env.usedBytes - before < 16 << 20, "the store grew by \(env.usedBytes - before) bytes under a dead reader")
    }
}
