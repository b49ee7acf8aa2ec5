// Public imports: the ExpressibleByArgument conformances below are on public types.
public import ArgumentParser
public import AlboDomain
public import AlboLog

// Values parsed at the edge: a bad `--as-of` or date is a usage error (64) from the
// argument parser, before any store is opened or any work starts.

extension AsOf: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// Why an option's value was refused; the argument parser prints it after
/// "The value 'V' is invalid for '--option <name>': ".
struct ArgumentProblem: Error, CustomStringConvertible {
    var description: String
}

/// Transforms for typed options that say why a value is refused (`ExpressibleByArgument`
/// alone only says that it is).
enum Parse {
    /// `--as-of N|TIMESTAMP`.
    static func asOf(_ text: String) throws -> AsOf {
        guard let point = AsOf(argument: text) else { throw ArgumentProblem(description: AsOf.problem(with: text)) }
        return point
    }

    /// A `YYYY-MM-DD` option.
    static func date(_ text: String) throws -> CivilDate {
        guard let day = CivilDate(argument: text) else {
            throw ArgumentProblem(description: "not a calendar date that exists: use YYYY-MM-DD, e.g. 2023-10-31")
        }
        return day
    }
}
