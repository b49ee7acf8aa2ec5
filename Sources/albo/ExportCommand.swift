import ArgumentParser

/// `albo export`: evidence exports.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export verifiable evidence from the log.",
        subcommands: [ExportPaymentsCommand.self]
    )

    /// `--store` before the subcommand: the subcommand's own options share this value.
    @OptionGroup var storeOptions: StoreOptions
}
