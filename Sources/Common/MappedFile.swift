import Foundation

/// Read-only memory maps of weight files, and a way to hand their pages back once read.
public enum MappedFile {
    /// The file mapped read-only with mmap (Foundation's `.alwaysMapped` reads the whole file into memory
    /// on Linux); unmapped when the last copy of the Data goes away.
    public static func map(_ url: URL) throws -> Data {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw FileError("\(url.path) cannot be opened: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileError("\(url.path) cannot be read: \(String(cString: strerror(errno)))") }
        let size = Int(status.st_size)
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw FileError("\(url.path) cannot be memory-mapped: \(String(cString: strerror(errno)))")
        }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    /// Lets the kernel drop the mapped pages of a range already read, so they stop counting in this
    /// process's memory; pages read again later fault back in from the file.
    public static func release(_ start: UnsafeRawPointer, byteCount: Int) {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let first = UInt(bitPattern: start) & ~(page - 1)
        let end = UInt(bitPattern: start) + UInt(byteCount)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(end - first), MADV_DONTNEED)
    }
}

/// A file that cannot be opened, read or mapped: one sentence naming it and the system's reason.
public struct FileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
