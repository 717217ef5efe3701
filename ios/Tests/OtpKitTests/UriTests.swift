// uri.json through parseUri, canonicalUri, accountToUri and CodeGenerator.fromUri; error
// vectors map to the right OtpError case.

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
            XCTAssertEqual(a.params.otpType, parseOtpType(x.type), v.name)
            XCTAssertEqual(a.issuer, x.issuer, v.name)
            XCTAssertEqual(a.labelIssuer, x.labelIssuer, v.name)
            XCTAssertEqual(a.account, x.account, v.name)
            XCTAssertEqual(a.secret, x.secret, v.name)
            XCTAssertEqual(a.params.algorithm, parseAlgorithm(x.algorithm), v.name)
            XCTAssertEqual(a.params.digits, x.digits, v.name)
            // The flat record has 0 where the vector has null (no period for HOTP, no counter otherwise).
            XCTAssertEqual(a.params.period, x.period ?? 0, v.name)
            XCTAssertEqual(a.params.counter, x.counter ?? 0, v.name)
            XCTAssertEqual(a.params.t0, 0, v.name)
            XCTAssertEqual(a.extra.map { [$0.name, $0.value] }, x.extra, v.name)
            XCTAssertEqual(a.warnings, x.warnings, v.name)
            XCTAssertEqual(a.pin, x.pin, v.name)
        }
    }

    func testCanonical() throws {
        for v in Vectors.uriOK {
            let canonical = v.canonical!
            XCTAssertEqual(try canonicalUri(uri: v.uri), canonical, v.name)
            let account = try parseUri(uri: v.uri)
            XCTAssertEqual(try accountToUri(account: account), canonical, v.name)
            // The canonical form is a fixed point and parses to the same account.
            XCTAssertEqual(try canonicalUri(uri: canonical), canonical, v.name)
            // The canonical secret has no dropped bits left, so only that warning may differ.
            let expected = OtpAccount(
                secret: account.secret, params: account.params, issuer: account.issuer,
                labelIssuer: account.labelIssuer, account: account.account, extra: account.extra,
                warnings: account.warnings.filter { $0 != "secret_trailing_bits" }, pin: account.pin)
            XCTAssertEqual(try parseUri(uri: canonical), expected, v.name)
        }
    }

    func testGeneratorFromUriAgreesWithParse() throws {
        for v in Vectors.uriOK {
            let a = try parseUri(uri: v.uri)
            if [.motp, .yandex].contains(a.params.otpType) && a.pin == nil {
                // mOTP/Yandex without a PIN: the URI parses, but codes need the PIN.
                XCTAssertEqual(
                    catchOtpError { _ = try CodeGenerator.fromUri(uri: v.uri) }.otp.map { describe($0).kind },
                    "InvalidParameters", v.name)
                let withPin = try CodeGenerator.withPin(secret: a.secret, pin: "0000", params: a.params)
                XCTAssertEqual(withPin.params(), a.params, v.name)
                continue
            }
            let g = try CodeGenerator.fromUri(uri: v.uri)
            XCTAssertEqual(g.params(), a.params, v.name)
            let byAccount = try CodeGenerator.fromAccount(account: a)
            XCTAssertEqual(g.codeAt(unixTime: 1_700_000_000), byAccount.codeAt(unixTime: 1_700_000_000), v.name)
        }
    }

    func testErrorVectorsMapToOtpErrorCases() {
        for v in Vectors.uriErrors {
            let want = expectedOtpErrorKind(forUriError: v.error!)
            for (what, call) in [
                ("parseUri", { _ = try parseUri(uri: v.uri) }),
                ("canonicalUri", { _ = try canonicalUri(uri: v.uri) }),
                ("CodeGenerator.fromUri", { _ = try CodeGenerator.fromUri(uri: v.uri) }),
            ] as [(String, () throws -> Void)] {
                let r = catchOtpError(call)
                guard let e = r.otp else {
                    XCTFail("\(what) \(v.name): expected OtpError.\(want), got \(r.other.map { "\($0)" } ?? "no error")")
                    continue
                }
                let (kind, message) = describe(e)
                XCTAssertEqual(kind, want, "\(what) \(v.name): \(message)")
                XCTAssertFalse(message.isEmpty, "\(what) \(v.name)")
                // uniffi's LocalizedError.errorDescription is String(reflecting:), e.g.
                // `OtpKit.OtpError.InvalidUri(message: "...")`: it includes the message.
                XCTAssertTrue(e.localizedDescription.contains(kind), "\(what) \(v.name)")
            }
        }
    }

    func testAccountToUriRejectsInvalidAccounts() throws {
        let good = try parseUri(uri: "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
        let badSecret = OtpAccount(
            secret: "not base32!", params: good.params, issuer: nil, labelIssuer: nil, account: "a",
            extra: [], warnings: [])
        XCTAssertEqual(catchOtpError { try accountToUri(account: badSecret) }.otp.map { describe($0).kind }, "InvalidSecret")
        let p = good.params
        let badDigits = OtpAccount(
            secret: good.secret,
            params: OtpParameters(otpType: p.otpType, algorithm: p.algorithm, digits: 11, period: 30, t0: 0, counter: 0),
            issuer: nil, labelIssuer: nil, account: "a", extra: [], warnings: [])
        XCTAssertEqual(
            catchOtpError { try accountToUri(account: badDigits) }.otp.map { describe($0).kind }, "InvalidParameters")
        XCTAssertEqual(
            catchOtpError { try CodeGenerator.fromAccount(account: badDigits) }.otp.map { describe($0).kind },
            "InvalidParameters")
        // Extras round-trip through accountToUri.
        let withExtra = OtpAccount(
            secret: good.secret, params: p, issuer: "ACME", labelIssuer: "ACME", account: "alice",
            extra: [UriParameter(name: "image", value: "https://example.com/a b.png")], warnings: ["ignored"])
        let uri = try accountToUri(account: withExtra)
        XCTAssertTrue(uri.hasSuffix("&image=https%3A%2F%2Fexample.com%2Fa%20b.png"), uri)
        XCTAssertEqual(try parseUri(uri: uri).extra, withExtra.extra)
    }
}
