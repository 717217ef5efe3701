// BEGIN docs/swift.md example
import Foundation
import OtpKit

/// Adds an account from a scanned QR code to an encrypted vault, shows its code with a
/// countdown, reads a code out of an SMS, and verifies a code on the server side. Returns what
/// an app would put on screen. Time is injected: `systemTimeSource()` in an app, a fixed
/// time source in tests.
func runOtpKitExample(vaultPath: String, time: TimeSource = systemTimeSource()) async throws -> [String] {
    var screen: [String] = []

    // 1. An encrypted vault (Argon2id, off the main thread), and an account from the QR code.
    let vault = try await Accounts.createVault(path: vaultPath, passphrase: "correct horse battery staple", time: time)
    let qr = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"
    let account = try vault.addUri(uri: qr)
    for warning in account.warnings {
        screen.append("warning: \(warning)")
    }

    // 2. The code with a countdown: refresh every second (a Timer); a new code every period.
    guard let snap = try vault.snapshot(id: account.id).code else { return screen }  // nil only for HOTP
    var period: Int64 = 30
    if case let .totp(_, _, p, _) = account.params { period = p }
    let bar = String(repeating: "#", count: Int(snap.remaining)) + String(repeating: ".", count: Int(period - snap.remaining))
    screen.append("\(account.issuer ?? "") \(account.label): \(snap.current.reveal()) [\(bar)] \(snap.remaining) s, next \(snap.next.reveal())")

    // 3. A code received by SMS. The UTF-16 span is an NSRange into the message (highlight it,
    // or offer it for autofill when `origin` is your app's domain).
    let sms = "123456 is your ExampleCo verification code.\n\n@example.com #123456"
    if let found = extractCode(message: sms) {
        let range = NSRange(location: Int(found.utf16.start), length: Int(found.utf16.end - found.utf16.start))
        let shown = Range(range, in: sms).map { String(sms[$0]) } ?? ""
        screen.append("SMS code \(found.code.reveal()) (\(found.evidence)) from \(found.origin ?? "anyone"): \"\(shown)\"")
    }

    // 4. The server checks a code the user typed: once only, throttled, with replay protection.
    // For several server instances use `try await VerificationStore.redis(url: "redis://127.0.0.1:6379/")`.
    let verifier = try Verifier(store: VerificationStore.memory(), time: time)
    let generator = try CodeGenerator.fromAccount(account: try vault.otpAuthUri(id: account.id))
    let typed = snap.current.reveal()
    for attempt in 1...2 {
        switch try await verifier.verifyTotp(credentialId: "alice", generator: generator, code: typed) {
        case let .accepted(_, offset, _, _): screen.append("server, attempt \(attempt): accepted (step offset \(offset))")
        case .replayed: screen.append("server, attempt \(attempt): replayed, refused")
        case let .invalid(remaining): screen.append("server, attempt \(attempt): wrong code, \(remaining ?? 0) tries left")
        case let .locked(until): screen.append("server, attempt \(attempt): locked until \(until)")
        case let .rateLimited(retryAfter): screen.append("server, attempt \(attempt): retry in \(retryAfter) s")
        case let .malformed(reason): screen.append("server, attempt \(attempt): not a code (\(reason))")
        case .expired, .exhausted: screen.append("server, attempt \(attempt): refused")
        }
    }
    return screen
}
// END docs/swift.md example

import XCTest

final class DocsExampleTests: TempDirTestCase {
    static let repo = Vectors.directory.deletingLastPathComponent().deletingLastPathComponent()

    /// The example's source lines between the BEGIN and END markers of this file.
    static func exampleSource() throws -> String {
        let text = try String(contentsOfFile: #filePath, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let begin = try XCTUnwrap(lines.firstIndex(of: "// BEGIN docs/swift.md example"))
        let end = try XCTUnwrap(lines.firstIndex(of: "// END docs/swift.md example"))
        return lines[(begin + 1)..<end].joined(separator: "\n")
    }

    /// The first ```swift block of docs/swift.md that follows the "## Complete example" heading.
    static func documentedExample() throws -> String {
        let doc = try String(contentsOf: repo.appendingPathComponent("docs/swift.md"), encoding: .utf8)
        let lines = doc.components(separatedBy: "\n")
        let heading = try XCTUnwrap(lines.firstIndex(of: "## Complete example"), "docs/swift.md has no '## Complete example'")
        let open = try XCTUnwrap(lines[heading...].firstIndex(of: "```swift"))
        let close = try XCTUnwrap(lines[(open + 1)...].firstIndex(of: "```"))
        return lines[(open + 1)..<close].joined(separator: "\n")
    }

    func testDocsShowThisExampleVerbatim() throws {
        XCTAssertEqual(try Self.documentedExample(), try Self.exampleSource(),
                       "docs/swift.md's example differs from ios/Tests/OtpKitTests/DocsExample.swift: copy it over")
    }

    func testExampleRuns() async throws {
        let t: Int64 = 1_700_000_000
        let screen = try await runOtpKitExample(vaultPath: path(), time: FixedSwiftClock(t))
        let key = secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        let code = try totpCode(secret: key, unixTime: t, params: defaultTotp())
        let next = try totpCode(secret: key, unixTime: t + 30, params: defaultTotp())
        XCTAssertEqual(screen.count, 4, "\(screen.count) lines")
        guard screen.count == 4 else { return }
        XCTAssertEqual(screen[0], "ACME alice@example.com: \(code) [\(String(repeating: "#", count: 10))\(String(repeating: ".", count: 20))] 10 s, next \(next)")
        XCTAssertEqual(screen[1], "SMS code 123456 (originBound) from example.com: \"123456\"")
        XCTAssertEqual(screen[2], "server, attempt 1: accepted (step offset 0)")
        XCTAssertEqual(screen[3], "server, attempt 2: replayed, refused")
        // The vault was written and opens with the passphrase.
        let reopened = try await Accounts.openVault(path: path(), passphrase: "correct horse battery staple", time: FixedSwiftClock(t))
        XCTAssertEqual(reopened.list().map(\.label), ["alice@example.com"])
    }
}
