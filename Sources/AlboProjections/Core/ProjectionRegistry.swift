/// The projections Albo maintains. A new projection is one file and one line here.
public enum ProjectionRegistry {
    /// Every registered projection, in the order `albo projections` lists them.
    public static let all: [any Projection] = [
        CasesProjection(),
        ProtocolsProjection(),
        HiresProjection(),
        TraineeshipsProjection(),
        OutcomesProjection(),
        DesksProjection(),
    ]

    /// The projection registered under `name`, if any.
    public static func named(_ name: String) -> (any Projection)? {
        all.first { $0.name == name }
    }
}
