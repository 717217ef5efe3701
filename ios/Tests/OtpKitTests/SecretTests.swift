// Secrets: the Secret object (lenient base32, bytes, generate, constant-time ==); invalid base32
// raises OtpError.InvalidInput(secret) with the character position and without echoing the secret.

import Foundation
import OtpKit
import XCTest

final class SecretTests: XCTestCase {
    // Distinctive and invalid ('1', '8', '!' are not base32), long enough to spot any echo.
    let badSecrets = ["MZXW6YTBOI1MZXW6YTBOI8QWERTYZX", "ZZZZ ZZZZ ZZZZ ZZ!Z", "QWERTYUIOPASDFGH0"]

    func assertInvalidSecret(
        _ secret: String, _ what: String, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Void
    ) {
        let r = catchOtpError(body)
        guard let e = r.otp, case .InvalidInput(.secret, _, _, let reason) = e else {
            XCTFail("\(what): expected InvalidInput(secret), got \(r.otp.map { "\($0)" } ?? r.other.map { "\($0)" } ?? "no error")",
                    file: file, line: line)
            return
        }
        XCTAssertFalse(reason.isEmpty, what, file: file, line: line)
        for text in [reason, e.localizedDescription, "\(e)", String(reflecting: e)] {
            XCTAssertFalse(text.contains(secret), "\(what): error text echoes the secret: \(text)", file: file, line: line)
            // Not even a long piece of it.
            let piece = String(secret.prefix(10))
            XCTAssertFalse(text.contains(piece), "\(what): error text contains \(piece): \(text)", file: file, line: line)
        }
    }

    func testInvalidBase32IsInvalidSecretWithoutTheSecret() {
        for s in badSecrets {
            assertInvalidSecret(s, "Secret.fromBase32(\(s))") { _ = try Secret.fromBase32(text: s) }
            let uriSecret = s.replacingOccurrences(of: " ", with: "%20")
            assertInvalidSecret(s, "parseUri") { _ = try parseUri(uri: "otpauth://totp/a?secret=\(uriSecret)") }
            assertInvalidSecret(s, "CodeGenerator.fromUri") {
                _ = try CodeGenerator.fromUri(uri: "otpauth://totp/a?secret=\(uriSecret)")
            }
        }
    }

    func testInvalidCharacterPosition() {
        // The first character that is not base32, as a character position.
        for (text, position) in [("MZXW6YTBOI1MZXW", 10), ("JBSW!Y3DP", 4), ("ab8", 2)] as [(String, Int32)] {
            let r = catchOtpError { try Secret.fromBase32(text: text) }
            XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.secret", text)
            XCTAssertEqual(r.otp.flatMap { info($0).position }, position, text)
        }
    }

    func testEmptySecretIsInvalid() {
        for s in ["", "   ", "===="] {
            XCTAssertEqual(errorLabel { try Secret.fromBase32(text: s) }, "InvalidInput.secret", "'\(s)'")
        }
        XCTAssertEqual(errorLabel { try Secret.fromBytes(bytes: Data()) }, "InvalidInput.secret")
    }

    func testFromBase32IsLenient() throws {
        XCTAssertEqual(try Secret.fromBase32(text: "jbsw y3dp-ehpk3pxp").revealBase32(), "JBSWY3DPEHPK3PXP")
        XCTAssertEqual(try Secret.fromBase32(text: "JBSWY3DPEHPK3PXP====").revealBase32(), "JBSWY3DPEHPK3PXP")
        let canonical = try Secret.fromBase32(text: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        XCTAssertEqual(canonical.revealBase32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        XCTAssertEqual(canonical.revealBytes(), Data("12345678901234567890".utf8))
        XCTAssertEqual(canonical.byteLength(), 20)
        // Same codes from the lenient and the canonical spelling; equal objects.
        let lenient = try Secret.fromBase32(text: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq")
        XCTAssertEqual(lenient, canonical)
        XCTAssertEqual(try CodeGenerator(secret: lenient, params: totpParams(), pin: nil).codeAt(unixTime: 59), "287082")
        XCTAssertEqual(try Secret.generate().byteLength(), 20)
    }

    func testFromBytesAndEquality() throws {
        let bytes = Data("12345678901234567890".utf8)
        let a = try Secret.fromBytes(bytes: bytes)
        XCTAssertEqual(a.revealBase32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        XCTAssertEqual(a, secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
        XCTAssertNotEqual(a, try Secret.fromBytes(bytes: Data("12345678901234567891".utf8)))
        XCTAssertNotEqual(a, try Secret.fromBytes(bytes: bytes.prefix(19)))
    }

    func testGenerate() throws {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var seen = Set<String>()
        for _ in 0..<50 {
            let s = try Secret.generate(bytes: 20)
            let text = s.revealBase32()
            XCTAssertEqual(s.byteLength(), 20)
            XCTAssertEqual(text.count, 32, text)  // 160 bits, no padding
            XCTAssertTrue(text.allSatisfy { alphabet.contains($0) }, text)
            XCTAssertEqual(try Secret.fromBase32(text: text.lowercased()), s)
            XCTAssertEqual(try CodeGenerator(secret: s, params: totpParams(), pin: nil).codeAt(unixTime: 0).count, 6)
            seen.insert(text)
        }
        XCTAssertEqual(seen.count, 50, "50 random 160-bit secrets must all differ")
        for (bytes, chars) in [(1, 2), (10, 16), (32, 52), (64, 103), (1024, (1024 * 8 + 4) / 5)] {
            XCTAssertEqual(try Secret.generate(bytes: Int32(bytes)).revealBase32().count, chars, "\(bytes) bytes")
        }
        // Out of 1...1024: a parameter error naming the argument, not a clamped size.
        for bytes: Int32 in [0, -1, 1025, Int32.max] {
            let r = catchOtpError { try Secret.generate(bytes: bytes) }
            XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.parameters", "\(bytes): \(String(describing: r.otp))")
            XCTAssertEqual(r.otp.flatMap { info($0).field }, "bytes", "\(bytes)")
        }
    }

    /// OneTimeCode and SensitiveText compare by content (constant time in Rust), not identity.
    func testOneTimeCodeAndSensitiveTextEquality() throws {
        let g = try CodeGenerator(secret: secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), params: totpParams(), pin: nil)
        let a = try g.snapshotAt(unixTime: 59), b = try g.snapshotAt(unixTime: 45)
        XCTAssertFalse(a.current === b.current, "two objects")
        XCTAssertEqual(a.current, b.current)  // the same step
        XCTAssertNotEqual(a.current, a.next)
        XCTAssertEqual(a.next, try g.snapshotAt(unixTime: 60).current)
        XCTAssertEqual(SensitiveText(text: "1234"), SensitiveText(text: "1234"))
        XCTAssertNotEqual(SensitiveText(text: "1234"), SensitiveText(text: "1235"))
        XCTAssertNotEqual(SensitiveText(text: "1234"), SensitiveText(text: "12345"))
    }
}
