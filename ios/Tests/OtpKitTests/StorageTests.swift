// Storage and imports through the one Accounts object: an encrypted vault, a Swift SecretStore
// (a dictionary, as a Keychain adapter would be) with a metadata file, the in-memory store;
// backup imports from tests/fixtures/import (readBackup and Accounts.importBackup) and
// export/import round trips. The blocking forms here; AsyncTests covers the async ones.

import Foundation
import OtpKit
import XCTest

final class DictSecretStore: SecretStore, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: Data] = [:]
    private var failing = false
    private var keyGone = false

    var fail: Bool {
        get { lock.lock(); defer { lock.unlock() }; return failing }
        set { lock.lock(); failing = newValue; lock.unlock() }
    }

    /// Puts fail with `SecretStoreError.KeyLost` (the store's key is gone).
    var keyLost: Bool {
        get { lock.lock(); defer { lock.unlock() }; return keyGone }
        set { lock.lock(); keyGone = newValue; lock.unlock() }
    }

    func put(id: String, secret: Data) throws {
        lock.lock(); defer { lock.unlock() }
        if keyGone { throw SecretStoreError.KeyLost(reason: "key invalidated") }
        if failing { throw SecretStoreError.Backend(reason: "keychain is locked") }
        items[id] = secret
    }

    func get(id: String) throws -> Data? {
        lock.lock(); defer { lock.unlock() }
        return items[id]
    }

    func delete(id: String) throws {
        lock.lock(); defer { lock.unlock() }
        items[id] = nil
    }

    func listIds() throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        return Array(items.keys)
    }
}

/// The cheapest Argon2id parameters (8 KiB, one pass): tests only, no protection.
let testKdf = KdfParams(memoryKib: 8, iterations: 1, parallelism: 1)

/// The current code of an `Accounts.snapshot`/`code` result (nil for HOTP snapshots).
func current(_ c: AccountCode) -> String? { c.code?.current.reveal() }

/// The ImportFormat of a fixture's "format" name (the CLI spelling).
func importFormat(_ name: String) -> ImportFormat {
    switch name {
    case "auto": return .auto
    case "otpauth": return .otpauth
    case "google": return .google
    case "aegis": return .aegis
    case "2fas": return .twoFas
    case "ente": return .ente
    case "proton": return .proton
    case "andotp": return .andOtp
    case "freeotp-plus": return .freeOtpPlus
    case "freeotp": return .freeOtp
    case "bitwarden": return .bitwarden
    case "authy": return .authy
    case "stratum": return .stratum
    case "steam": return .steam
    case "lastpass": return .lastPass
    case "proton-pass": return .protonPass
    default: fatalError("unknown import format in fixtures: \(name)")
    }
}

final class StorageTests: TempDirTestCase {
    let secretText = "JBSWY3DPEHPK3PXP"
    let secretBytes = Data([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef])
    let now: Int64 = 1_700_000_000

    func clock() -> TimeSource { FixedSwiftClock(now) }

    func newVault(_ p: String? = nil, passphrase: String = "pass") throws -> Accounts {
        try Accounts.createVaultBlocking(path: p ?? path(), passphrase: passphrase, kdf: testKdf, time: clock())
    }

    func acme() throws -> OtpAuthUri {
        try parseUri(uri: "otpauth://totp/ACME:alice@example.com?secret=\(secretText)&issuer=ACME")
    }

