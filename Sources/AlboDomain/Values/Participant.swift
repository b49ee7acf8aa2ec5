/// `CaseOpened.participant` (payload version 2): what the ESF+ common indicators ask of a
/// participant on entry (Reg. (EU) 2021/1057 Annex I). Personal data, sealed as one value.
public struct Participant: Sendable, Hashable {
    public var gender: Gender
    public var ageAtEntry: Int
    public var labourStatus: LabourStatus
    public var education: Education
    /// The declared flags; nil = not declared (special-category data may be left undeclared).
    public var disability: Bool?
    public var thirdCountNational: Bool?
    public var foreignBackground: Bool?
    public var minority: Bool?
    public var homeless: Bool?
    public var rural: Bool?

    public init(gender: Gender, ageAtEntry: Int, labourStatus: LabourStatus, education: Education, disability: Bool? = nil,
                thirdCountNational: Bool? = nil, foreignBackground: Bool? = nil, minority: Bool? = nil, homeless: Bool? = nil, rural: Bool? = nil) {
        self.gender = gender
        self.ageAtEntry = ageAtEntry
        self.labourStatus = labourStatus
        self.education = education
        self.disability = disability
        self.thirdCountNational = thirdCountNational
        self.foreignBackground = foreignBackground
        self.minority = minority
        self.homeless = homeless
        self.rural = rural
    }

    /// The optional flags by member name, in the order the contract lists them.
    public static let flagNames = ["disability", "thirdCountNational", "foreignBackground", "minority", "homeless", "rural"]

    /// The flags as (name, value), value nil when not declared.
    public var flags: [(String, Bool?)] {
        [("disability", disability), ("thirdCountNational", thirdCountNational), ("foreignBackground", foreignBackground),
         ("minority", minority), ("homeless", homeless), ("rural", rural)]
    }

    /// The JSON object events carry.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["gender": .string(gender.rawValue), "ageAtEntry": .integer(Int64(ageAtEntry)),
                                      "labourStatus": .string(labourStatus.rawValue), "education": .string(education.rawValue)]
        for (name, value) in flags { if let value { o[name] = .bool(value) } }
        return .object(o)
    }

    /// The RFC 8785 text of `json`: what is sealed in a sealed store.
    public var canonicalText: String { String(decoding: CanonicalJSON.encode(json), as: UTF8.self) }
}

/// `participant.gender`: the ESF+ breakdown (women, men, non-binary).
public enum Gender: String, VocabularyTerm {
    case female, male
    case nonBinary = "non-binary"
}

/// `participant.labourStatus` on entry.
public enum LabourStatus: String, VocabularyTerm {
    case unemployed
    case longTermUnemployed = "long-term-unemployed"
    case inactive, employed
    case selfEmployed = "self-employed"
}

/// `participant.education`: the highest ISCED level attained.
public enum Education: String, VocabularyTerm {
    case isced02 = "isced-0-2"
    case isced34 = "isced-3-4"
    case isced58 = "isced-5-8"
}

/// `CaseClosed.resultsOnLeaving` (payload version 2).
public enum LeavingResult: String, VocabularyTerm {
    case jobSearching = "job-searching"
    case educationOrTraining = "education-or-training"
    case qualification, employment
}

/// `FollowUpRecorded.situation`.
public enum FollowUpSituation: String, VocabularyTerm {
    case employed
    case selfEmployed = "self-employed"
    case notEmployed = "not-employed"
}

/// A personal value that is not a single vocabulary term (an object, a list, a flag), as a
/// record holds it: in clear, sealed (the RFC 8785 text of the value, sealed as one), or
/// erased once its subject's key is gone.
public enum Sealable<Value: Sendable & Hashable>: Sendable, Hashable {
    case clear(Value)
    case sealed(String)
    case erased

    /// The value, when in clear.
    public var value: Value? {
        if case .clear(let v) = self { return v }
        return nil
    }
}

extension Sealable {
    /// The text a record holds: the clear value's RFC 8785 text (by `clearText`), the sealed
    /// text, or `erased`.
    public func text(_ clearText: (Value) -> String) -> String {
        switch self {
        case .clear(let v): clearText(v)
        case .sealed(let s): s
        case .erased: PersonalFields.erased
        }
    }
}

extension LeavingResult {
    /// A list's RFC 8785 text, as sealed.
    public static func canonicalText(_ list: [LeavingResult]) -> String {
        String(decoding: CanonicalJSON.encode(.array(list.map { .string($0.rawValue) })), as: UTF8.self)
    }
}

extension Participant {
    /// Reads `participant` (an object) with the rules of every payload field; nil when it is
    /// missing or wrong (each problem reported).
    static func read(_ d: inout some FieldReading) -> Participant? {
        guard var o = d.object("participant", required: true) else { return nil }
        let gender = o.oneOf("gender", Gender.self, required: true)
        let age = o.integer("ageAtEntry", required: true, in: 0...120)
        let status = o.oneOf("labourStatus", LabourStatus.self, required: true)
        let education = o.oneOf("education", Education.self, required: true)
        var flags: [String: Bool] = [:]
        for name in flagNames { if let b = o.boolean(name, required: false) { flags[name] = b } }
        o.rejectUnknown()
        guard o.isClean, let gender, let age, let status, let education else { return nil }
        return Participant(gender: gender, ageAtEntry: Int(age), labourStatus: status, education: education,
                           disability: flags["disability"], thirdCountNational: flags["thirdCountNational"],
                           foreignBackground: flags["foreignBackground"], minority: flags["minority"],
                           homeless: flags["homeless"], rural: flags["rural"])
    }
}
