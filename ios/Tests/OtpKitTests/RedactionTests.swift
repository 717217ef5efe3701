// The string forms of every public value that holds a secret or a live code never contain it:
// description, debugDescription, String(describing:), String(reflecting:), string
// interpolation and dump() (Mirror). Covers Secret, OneTimeCode, SensitiveText, OtpAuthUri,
// CodeSnapshot, SmsCode, OriginBoundCode, SmsMessage, VoiceMessage, IssueOutcome.issued,
// CodeGenerator, Verifier, OobCodes, Pepper and the errors (RedactionStorageTests: the storage
// values).

import Foundation
import OtpKit
import XCTest

final class RedactionTests: TempDirTestCase {
    let base32 = testKeyBase32

    var keySecrets: [String] { testKeySpellings }

    /// The check itself can fail: a record with a plain String field shows it in every form.
    func testTheCheckSeesAPlainStringField() {
        struct Leaky { let account: String; let secret: String }
        let forms = stringForms(Leaky(account: "alice", secret: base32))
        XCTAssertEqual(Set(forms.keys), ["String(describing:)", "String(reflecting:)", "interpolation", "dump"])
        for (form, text) in forms {
            XCTAssertTrue(text.contains(base32), "\(form) should show the plain field: \(text)")
        }
        // A Secret object in the same place is redacted.
        struct Safe { let account: String; let secret: Secret }
        for (form, text) in stringForms(Safe(account: "alice", secret: secret(base32))) {
            XCTAssertFalse(text.contains(base32), "\(form): \(text)")
            XCTAssertTrue(text.contains("alice"), "\(form): \(text)")
        }
    }

    func testSecretOneTimeCodeSensitiveText() throws {
        let key = try Secret.fromBase32(text: base32)
        XCTAssertEqual(key.description, "Secret(<redacted>, 20 bytes)")
        XCTAssertEqual("\(key)", "Secret(<redacted>, 20 bytes)")
        assertRedacted(key, "Secret", hiding: keySecrets)
        assertRedacted(try Secret.generate(), "generated Secret", hiding: [])

        let g = try CodeGenerator(secret: key, params: totpParams(), pin: nil)
        let snap = try g.snapshotAt(unixTime: 59)
        XCTAssertEqual(snap.current.reveal(), "287082")
        XCTAssertEqual(snap.current.description, "OneTimeCode(<redacted>)")
        XCTAssertEqual(snap.current.length(), 6)
        assertRedacted(snap.current, "OneTimeCode", hiding: ["287082"])
        assertRedacted(snap, "CodeSnapshot", hiding: ["287082", snap.next.reveal()])
        assertRedacted(g, "CodeGenerator", hiding: keySecrets + ["287082"])

        let text = SensitiveText(text: "Your code is 424242")
        XCTAssertEqual(text.description, "SensitiveText(<redacted>, 19 chars)")
        assertRedacted(text, "SensitiveText", hiding: ["424242"])
        XCTAssertEqual(text.reveal(), "Your code is 424242")
    }

    func testOtpAuthUri() throws {
        let account = try parseUri(uri: "otpauth://totp/ACME:alice?secret=\(base32)&issuer=ACME")
        assertRedacted(account, "OtpAuthUri", hiding: keySecrets)
        XCTAssertTrue(String(describing: account).contains("alice"), "the record's other fields still show")
        let motp = try parseUri(uri: "motp://ACME:alice?secret=E3152AFEE62599C8&pin=987123")
        assertRedacted(motp, "OtpAuthUri with PIN", hiding: ["987123", "E3152AFEE62599C8", "e3152afee62599c8", "4MKSV7XGEWM4Q"])
        assertRedacted(try migrationDecode(uri: try migrationEncode(accounts: [account], batchSize: 10)[0]),
                       "[OtpAuthUri] from migration", hiding: keySecrets)
    }

    func testReceiverRecords() throws {
        let message = "747723 is your ExampleCo authentication code.\n\n@example.com #747723"
        let sms = try XCTUnwrap(extractCode(message: message))
        XCTAssertEqual(sms.code.reveal(), "747723")
        assertRedacted(sms, "SmsCode", hiding: ["747723"])
        let ob = try parseOriginBound(message: message)
        assertRedacted(ob, "OriginBoundCode", hiding: ["747723"])
        assertRedacted(try XCTUnwrap(findOriginBound(message: message)), "OriginBoundCode (tolerant)", hiding: ["747723"])

        let body = try formatSms(code: "918273", options: SmsBodyOptions(service: "ExampleCo", originHost: "example.com"))
        XCTAssertTrue(body.body.reveal().contains("918273"))
        assertRedacted(body, "SmsMessage", hiding: ["918273"])
        let voice = try voiceMessage(code: "5647", service: "Acme")
        assertRedacted(voice, "VoiceMessage", hiding: ["5647", voice.text.reveal(), voice.ssml.reveal()])
    }

    func testServerOutcomesAndObjects() throws {
        let pepperKey = Data(repeating: 0x5a, count: 32)
        let pepper = try Pepper(keyId: "k1", key: pepperKey)
        let oob = try OobCodes(store: VerificationStore.memory(), peppers: [pepper], time: FixedSwiftClock(1_700_000_000),
                               policy: defaultOobPolicy(), limits: noSendLimits())
        let outcome = try oob.issueBlocking(binding: OobBinding(purpose: "login", subject: "alice"),
                                            delivery: Delivery(channel: .sms, destination: "+15550000001"), unixTime: nil)
        guard case let .issued(_, code, _) = outcome else { return XCTFail("\(outcome)") }
        assertRedacted(outcome, "IssueOutcome.issued", hiding: [code.reveal()])
        assertRedacted(pepper, "Pepper", hiding: [String(decoding: pepperKey, as: UTF8.self), pepperKey.base64EncodedString()])
        assertRedacted(oob, "OobCodes", hiding: [code.reveal()])
        let g = try CodeGenerator(secret: secret(base32), params: totpParams(), pin: nil)
        let verifier = try Verifier(store: VerificationStore.memory(), time: FixedSwiftClock(59), config: defaultVerifierConfig())
        let accepted = try verifier.verifyTotpBlocking(credentialId: "c", generator: g, code: "287082", unixTime: nil)
        assertRedacted(accepted, "VerifyOutcome", hiding: ["287082"])
        assertRedacted(verifier, "Verifier", hiding: keySecrets)
    }

    func testErrorsDoNotEchoInput() throws {
        let bad = "MZXW6YTBOI1MZXW6YTBOI8QWERTYZX"
        let cases: [(String, () throws -> Any, [String])] = [
            ("bad base32", { try Secret.fromBase32(text: bad) }, [bad]),
            ("bad base32 in a URI", { try parseUri(uri: "otpauth://totp/a?secret=\(bad)") }, [bad]),
            ("verify window", {
                try CodeGenerator(secret: secret(self.base32), params: totpParams(), pin: nil).verifyAt(code: "287082", unixTime: 59, window: 99) as Any
            }, ["287082"] + keySecrets),
            ("format SMS with a bad code", {
                try formatSms(code: "12 34 secret-ish", options: SmsBodyOptions(service: "Acme"))
            }, ["secret-ish"]),
        ]
        for (what, body, secrets) in cases {
            let r = catchOtpError(body)
            guard let e = r.otp else {
                XCTFail("\(what): expected an OtpError, got \(String(describing: r.other ?? r.value))")
                continue
            }
            XCTAssertFalse(info(e).reason.isEmpty, what)
            assertRedacted(e, what, hiding: secrets)
        }
    }
}
