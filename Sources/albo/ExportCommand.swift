import ArgumentParser

/// `albo export`: evidence exports.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export verifiable evidence from the log.",
        subcommands: [ExportPaymentsCommand.self]
    )
}
