#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where a long command's time goes, without a profiler: with `ALBO_TRACE` set in the
/// environment, each `lap` writes `albo: <phase> <ms> ms` (the time since the last lap) to
/// standard error. Without it, a lap costs one branch.
public struct PhaseClock {
    /// Whether tracing is on for this process.
    public static let isOn = getenv("ALBO_TRACE") != nil
    private var last: UInt64

    public init() { last = Self.isOn ? Self.now() : 0 }

    /// Ends the phase `name` (built only when tracing is on).
    public mutating func lap(_ name: @autoclosure () -> String) {
        guard Self.isOn else { return }
        let t = Self.now()
        let line = "albo: \(name()) \((t - last) / 1_000_000) ms\n"
        var bytes = Array(line.utf8)
        _ = write(2, &bytes, bytes.count)
        last = t
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
