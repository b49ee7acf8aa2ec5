@_spi(Writing) import AlboLog
import AlboProjections

extension ProjectionRunner {
    /// The runner of a store a command opened: it catches the projections up when the store
    /// is writable (projection databases only: no append, no erase), and reads them as last
    /// applied when it is not.
    init(store ledger: Ledger) throws {
        if ledger.isReadOnly {
            self.init(reader: ledger.reader)
        } else {
            self.init(updater: try ledger.projectionUpdater())
        }
    }
}
