@_spi(Writing) public import AlboLog
public import AlboProjections

extension ProjectionRunner {
    /// The runner of a test's store: catching up when the store is writable (as the command
    /// line's), reading the projections as last applied when it is read-only.
    public init(ledger: Ledger, projections: [any Projection] = ProjectionRegistry.all) {
        if let updater = try? ledger.projectionUpdater() {
            self.init(updater: updater, projections: projections)
        } else {
            self.init(reader: ledger.reader, projections: projections)
        }
    }
}
