/// A term of one of the payloads' closed vocabularies (docs/reference.md §2): its raw value is the
/// exact text events carry, so the stored bytes never change.
public protocol VocabularyTerm: RawRepresentable, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible
    where RawValue == String {}

extension VocabularyTerm {
    /// The text events carry.
    public var description: String { rawValue }

    /// Terms order as their text does, so a sorted list of terms reads as a sorted list of names.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Every term's text in Swift's `String` order: the order messages list them in.
    public static var names: [String] { allCases.map(\.rawValue).sorted() }

    /// `names` as a set, for the list readers.
    static var nameSet: Set<String> { Set(allCases.map(\.rawValue)) }
}

/// `ProtocolSigned.kind`.
public enum ProtocolKind: String, VocabularyTerm {
    case memorandum, convention, agreement
    case serviceContract = "service-contract"
}

/// `HireAnnounced.contract`.
public enum HireContract: String, VocabularyTerm {
    case permanent
    case fixedTerm = "fixed-term"
    case flexible
}

/// `HireAnnounced.recruitment`.
public enum Recruitment: String, VocabularyTerm {
    case publicCompetition = "public-competition"
    case mobility, direct
}

/// `CaseOpened.targetGroup`, which also keys a protocol's tariffs.
public enum TargetGroup: String, VocabularyTerm {
    case economicDisadvantage = "economic-disadvantage"
    case disability
    case unemployedOver45 = "unemployed-over-45"
    case youngUnemployed = "young-unemployed"
    case other
}

/// `TraineeshipStarted.kind`.
public enum TraineeshipKind: String, VocabularyTerm {
    case extracurricular
    case schoolWork = "school-work"
}

/// `PlacementConfirmed.contract`, and the kinds a protocol's `eligibleContracts` lists.
public enum PlacementContract: String, VocabularyTerm {
    case permanent
    case fixedTerm = "fixed-term"
    case apprenticeship
}

/// `CaseClosed.reason`.
public enum CloseReason: String, VocabularyTerm {
    case placed, completed, withdrawn, transferred
}
