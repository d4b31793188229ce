import Foundation

/// The CPU feature flags Linux reports in /proc/cpuinfo (`avx2`, `avx512f`, …): those the OS lets programs use.
/// Empty elsewhere.
public enum CPUFlags {
    public static let all: Set<String> = {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " ").map(String.init))
    }()

    /// True when every one of `flags` is reported.
    public static func has(_ flags: String...) -> Bool { flags.allSatisfy(all.contains) }
}
