/// The generated users' e-mail addresses: `u0000042@tenant.example`.
///
/// Zero-padded so that string order is id order: memberships are keyed by e-mail, and inserting
/// them in key order keeps the bulk load append-only.
public enum UserEmail {
    static let prefix = "u"
    static let domain = "@tenant.example"
    static let digits = 7

    /// The address of user `id` (1...9,999,999).
    public static func of(_ id: Int) -> String {
        let number = String(id)
        return prefix + String(repeating: "0", count: max(digits - number.count, 0)) + number + domain
    }
}

/// A reusable buffer holding one user's e-mail as UTF-8, rewritten in place for each row of a bulk load.
final class UserEmailBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init() {
        let text = Array(UserEmail.of(0).utf8)
        bytes = .allocate(byteCount: text.count, alignment: 1)
        bytes.copyBytes(from: text)
    }

    deinit {
        bytes.deallocate()
    }

    /// Rewrites the digits for user `id`.
    func set(_ id: Int) {
        var value = id
        for position in stride(from: UserEmail.digits, to: 0, by: -1) {
            bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }

    var view: UnsafeRawBufferPointer { UnsafeRawBufferPointer(bytes) }
}
