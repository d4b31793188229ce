import Foundation

/// evalbench's own cache folder: `$EVALBENCH_CACHE`, else `$XDG_CACHE_HOME/evalbench`, else `~/.cache/evalbench`.
public enum EvalbenchCacheFolder {
    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let folder = environment["EVALBENCH_CACHE"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        if let folder = environment["XDG_CACHE_HOME"], !folder.isEmpty { return URL(fileURLWithPath: folder).appendingPathComponent("evalbench") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/evalbench")
    }
}
