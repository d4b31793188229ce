import Foundation

/// A low address-space limit (`ulimit -v`) is not refused, but warned about: OpenBLAS reserves 128 MiB of address
/// space per thread for a matrix product and, when the reservation fails, waits for it forever instead of failing.
enum AddressSpaceLimit {
    /// Below this the warning is given.
    static let comfortable: UInt64 = 4 << 30

    /// Writes the warning to stderr when the limit is set and below `comfortable`.
    static func warnIfLow() {
        #if os(Linux)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
              UInt64(limit.rlim_cur) < comfortable else { return }
        let mebibytes = UInt64(limit.rlim_cur) >> 20
        FileHandle.standardError.write(Data(("warning: the address-space limit (ulimit -v) is \(mebibytes) MiB; OpenBLAS reserves 128 MiB a "
            + "thread for matrix products and waits forever when it cannot, so a run may hang. Allow 4 GiB or more, or bound memory "
            + "with a cgroup (memory.max / memory.limit_in_bytes), which limits what is used rather than reserved.\n").utf8))
        #endif
    }
}
