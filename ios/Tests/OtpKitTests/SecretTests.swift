// Secrets: invalid base32 raises OtpError.InvalidSecret without echoing the secret, lenient
// normalisation, generateSecret; invalid parameters raise InvalidParameters.

import Foundation
import OtpKit
import XCTest

final class SecretTests: XCTestCase {
    // Distinctive and invalid ('1', '8', '!' are not base32), long enough to spot any echo.
    let badSecrets = ["MZXW6YTBOI1MZXW6YTBOI8QWERTYZX", "ZZZZ ZZZZ ZZZZ ZZ!Z", "QWERTYUIOPASDFGH0"]
    let totp = OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0)

    func assertInvalidSecret(
        _ secret: String, _ what: String, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Void
    ) {
        let r = catchOtpError(body)
        guard let e = r.otp, case .InvalidSecret(let message) = e else {
            XCTFail("\(what): expected OtpError.InvalidSecret, got \(r.otp.map { "\($0)" } ?? r.other.map { "\($0)" } ?? "no error")",
                    file: file, line: line)
            return
        }
        XCTAssertFalse(message.isEmpty, what, file: file, line: line)
        for text in [message, e.localizedDescription, "\(e)", String(reflecting: e)] {
            XCTAssertFalse(text.contains(secret), "\(what): error text echoes the secret: \(text)", file: file, line: line)
            // Not even a long piece of it.
            let piece = String(secret.prefix(10))
            XCTAssertFalse(text.contains(piece), "\(what): error text contains \(piece): \(text)", file: file, line: line)
        }
    }

    func testInvalidBase32IsInvalidSecretWithoutTheSecret() {
        for s in badSecrets {
            assertInvalidSecret(s, "CodeGenerator(\(s))") { _ = try CodeGenerator(secret: s, params: self.totp) }
            assertInvalidSecret(s, "hotpCode") { _ = try hotpCode(secret: s, counter: 1, algorithm: .sha1, digits: 6) }
            assertInvalidSecret(s, "totpCode") { _ = try totpCode(secret: s, params: self.totp, unixTime: 59) }
            assertInvalidSecret(s, "normalizeSecret") { _ = try normalizeSecret(secret: s) }
            let uriSecret = s.replacingOccurrences(of: " ", with: "%20")
            assertInvalidSecret(s, "parseUri") { _ = try parseUri(uri: "otpauth://totp/a?secret=\(uriSecret)") }
            assertInvalidSecret(s, "CodeGenerator.fromUri") {
                _ = try CodeGenerator.fromUri(uri: "otpauth://totp/a?secret=\(uriSecret)")
            }
        }
    }

    func testEmptySecretIsInvalid() {
        for s in ["", "   ", "===="] {
            let r = catchOtpError { try normalizeSecret(secret: s) }
            XCTAssertEqual(r.otp.map { describe($0).kind }, "InvalidSecret", "'\(s)'")
            let g = catchOtpError { try CodeGenerator(secret: s, params: totp) }
            XCTAssertEqual(g.otp.map { describe($0).kind }, "InvalidSecret", "'\(s)'")
        }
    }

    func testNormalizeSecretIsLenient() throws {
        XCTAssertEqual(try normalizeSecret(secret: "jbsw y3dp-ehpk3pxp"), "JBSWY3DPEHPK3PXP")
        XCTAssertEqual(try normalizeSecret(secret: "JBSWY3DPEHPK3PXP===="), "JBSWY3DPEHPK3PXP")
        XCTAssertEqual(try normalizeSecret(secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        // Same codes from the lenient and the canonical spelling.
        let a = try CodeGenerator(secret: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", params: totp)
        XCTAssertEqual(a.codeAt(unixTime: 59), "287082")
    }

    func testGenerateSecret() throws {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var seen = Set<String>()
        for _ in 0..<50 {
            let s = generateSecret(bytes: 20)
            XCTAssertEqual(s.count, 32, s)  // 160 bits, no padding
            XCTAssertTrue(s.allSatisfy { alphabet.contains($0) }, s)
            XCTAssertEqual(try normalizeSecret(secret: s), s)
            XCTAssertEqual(try CodeGenerator(secret: s, params: totp).codeAt(unixTime: 0).count, 6)
            seen.insert(s)
        }
        XCTAssertEqual(seen.count, 50, "50 random 160-bit secrets must all differ")
        XCTAssertEqual(generateSecret(bytes: 10).count, 16)
        XCTAssertEqual(generateSecret(bytes: 32).count, 52)
        XCTAssertEqual(generateSecret(bytes: 64).count, 103)
        // Out-of-range sizes are clamped to 1...1024 bytes.
        XCTAssertEqual(generateSecret(bytes: 0).count, 2)
        XCTAssertEqual(generateSecret(bytes: 1_000_000).count, (1024 * 8 + 4) / 5)
    }

    func testInvalidParameters() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        let bad: [(String, OtpParameters)] = [
            ("digits 0", OtpParameters(otpType: .totp, algorithm: .sha1, digits: 0, period: 30, t0: 0, counter: 0)),
            ("digits 11", OtpParameters(otpType: .totp, algorithm: .sha1, digits: 11, period: 30, t0: 0, counter: 0)),
            ("period 0", OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 0, t0: 0, counter: 0)),
            ("hotp digits 11", OtpParameters(otpType: .hotp, algorithm: .sha1, digits: 11, period: 0, t0: 0, counter: 0)),
        ]
        for (what, p) in bad {
            let g = catchOtpError { try CodeGenerator(secret: secret, params: p) }
            XCTAssertEqual(g.otp.map { describe($0).kind }, "InvalidParameters", what)
            let t = catchOtpError { try totpCode(secret: secret, params: p, unixTime: 59) }
            XCTAssertEqual(t.otp.map { describe($0).kind }, "InvalidParameters", what)
        }
        let h = catchOtpError { try hotpCode(secret: secret, counter: 0, algorithm: .sha1, digits: 0) }
        XCTAssertEqual(h.otp.map { describe($0).kind }, "InvalidParameters")
        // An invalid secret is reported before invalid parameters, both without the secret.
        let both = catchOtpError { try hotpCode(secret: "!!!", counter: 0, algorithm: .sha1, digits: 0) }
        XCTAssertNotNil(both.otp)
    }
}
