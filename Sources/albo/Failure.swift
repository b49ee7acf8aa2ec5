import ArgumentParser
import AlboDomain
import AlboEvidence
import AlboLog
import AlboProjections
import AlboReports
import Foundation

/// Exit codes of docs/reference.md §4.
enum Exit {
    static let verificationFailed: Int32 = 2
    static let usage: Int32 = 64
    static let invalidInput: Int32 = 65
    static let notFound: Int32 = 66
    static let internalError: Int32 = 70
    /// sysexits' EX_IOERR: the disk (or quota) is full; nothing was written.
    static let diskFull: Int32 = 74
    static let conflict: Int32 = 75

    /// The exit code of each AlboLog failure.
    static func code(for code: LogError.Code) -> Int32 {
        switch code {
        case .storeNotFound, .permissionDenied, .readOnly, .inputUnreadable, .backupParentMissing, .keysUnreadable: notFound
        case .badOrigin, .badAsOf, .badProofRequest, .backupDestinationNotEmpty, .notSealed, .newerFormat: usage
        case .corrupt, .keysDamaged: verificationFailed
        case .diskFull: diskFull
        default: internalError  // notAStore, backupFailed, misuse, keysFailed, scratchFailed
        }
    }

    /// The exit code of each AlboProjections failure.
    static func code(for code: ProjectionError.Code) -> Int32 {
        switch code {
        case .notFound, .readOnly: notFound
        case .usage: usage
        default: internalError  // corrupt
        }
    }

    /// The exit code of each AlboReports failure.
    static func code(for code: ReportError.Code) -> Int32 {
        switch code {
        case .notFound: notFound
        case .usage: usage
        default: internalError  // io
        }
    }

    /// The exit code of each AlboEvidence failure.
    static func code(for code: EvidenceError.Code) -> Int32 {
        switch code {
        case .protocolNotFound, .claimNotFound: notFound
        case .noPaymentTerms, .badKey, .erased, .claimVoided: invalidInput
        case .usage, .badPeriod, .amountOverflow: usage
        case .damaged, .claimUnsupported: verificationFailed
        default: internalError  // writeFailed
        }
    }
}

/// The longest error line `printError` writes, in characters.
let maxMessage = 1024

/// An error the CLI reports as one sentence on stderr with its exit code.
struct CLIFailure: Error {
    var code: Int32
    var message: String
}

/// Writes a line to standard error, at most `maxMessage` characters: a message that quotes
/// a bad value (a 100 kB argument, a huge line) shows only its start.
func printError(_ message: String) {
    let message = Excerpt.of(message, limit: maxMessage)
    // The throwing write: the old `write(_:)` traps when stderr is closed or full.
    try? FileHandle.standardError.write(contentsOf: Data(("albo: " + message + "\n").utf8))
}

/// Runs a command body, turning every known error into a message and an exit code.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch where isDiskFull(error) {
        // Whatever layer met it (the keys, LMDB, a bundle's or report's files, a backup copy).
        printError("the disk is full: nothing was written (\(Excerpt.of("\(error)", limit: 4 * Excerpt.limit))); free some space and run the command again")
        throw ExitCode(Exit.diskFull)
    } catch let e as CLIFailure {
        printError(e.message)
        throw ExitCode(e.code)
    } catch let e as LogError {
        printError(e.code == .corrupt ? "the store is damaged: \(e.message); run `albo verify` for the full report"
                   : e.code == .misuse ? "internal error: \(e.message)" : e.message)
        throw ExitCode(Exit.code(for: e.code))
    } catch let e as CocoaError where e.code == .fileNoSuchFile || e.code == .fileReadNoSuchFile || e.code == .fileReadNoPermission {
        let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? "input"
        printError("cannot read \(path): no such file or not readable")
        throw ExitCode(Exit.notFound)
    } catch let e as ProjectionError {
        printError(e.message)
        throw ExitCode(Exit.code(for: e.code))
    } catch let e as ReportError {
        printError(e.message)
        throw ExitCode(Exit.code(for: e.code))
    } catch let e as EvidenceError {
        printError(e.code == .damaged ? "the store is damaged, nothing was written or signed: \(e.description); run `albo verify` for the full report, and restore the store from a backup" : e.description)
        throw ExitCode(Exit.code(for: e.code))
    } catch let e as ExitCode {
        throw e
    } catch {
        if let storage = StorageFailure(error) {
            if storage.isDiskFull {
                printError("the disk is full: nothing was written (\(storage)); free some space and run the command again")
                throw ExitCode(Exit.diskFull)
            }
            printError(storage.isDamage ? "the store is damaged (\(storage)); run `albo verify` for the full report" : "storage error: \(storage)")
            throw ExitCode(storage.isDamage ? Exit.verificationFailed : Exit.internalError)
        }
        printError("internal error: \(error)")
        throw ExitCode(Exit.internalError)
    }
}

/// Whether `error` is a full disk or quota, from any module: a `LogError.diskFull`, an LMDB
/// ENOSPC, or a write error whose text is the system's ENOSPC/EDQUOT message.
func isDiskFull(_ error: any Error) -> Bool {
    if let e = error as? LogError, e.code == .diskFull { return true }
    if let storage = StorageFailure(error), storage.isDiskFull { return true }
    let text = "\(error)"
    return [ENOSPC, EDQUOT].contains { text.contains(String(cString: strerror($0))) }
}
