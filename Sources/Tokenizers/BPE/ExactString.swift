/// A string compared and hashed by its UTF-8 bytes. Swift's `String` equality is canonical equivalence ("é" written
/// as one scalar equals "e" + U+0301), but a vocabulary tells such spellings apart, as the Hugging Face tokenizer does.
struct ExactString: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: ExactString, b: ExactString) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
