// Redaction of the storage values: Accounts, Account, ImportedBackup, OtpAuthUri from a vault,
// and storage errors (wrong passphrase or backup password, a failing Keychain adapter) never show
// the secret, passphrase, password or code. Helpers in TestSupport.swift.

import Foundation
import OtpKit
import XCTest

final class RedactionStorageTests: TempDirTestCase {
    let base32 = testKeyBase32
    var keySecrets: [String] { testKeySpellings }

    func testImportedBackup() throws {
        let backup = try readBackupBlocking(format: .aegis, data: try Fixtures.data("aegis_plain.json"), password: nil)
        let secrets = backup.accounts.map { $0.secret.revealBase32() }
        XCTAssertFalse(secrets.isEmpty)
        assertRedacted(backup, "ImportedBackup", hiding: secrets)
    }

    func testAccountsAndAccountRecords() throws {
        let vault = try Accounts.createVaultBlocking(path: path(), passphrase: "hunter2-passphrase", kdf: testKdf,
                                                     time: FixedSwiftClock(1_700_000_000))
        let account = try vault.addUri(uri: "otpauth://totp/ACME:alice?secret=\(base32)&issuer=ACME")
        let snap = try vault.snapshot(id: account.id)
        let code = try XCTUnwrap(snap.code)
        let summary = try vault.importBackupBlocking(format: .otpauth, data: Data("otpauth://totp/B:bob?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n".utf8))
        for (what, value) in [("Accounts", vault as Any), ("Account", account), ("[Account]", vault.list()),
                              ("AccountCode", snap), ("[AccountCode]", try vault.snapshots()), ("ImportSummary", summary),
                              ("OtpAuthUri", try vault.otpAuthUri(id: account.id))] {
            assertRedacted(value, what, hiding: keySecrets + ["JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "hunter2-passphrase",
                                                              code.current.reveal(), code.next.reveal()])
        }
        let exported = try vault.exportBlocking(format: .aegis, password: "export-pw-123")
        XCTAssertFalse(exported.contains("export-pw-123"))
    }

    func testStorageErrorsDoNotEchoInput() throws {
        let wrongPassword = catchOtpError {
            try readBackupBlocking(format: .aegis, data: try Fixtures.data("aegis_encrypted.json"), password: "not-the-password-42")
        }
        XCTAssertEqual(wrongPassword.otp.map { info($0).label }, "Authentication.wrongPassword")
        if let e = wrongPassword.otp { assertRedacted(e, "wrong backup password", hiding: ["not-the-password-42"]) }
        let p = path("vault")
        _ = try Accounts.createVaultBlocking(path: p, passphrase: "right-passphrase", kdf: testKdf, time: FixedSwiftClock(1))
        let wrong = catchOtpError { try Accounts.openVaultBlocking(path: p, passphrase: "wrong-passphrase-77", time: FixedSwiftClock(1)) }
        XCTAssertEqual(wrong.otp.map { info($0).label }, "Authentication.wrongPassphrase")
        if let e = wrong.otp { assertRedacted(e, "wrong passphrase", hiding: ["wrong-passphrase-77", "right-passphrase"]) }
        // A Keychain adapter's error reason is passed through; a secret it was given is not added.
        let store = DictSecretStore()
        store.fail = true
        let accounts = Accounts.inMemory(store: store, time: FixedSwiftClock(1))
        let failed = catchOtpError { try accounts.addUri(uri: "otpauth://totp/a?secret=\(self.base32)") }
        XCTAssertNotNil(failed.otp)
        if let e = failed.otp { assertRedacted(e, "secret store failure", hiding: keySecrets) }
    }
}
