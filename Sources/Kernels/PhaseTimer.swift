import Dispatch

/// Accumulates wall time and floating-point operations per named phase of a computation, so a
/// benchmark can say where the time goes (matrix products versus everything else).
public struct PhaseTimer {
    public private(set) var seconds: [String: Double] = [:]
    public private(set) var flops: [String: Double] = [:]

    public init() {}

    /// Runs `body`, adding its wall time (and `flops` operations) to `phase`.
    @inline(__always)
    public mutating func measure<T>(_ phase: String, flops count: Double = 0, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            seconds[phase, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            flops[phase, default: 0] += count
        }
        return try body()
    }

    public mutating func reset() { seconds = [:]; flops = [:] }
}