    func testVaultCreateAddReopenListSnapshot() throws {
        let p = path()
        var aId = "", bId = ""
        do {
            let vault = try newVault(p, passphrase: "correct horse")
            let a = try vault.add(account: try acme(), note: "note", groups: ["Work"])
            XCTAssertEqual(a.id.count, 32)
            XCTAssertEqual(a.created, now)
            XCTAssertEqual(a.updated, now)
            XCTAssertEqual(a.issuer, "ACME")
            XCTAssertEqual(a.label, "alice@example.com")
            XCTAssertEqual(a.note, "note")
            let b = try vault.addUri(uri: "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
            XCTAssertEqual(b.params, hotpParams(5))
            let snap = try vault.snapshot(id: a.id)
            XCTAssertEqual(snap.account, a)
            let totpNow = try totpCode(secret: secret(secretText), unixTime: now, params: defaultTotp())
            XCTAssertEqual(current(snap), totpNow)
            XCTAssertEqual(snap.code?.remaining, 30 - now % 30)
            XCTAssertEqual(current(try vault.code(id: a.id)), totpNow)
            // HOTP: a snapshot has no code (it would use up a counter); code(id:) saves counter + 1
            // first, then gives the code of the value the counter had.
            let key = secret("GEZDGNBVGY3TQOJQ")
            XCTAssertNil(try vault.snapshot(id: b.id).code)
            XCTAssertEqual(vault.get(id: b.id)?.params, hotpParams(5))
            XCTAssertEqual(current(try vault.code(id: b.id)), try hotpCode(secret: key, counter: 5))
            XCTAssertEqual(vault.get(id: b.id)?.params, hotpParams(6))
            XCTAssertEqual(current(try vault.code(id: b.id)), try hotpCode(secret: key, counter: 6))
            XCTAssertEqual(try vault.snapshots().map { $0.code == nil }, [false, true])
            aId = a.id; bId = b.id
        }
        let vault = try Accounts.openVaultBlocking(path: p, passphrase: "correct horse", time: clock())
        let records = vault.list()
        XCTAssertEqual(records.map(\.id), [aId, bId])
        XCTAssertEqual(records[0].issuer, "ACME")
        XCTAssertEqual(records[0].groups, ["Work"])
        XCTAssertEqual(vault.get(id: bId)?.params, hotpParams(7))
        XCTAssertEqual(try vault.otpAuthUri(id: aId).secret.revealBase32(), secretText)
        XCTAssertEqual(vault.search(query: "acme").map(\.id), [aId])
        XCTAssertEqual(vault.search(query: String(bId.prefix(6))).map(\.id), [bId])
        XCTAssertEqual(vault.search(query: "nobody"), [])
        XCTAssertEqual(vault.search().map(\.id), [aId, bId])
        XCTAssertEqual(try vault.find(query: "bank").id, bId)
        XCTAssertEqual(errorLabel { try vault.find(query: "nobody") }, "NotFound")
        XCTAssertEqual(try vault.remove(id: bId).id, bId)
        XCTAssertNil(vault.get(id: bId))
        XCTAssertEqual(errorLabel { try vault.snapshot(id: bId) }, "NotFound")
        XCTAssertEqual(errorLabel { try vault.remove(id: bId) }, "NotFound")
    }

    func testAddSecretForManualEntry() throws {
        let vault = try newVault()
        let key = try Secret.generate()
        let a = try vault.addSecret(secret: key, label: "bob", issuer: "Corp", params: totpParams(.sha256, digits: 8))
        XCTAssertEqual([a.label, a.issuer], ["bob", "Corp"])
        XCTAssertEqual(a.params, totpParams(.sha256, digits: 8))
        XCTAssertEqual(try vault.otpAuthUri(id: a.id).secret, key)
        XCTAssertEqual(current(try vault.snapshot(id: a.id)),
                       try totpCode(secret: key, unixTime: now, params: totpParams(.sha256, digits: 8)))
        let plain = try vault.addSecret(secret: key, label: "carol")
        XCTAssertEqual(plain.params, defaultTotp())
        XCTAssertNil(plain.issuer)
        XCTAssertEqual(errorLabel { try vault.addSecret(secret: key, label: "dave", params: totpParams(digits: 42)) },
                       "InvalidInput.parameters")
        XCTAssertEqual(vault.list().count, 2)
    }

    func testUpdateKeepsTheSecret() throws {
        let vault = try newVault()
        let a = try vault.add(account: try acme(), note: nil, groups: [])
        let u = try vault.update(id: a.id, update: AccountUpdate(label: "alice", issuer: "ACME Corp", note: "n", groups: ["G"]))
        XCTAssertEqual([u.issuer, u.label, u.note], ["ACME Corp", "alice", "n"])
        XCTAssertEqual(u.groups, ["G"])
        XCTAssertEqual(u.id, a.id)
        XCTAssertEqual(try vault.otpAuthUri(id: a.id).secret.revealBase32(), secretText)
        XCTAssertEqual(errorLabel { try vault.update(id: "nope", update: AccountUpdate(label: "x")) },
                       "NotFound")
    }

    func testVaultErrors() throws {
        let p = path()
        do {
            let vault = try newVault(p, passphrase: "right")
            XCTAssertEqual(errorLabel { try Accounts.openVaultBlocking(path: p, passphrase: "right", time: self.clock()) }, "Storage.locked")
            XCTAssertEqual(errorLabel { try self.newVault(p, passphrase: "again") }, "Storage.locked")
            XCTAssertEqual(errorLabel { try vault.addUri(uri: "otpauth://totp/x?secret=not-base32!") }, "InvalidInput.secret")
            XCTAssertEqual(vault.list(), [])
        }
        XCTAssertEqual(errorLabel { try Accounts.openVaultBlocking(path: p, passphrase: "wrong", time: self.clock()) },
                       "Authentication.wrongPassphrase")
        try Data("not a vault at all".utf8).write(to: tmp.appendingPathComponent("junk"))
        XCTAssertEqual(errorLabel { try Accounts.openVaultBlocking(path: self.path("junk"), passphrase: "right", time: self.clock()) },
                       "Storage.corrupted")
        XCTAssertEqual(errorLabel { try Accounts.openVaultBlocking(path: self.path("missing"), passphrase: "right", time: self.clock()) },
                       "Storage.backend")
    }

    func testPassphraseChange() throws {
        let p = path()
        var id = ""
        do {
            let vault = try newVault(p, passphrase: "old")
            id = try vault.addUri(uri: "otpauth://totp/x?secret=\(secretText)").id
            try vault.changePassphraseBlocking(newPassphrase: "new", kdf: testKdf)
        }
        XCTAssertEqual(errorLabel { try Accounts.openVaultBlocking(path: p, passphrase: "old", time: self.clock()) },
                       "Authentication.wrongPassphrase")
        XCTAssertNotNil(try Accounts.openVaultBlocking(path: p, passphrase: "new", time: clock()).get(id: id))
        // A key-store account file has no passphrase.
        let store = Accounts.inMemory(store: DictSecretStore(), time: clock())
        XCTAssertEqual(errorLabel { try store.changePassphraseBlocking(newPassphrase: "x", kdf: testKdf) }, "Storage.unsupported")
    }

    func testAccountsWithSwiftSecretStore() throws {
        let store = DictSecretStore()
        let meta = path("accounts.json")
        var id = ""
        do {
            let accounts = try Accounts.withSecretStore(store: store, metadataPath: meta, time: clock())
            let a = try accounts.add(account: try acme(), note: nil, groups: [])
            XCTAssertEqual(try store.listIds(), [a.id])
            XCTAssertEqual(try store.get(id: a.id), secretBytes)
            XCTAssertEqual(try accounts.otpAuthUri(id: a.id).secret.revealBytes(), secretBytes)
            XCTAssertEqual(current(try accounts.snapshot(id: a.id)),
                           try totpCode(secret: secret(secretText), unixTime: now, params: defaultTotp()))
            id = a.id
        }
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        XCTAssertTrue(text.contains("alice"))
        XCTAssertFalse(text.contains(secretText))
        let attributes = try FileManager.default.attributesOfItem(atPath: meta)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        do {
            let accounts = try Accounts.withSecretStore(store: store, metadataPath: meta, time: clock())
            XCTAssertEqual(accounts.list().map(\.id), [id])
            _ = try accounts.remove(id: id)
            XCTAssertEqual(try store.listIds(), [])
        }
        // A failing Keychain: a typed backend error with its reason; nothing half-added.
        let accounts = Accounts.inMemory(store: store, time: clock())
        store.fail = true
        let r = catchOtpError { try accounts.addUri(uri: "otpauth://totp/x?secret=\(self.secretText)") }
        XCTAssertEqual(r.otp.map { info($0).label }, "Storage.backend")
        XCTAssertTrue(r.otp.map { info($0).reason.contains("keychain is locked") } ?? false, "\(String(describing: r.otp))")
        XCTAssertTrue(accounts.list().isEmpty)
        // A lost key is its own kind (re-enrol), not a generic backend failure.
        store.fail = false
        store.keyLost = true
        XCTAssertEqual(errorLabel { try accounts.addUri(uri: "otpauth://totp/x?secret=\(self.secretText)") }, "Storage.keyLost")
        XCTAssertTrue(accounts.list().isEmpty)
    }

    func testMemorySecretStore() throws {
        let store = memorySecretStore()
        let accounts = Accounts.inMemory(store: store, time: clock())
        let a = try accounts.addUri(uri: "otpauth://totp/ACME:alice?secret=\(secretText)&issuer=ACME")
        XCTAssertEqual(try store.listIds(), [a.id])
        XCTAssertEqual(try store.get(id: a.id), secretBytes)
        XCTAssertNil(try store.get(id: "nope"))
    }

    func testReadEveryFixture() throws {
        let names = try Fixtures.all()
        XCTAssertGreaterThanOrEqual(names.count, 20)
        for name in names {
            let exp = try Fixtures.expected(name)
            let backup = try readBackupBlocking(format: importFormat(exp["format"] as! String), data: try Fixtures.data(name),
                                                password: exp["password"] as? String)
            let accounts = exp["accounts"] as! [[String: Any]]
            let failures = exp["failures"] as! [[String: Any]]
            XCTAssertEqual(backup.accounts.count, accounts.count, name)
            XCTAssertEqual(backup.unreadable.map { Int($0.index) }, failures.map { $0["index"] as! Int }, name)
            XCTAssertEqual(backup.format, importFormat(exp["format"] as! String), name)
            for (got, want) in zip(backup.unreadable, failures) {
                XCTAssertEqual(got.name, want["name"] as? String, name)
                XCTAssertTrue(got.reason.contains(want["reason_contains"] as! String), "\(name): \(got.reason)")
            }
            for (got, want) in zip(backup.accounts, accounts) {
                XCTAssertEqual(got.secret.revealBase32(), want["secret"] as? String, name)
                XCTAssertEqual(got.account, want["account"] as? String, name)
                XCTAssertEqual(kindName(paramsOf(got)), want["type"] as? String, name)
            }
        }
        // Auto-detection finds the format of a plain Aegis export.
        let auto = try readBackupBlocking(format: .auto, data: try Fixtures.data("aegis_plain.json"), password: nil)
        XCTAssertEqual(auto.accounts.count, (try Fixtures.expected("aegis_plain.json")["accounts"] as! [Any]).count)
    }

    func testEncryptedImportErrors() throws {
        let data = try Fixtures.data("aegis_encrypted.json")
        XCTAssertEqual(errorLabel { try readBackupBlocking(format: .aegis, data: data, password: nil) }, "Authentication.passwordRequired")
        XCTAssertEqual(errorLabel { try readBackupBlocking(format: .aegis, data: data, password: "nope") }, "Authentication.wrongPassword")
        XCTAssertEqual(errorLabel { try readBackupBlocking(format: .lastPass, data: data, password: nil) }, "InvalidInput.backup")
    }

    func testImportEncryptedAegisIntoVault() throws {
        let exp = try Fixtures.expected("aegis_encrypted.json")
        let vault = try newVault()
        let summary = try vault.importBackupBlocking(format: .aegis, data: try Fixtures.data("aegis_encrypted.json"),
                                                     password: exp["password"] as? String)
        let accounts = exp["accounts"] as! [[String: Any]]
        XCTAssertEqual(summary.added.count, accounts.count)
        XCTAssertEqual(Set(summary.added.map(\.id)), Set(vault.list().map(\.id)))
        XCTAssertEqual(summary.unreadable.map { Int($0.index) }, (exp["failures"] as! [[String: Any]]).map { $0["index"] as! Int })
        XCTAssertEqual(vault.list()[0].issuer, accounts[0]["issuer"] as? String)
        XCTAssertEqual(vault.list()[0].groups, accounts[0]["groups"] as? [String])
        XCTAssertEqual(vault.list()[0].note, accounts[0]["note"] as? String)
        // A wrong password imports nothing.
        let other = try newVault(path("other"))
        XCTAssertEqual(errorLabel { try other.importBackupBlocking(format: .aegis, data: try Fixtures.data("aegis_encrypted.json"), password: "x") },
                       "Authentication.wrongPassword")
        XCTAssertEqual(other.list(), [])
    }

    func testImportRerunAddsNothingAndFlagsPartialByteSecrets() throws {
        let vault = try newVault()
        let text = Data("otpauth://totp/S:nine?secret=JBSWY3DPE\notpauth://totp/S:ok?secret=JBSWY3DPEHPK3PXP\n".utf8)
        let first = try vault.importBackupBlocking(format: .otpauth, data: text, password: nil)
        XCTAssertEqual(first.added.count, 2)
        XCTAssertEqual(first.duplicates.count, 0)
        let again = try vault.importBackupBlocking(format: .otpauth, data: text, password: nil)
        XCTAssertEqual(again.added.count, 0)
        XCTAssertEqual(again.duplicates.count, 2)
        XCTAssertEqual(again.duplicates.map(\.index), [0, 1])
        XCTAssertEqual(vault.list().count, 2)
        XCTAssertTrue(vault.list()[0].warnings.map(warningName).contains("secret_trailing_bits"))
        XCTAssertFalse(vault.list()[1].warnings.map(warningName).contains("secret_trailing_bits"))
    }

    func testExportImportRoundTrip() throws {
        let vault = try newVault()
        let p8 = try parseUri(uri: "otpauth://totp/ACME:alice?secret=\(secretText)&issuer=ACME&digits=8&period=60")
        _ = try vault.add(account: p8, note: "n", groups: ["G"])
        let hotp = try vault.addUri(uri: "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")
        let text = try vault.exportBlocking(format: .otpauth)
        XCTAssertEqual(text.split(separator: "\n").count, 2)
        let back = try readBackupBlocking(format: .otpauth, data: Data(text.utf8))
        XCTAssertEqual(back.accounts.map { $0.secret.revealBase32() }, [secretText, "GEZDGNBVGY3TQOJQ"])
        XCTAssertTrue(back.unreadable.isEmpty)
        let onlyFirst = try vault.exportBlocking(format: .otpauth, only: vault.list()[0].id)
        XCTAssertEqual(onlyFirst.split(separator: "\n").count, 1)
        XCTAssertEqual(errorLabel { try vault.exportBlocking(format: .otpauth, password: "pw") }.map { $0.hasPrefix("InvalidInput") }, true)

        // Google Authenticator has no 60 s period: that account refuses the export, with a reason.
        let refused = catchOtpError { try vault.exportBlocking(format: .google) }
        XCTAssertEqual(refused.otp.map { info($0).label }, "InvalidInput.export")
        XCTAssertTrue(refused.otp.map { info($0).reason.contains("period") } ?? false, "\(String(describing: refused.otp))")
        let google = try vault.exportBlocking(format: .google, only: hotp.id).split(separator: "\n").map(String.init)
        XCTAssertTrue(google.allSatisfy { $0.hasPrefix("otpauth-migration://offline?data=") }, "\(google.count) URIs")
        XCTAssertEqual(try google.flatMap { try migrationDecode(uri: $0) }.map { $0.secret.revealBase32() }, ["GEZDGNBVGY3TQOJQ"])

        let encrypted = try vault.exportBlocking(format: .aegis, password: "pw")
        XCTAssertFalse(encrypted.contains(secretText))
        let other = Accounts.inMemory(store: DictSecretStore(), time: clock())
        let summary = try other.importBackupBlocking(format: .aegis, data: Data(encrypted.utf8), password: "pw")
        XCTAssertEqual(summary.added.count, 2)
        XCTAssertEqual(other.list().map(\.label), vault.list().map(\.label))
        XCTAssertEqual(other.list().map(\.params), vault.list().map(\.params))
        XCTAssertEqual(other.list()[0].groups, ["G"])

        let plain = try vault.exportBlocking(format: .aegis)
        XCTAssertTrue(plain.contains(secretText))
        let again = try readBackupBlocking(format: .aegis, data: Data(plain.utf8))
        XCTAssertEqual(again.accounts.map { $0.secret.revealBase32() }, [secretText, "GEZDGNBVGY3TQOJQ"])
    }
}
