import AlboTestSupport
import Foundation
import Testing

/// `--store` may come before a command group's subcommand as well as after it.
@Suite("--store before the subcommand")
struct StoreBeforeSubcommandTests {
    @Test("query and report give the same output with --store before or after the subcommand; help shows it in both places")
    func storeBeforeOrAfter_sameOutput() throws {
        let w = try TempDirectory()
        let events = [Sample.protocolLine] + (1...6).map { Sample.caseLine($0) }
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: events.joined(separator: "\n")).code == 0)

        let outcomes = ["--protocol", "conv-trecate-2022", "--from", "2022-01-01", "--to", "2022-12-31"]
        let after = try AlboBinary.run(["query", "outcomes", "--store", w.store] + outcomes)
        let before = try AlboBinary.run(["query", "--store", w.store, "outcomes"] + outcomes)
        #expect(after.code == 0 && after.stdout.contains("activated"), "\(after.stderr)")
        #expect(before.code == 0 && before.stdout == after.stdout, "\(before.stderr)")
        let casesAfter = try AlboBinary.run(["query", "cases", "--store", w.store, "--json"])
        let casesBefore = try AlboBinary.run(["query", "--store", w.store, "cases", "--json"])
        #expect(casesAfter.code == 0 && casesAfter.stdout.contains("TRE-6") && casesBefore.stdout == casesAfter.stdout)

        let semester = ["--semester", "2022-H2", "--exact", "--date", "2023-01-15"]
        let r1 = try AlboBinary.run(["report", "semester", "--store", w.store, "--out", w.path + "/r1"] + semester)
        let r2 = try AlboBinary.run(["report", "--store", w.store, "semester", "--out", w.path + "/r2"] + semester)
        #expect(r1.code == 0 && r2.code == 0, "\(r1.stderr)\(r2.stderr)")
        let f1 = try Data(contentsOf: URL(fileURLWithPath: w.path + "/r1/figures.json"))
        let f2 = try Data(contentsOf: URL(fileURLWithPath: w.path + "/r2/figures.json"))
        #expect(!f1.isEmpty && f1 == f2)

        // The groups whose subcommands write or export reach the store given before the subcommand.
        let missing = w.path + "/no-such-store"
        let pay = try AlboBinary.run(["claim", "--store", missing, "pay", "C-1", "--paid-on", "2023-01-02", "--amount", "5"])
        #expect(pay.code == 66 && pay.stderr.contains("no store at \(missing)"), "\(pay.stderr)")
        let file = try AlboBinary.run(["claim", "--store", missing, "--protocol", "conv-trecate-2022", "--from", "2022-01-01", "--to", "2022-12-31", "--dry-run"])
        #expect(file.code == 66 && file.stderr.contains("no store at \(missing)"), "\(file.stderr)")

        for args in [["query", "--help"], ["query", "outcomes", "--help"], ["report", "--help"], ["report", "semester", "--help"],
                     ["export", "--help"], ["export", "payments", "--help"], ["claim", "--help"], ["claim", "pay", "--help"]] {
            let help = try AlboBinary.run(args)
            #expect(help.code == 0 && help.stdout.contains("--store <path>"), "\(args): \(help.stdout)")
        }
    }
}
