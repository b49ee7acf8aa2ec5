import AlboPublication
import ArgumentParser
import Foundation
import Transparency

extension Exit {
    /// A service the command needs (a witness, a URL) is unavailable.
    static let unavailable: Int32 = 69

    /// The exit code of each publication failure.
    static func code(for code: PublicationError.Code) -> Int32 {
        switch code {
        case .inconsistent, .unverified: verificationFailed
        case .unavailable: unavailable
        case .usage: usage
        case .notFound: notFound
        default: internalError  // io
        }
    }
}

/// `runReporting` for the publication commands: their errors become a message and an exit code.
func runPublication(_ body: () throws -> Void) throws {
    try runReporting {
        do {
            try body()
        } catch let e as PublicationError {
            throw CLIFailure(code: Exit.code(for: e.code), message: e.message)
        }
    }
}
