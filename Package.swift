// swift-tools-version: 6.1
import PackageDescription

/// Strict settings for every Albo target: Swift 6 language mode is the package default.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Albo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "albo", targets: ["albo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The witness's HTTP server and the auditor's and publisher's HTTP client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(name: "LMDB", dependencies: ["CLMDB"], swiftSettings: strict),
        .target(
            name: "Transparency",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "AlboDomain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "AlboSealing",
            dependencies: ["AlboDomain", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "AlboLog",
            dependencies: ["LMDB", "AlboDomain", "AlboSealing", "Transparency", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "AlboProjections", dependencies: ["AlboLog", "AlboDomain", "AlboSealing", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "AlboEvidence", dependencies: ["AlboLog", "AlboDomain", "AlboSealing", "Transparency", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "AlboReports", dependencies: ["AlboProjections", "AlboEvidence", "AlboLog", "AlboDomain", "AlboSealing", "Transparency", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "AlboPublication", dependencies: ["AlboLog", "Transparency", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(
            name: "AlboNetwork",
            dependencies: [
                "AlboPublication", "Transparency",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "albo",
            dependencies: [
                "AlboLog", "AlboProjections", "AlboEvidence", "AlboReports", "Transparency", "AlboDomain", "AlboSealing",
                "AlboPublication", "AlboNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "albo-bench", dependencies: ["AlboLog", "AlboDomain", "Transparency"], swiftSettings: strict),
        .target(name: "AlboTestSupport", dependencies: ["AlboLog", "AlboDomain", "AlboSealing", "AlboProjections"], path: "Tests/AlboTestSupport", swiftSettings: strict),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "AlboTestSupport"], swiftSettings: strict),
        .testTarget(name: "TransparencyTests", dependencies: ["AlboTestSupport", "Transparency"], swiftSettings: strict),
        .testTarget(name: "AlboSealingTests", dependencies: ["AlboTestSupport", "AlboSealing", "AlboDomain"], swiftSettings: strict),
        .testTarget(name: "AlboDomainTests", dependencies: ["AlboTestSupport", "AlboDomain"], swiftSettings: strict),
        .testTarget(name: "AlboLogTests", dependencies: ["AlboTestSupport", "AlboLog", "AlboDomain", "AlboSealing", "LMDB", "Transparency", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "AlboProjectionsTests", dependencies: ["AlboTestSupport", "AlboProjections", "AlboLog", "AlboDomain"], swiftSettings: strict),
        .testTarget(name: "AlboEvidenceTests", dependencies: ["AlboTestSupport", "AlboEvidence", "AlboLog", "AlboDomain", "Transparency", "albo"], swiftSettings: strict),
        .testTarget(name: "AlboReportsTests", dependencies: ["AlboTestSupport", "AlboReports", "AlboProjections", "AlboLog", "AlboDomain", "Transparency", "albo"], swiftSettings: strict),
        .testTarget(name: "AlboCLITests", dependencies: ["AlboTestSupport", "albo", "AlboSealing", "AlboDomain"], swiftSettings: strict),
        .testTarget(name: "AlboPublicationTests", dependencies: ["AlboTestSupport", "albo", "AlboPublication", "Transparency", "AlboLog"], swiftSettings: strict),
    ]
)
