import AlboDomain
@testable import AlboLog
import AlboTestSupport
import Foundation
import LMDB
import Testing

/// The store's meta `format` is read on every open: a later format is refused, earlier
/// stores (with format 1, or from before the key existed) open as they always did.
@Suite("Store format check on open")
struct StoreFormatTests {
    /// Writes meta `format` (nil deletes it) in a store, as another albo would have left it.
    private func setFormat(_ value: String?, in store: TempStore) throws {
        try store.ledger.env.write { txn in
            let meta = try txn.open("meta", create: false)
            if let value {
                try txn.put(meta, Array("format".utf8), Array(value.utf8))
            } else {
                try txn.delete(meta, Array("format".utf8))
            }
        }
    }

    private func sample(_ store: TempStore) throws {
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
    }

    @Test("a store created now records format 1 and opens")
    func created_recordsFormat() throws {
        let store = try TempStore()
        let format = try store.ledger.env.read { txn in
            try txn.get(try txn.open("meta", create: false), Array("format".utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(format == "1")
        _ = try Ledger(path: store.path)
    }

    @Test("a later format is refused on open, by the library and by the binary (64), and nothing changes")
    func newerFormat_refused() throws {
        let store = try TempStore()
        try sample(store)
        try setFormat("2", in: store)
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path + "/data.mdb"))
        #expect {
            _ = try Ledger(path: store.path)
        } throws: { error in
            (error as? LogError)?.code == .newerFormat
        }
        for args in [["verify"], ["show", "0"], ["append", "-"], ["query", "cases"]] {
            let run = try Subprocess.albo(args + ["--store", store.path], stdin: "")
            #expect(run.code == 64, "albo \(args) on a format-2 store: exit \(run.code), \(run.stderr)")
            #expect(run.stderr.contains("newer albo"), "\(run.stderr)")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: store.path + "/data.mdb"))
        #expect(before == after)
    }

    @Test("a format that is no number is damage (2), not a newer albo")
    func garbledFormat_isDamage() throws {
        let store = try TempStore()
        try setFormat("x1", in: store)
        let run = try Subprocess.albo(["verify", "--store", store.path])
        #expect(run.code == 2, "\(run.code) \(run.stderr)")
        #expect(run.stderr.contains("format"))
    }

    @Test("a store from before the format key existed opens and verifies")
    func noFormatKey_opens() throws {
        let store = try TempStore()
        try sample(store)
        try setFormat(nil, in: store)
        _ = try Ledger(path: store.path)
        let run = try Subprocess.albo(["verify", "--store", store.path])
        #expect(run.code == 0, "\(run.stderr)")
    }
}
