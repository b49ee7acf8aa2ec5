import AlboDomain

extension Ledger {
    /// What is wrong with the sealing of `record` in a sealed store: each personal field its
    /// type declares must hold a sealed value bound to this very event, all of one subject.
    /// (Whether a box opens needs the key, which `verify` does not read: an auditor checks
    /// the log without it.)
    static func sealingProblems(_ record: StoredRecord) -> [String] {
        var problems: [String] = []
        var subjects = Set<String>()
        for case let (field, value?) in record.payload.personalValues {
            guard let sealed = SealedValue(value) else {
                problems.append("\(field) is stored in clear in a store that seals personal fields")
                continue
            }
            if sealed.eventId != record.id { problems.append("\(field) is sealed for event \(sealed.eventId), not this one: it was moved") }
            subjects.insert(sealed.subject)
        }
        if subjects.count > 1 { problems.append("the personal fields are sealed for \(subjects.count) different subjects") }
        return problems
    }
}
