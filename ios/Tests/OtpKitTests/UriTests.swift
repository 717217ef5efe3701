// uri.json through parseUri, canonicalUri, toUri and CodeGenerator.fromUri; error vectors map to
// the right OtpError.InvalidInput kind.

import Foundation
import OtpKit
import XCTest

final class UriVectorTests: XCTestCase {
    func testVectorFileCoversSuccessAndErrors() {
        XCTAssertGreaterThanOrEqual(Vectors.uriOK.count, 20)
        XCTAssertGreaterThanOrEqual(Vectors.uriErrors.count, 10)
        XCTAssertEqual(
            Set(Vectors.uriOK.map { $0.expect!.type }), ["totp", "hotp", "steam", "motp", "yandex"])
    }

    func testParseFields() throws {
        for v in Vectors.uriOK {
            let x = v.expect!
            let a = try parseUri(uri: v.uri)
            let flat = flatParams(paramsOf(a))
            XCTAssertEqual(kindName(paramsOf(a)), x.type, v.name)
            XCTAssertEqual(a.issuer, x.issuer, v.name)
            XCTAssertEqual(a.labelIssuer, x.labelIssuer, v.name)
            XCTAssertEqual(a.account, x.account, v.name)
            XCTAssertEqual(a.secret.revealBase32(), x.secret, v.name)
            XCTAssertEqual(flat.algorithm, parseAlgorithm(x.algorithm), v.name)
            XCTAssertEqual(flat.digits, x.digits, v.name)
            XCTAssertEqual(flat.period, x.period, v.name)
            XCTAssertEqual(flat.counter, x.counter, v.name)
            if case let .totp(_, _, _, t0) = a.params { XCTAssertEqual(t0, 0, v.name) }
            XCTAssertEqual(a.extra.map { [$0.name, $0.value] }, x.extra, v.name)
            XCTAssertEqual(a.warnings.map(warningName), x.warnings, v.name)
            XCTAssertEqual(a.pin?.reveal(), x.pin, v.name)
        }
    }

    func testWarningsCarryTheirDetails() throws {
        let short = try parseUri(uri: "otpauth://totp/a?secret=JBSWY3DP")
        XCTAssertEqual(short.warnings, [.shortSecret(bits: 40)])
        let mismatch = try parseUri(uri: "otpauth://totp/ACME:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Other")
        XCTAssertEqual(mismatch.warnings, [.issuerMismatch(labelIssuer: "ACME", issuer: "Other")])
    }

    func testCanonical() throws {
        for v in Vectors.uriOK {
            let canonical = v.canonical!
            XCTAssertEqual(try canonicalUri(uri: v.uri), canonical, v.name)
            let account = try parseUri(uri: v.uri)
            XCTAssertEqual(try toUri(account: account), canonical, v.name)
            // The canonical form is a fixed point and parses to the same account.
            XCTAssertEqual(try canonicalUri(uri: canonical), canonical, v.name)
            let again = try parseUri(uri: canonical)
            XCTAssertEqual(AccountKey(again), AccountKey(account), v.name)
            XCTAssertEqual(again.extra, account.extra, v.name)
            XCTAssertEqual(again.pin?.reveal(), account.pin?.reveal(), v.name)
            // The canonical secret has no dropped bits left, so only that warning may differ.
            XCTAssertEqual(again.warnings, account.warnings.filter { warningName($0) != "secret_trailing_bits" }, v.name)
        }
    }

    func testGeneratorFromUriAgreesWithParse() throws {
        for v in Vectors.uriOK {
            let a = try parseUri(uri: v.uri)
            if ["motp", "yandex"].contains(kindName(paramsOf(a))) && a.pin == nil {
                // mOTP/Yandex without a PIN: the URI parses, but codes need the PIN.
                XCTAssertEqual(errorLabel { try CodeGenerator.fromUri(uri: v.uri) }, "InvalidInput.parameters", v.name)
                let withPin = try CodeGenerator(secret: a.secret, params: a.params, pin: SensitiveText(text: "0000"))
                XCTAssertEqual(withPin.params(), paramsOf(a), v.name)
                continue
            }
            let g = try CodeGenerator.fromUri(uri: v.uri)
            XCTAssertEqual(g.params(), paramsOf(a), v.name)
            let byAccount = try CodeGenerator.fromAccount(account: a)
            XCTAssertEqual(try g.codeAt(unixTime: 1_700_000_000), try byAccount.codeAt(unixTime: 1_700_000_000), v.name)
        }
    }

    func testErrorVectorsMapToOtpErrorCases() {
        for v in Vectors.uriErrors {
            let want = expectedErrorLabel(forUriError: v.error!)
            for (what, call) in [
                ("parseUri", { _ = try parseUri(uri: v.uri) }),
                ("canonicalUri", { _ = try canonicalUri(uri: v.uri) }),
                ("CodeGenerator.fromUri", { _ = try CodeGenerator.fromUri(uri: v.uri) }),
            ] as [(String, () throws -> Void)] {
                let r = catchOtpError(call)
                guard let e = r.otp else {
                    XCTFail("\(what) \(v.name): expected \(want), got \(r.other.map { "\($0)" } ?? "no error")")
                    continue
                }
                let i = info(e)
                XCTAssertEqual(i.label, want, "\(what) \(v.name): \(i)")
                XCTAssertFalse(i.reason.isEmpty, "\(what) \(v.name)")
                XCTAssertTrue(e.localizedDescription.contains("InvalidInput"), "\(what) \(v.name): \(e.localizedDescription)")
            }
        }
    }

    func testToUriRejectsInvalidAccounts() throws {
        let good = try parseUri(uri: "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
        let badDigits = copy(good, params: totpParams(digits: 11), account: "a", issuer: .some(nil), labelIssuer: .some(nil))
        XCTAssertEqual(errorLabel { try toUri(account: badDigits) }, "InvalidInput.parameters")
        XCTAssertEqual(errorLabel { try CodeGenerator.fromAccount(account: badDigits) }, "InvalidInput.parameters")
        // Extras round-trip through toUri; warnings are ignored on input.
        let withExtra = copy(good, extra: [UriParameter(name: "image", value: "https://example.com/a b.png")],
                             warnings: [.shortSecret(bits: 1)])
        let uri = try toUri(account: withExtra)
        XCTAssertTrue(uri.hasSuffix("&image=https%3A%2F%2Fexample.com%2Fa%20b.png"), uri)
        XCTAssertEqual(try parseUri(uri: uri).extra, withExtra.extra)
        XCTAssertEqual(try parseUri(uri: uri).warnings, good.warnings)
    }
}
