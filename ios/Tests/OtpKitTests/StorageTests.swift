// Storage and imports through the bindings: OtpVault, OtpAccountStore with a Swift SecretStore
// (a dictionary, as a Keychain adapter would be), backup imports from tests/fixtures/import, and
// export/import round trips.

import Foundation
import OtpKit
import XCTest

final class DictSecretStore: SecretStore, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: Data] = [:]
    var fail = false

    func put(id: String, secret: Data) throws {
        if fail { throw SecretStoreError.Backend(reason: "keychain is locked") }
        lock.lock(); defer { lock.unlock() }
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

    func set(_ id: String, _ value: Data) {
        lock.lock(); defer { lock.unlock() }
        items[id] = value
    }
}

final class StorageTests: XCTestCase {
    let secret = "JBSWY3DPEHPK3PXP"
    let secretBytes = Data([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef])
    let now: UInt64 = 1_700_000_000
    let totp = OtpParameters(otpType: .totp, algorithm: .sha1, digits: 6, period: 30, t0: 0, counter: 0)
    var tmp: URL!

    static let fixtures = Vectors.directory.deletingLastPathComponent()
        .appendingPathComponent("fixtures/import", isDirectory: true)

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("otpkit-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: tmp)
    }

    func path(_ name: String = "v.otpkit") -> String { tmp.appendingPathComponent(name).path }
    func clock() -> Clock { FixedSwiftClock(now) }

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    }

    func expected(_ name: String) throws -> [String: Any] {
        let data = try fixture("\(name).expected.json")
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func errorKind<T>(_ body: () throws -> T) -> String? {
        catchOtpError(body).otp.map { describe($0).kind }
    }

    func testVaultCreateAddReopenListSnapshot() throws {
        let p = path()
        var aId = "", bId = ""
        do {
            let vault = try OtpVault.create(path: p, passphrase: "correct horse", clock: clock())
            let a = try vault.add(issuer: "ACME", label: "alice@example.com", params: totp, note: "note",
                                  icon: nil, groups: ["Work"], secret: secret)
            XCTAssertEqual(a.id.count, 32)
            XCTAssertEqual(a.created, now)
            let b = try vault.addUri(uri: "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5&issuer=Bank")
            XCTAssertEqual(b.params.otpType, .hotp)
            let snap = try vault.snapshot(id: a.id)
            XCTAssertEqual(snap.current, try totpCode(secret: secret, params: totp, unixTime: now))
            XCTAssertEqual(snap.remaining, 30 - now % 30)
            XCTAssertEqual(try vault.bumpCounter(id: b.id), 6)
            aId = a.id; bId = b.id
        }
        let vault = try OtpVault.open(path: p, passphrase: "correct horse", clock: clock())
        let records = vault.list()
        XCTAssertEqual(records.map(\.id), [aId, bId])
        XCTAssertEqual(records[0].issuer, "ACME")
        XCTAssertEqual(records[0].groups, ["Work"])
        XCTAssertEqual(vault.get(id: bId)?.params.counter, 6)
        XCTAssertEqual(vault.secret(id: aId), secret)
        XCTAssertEqual(try vault.remove(id: bId).id, bId)
        XCTAssertNil(vault.get(id: bId))
        XCTAssertEqual(errorKind { try vault.snapshot(id: bId) }, "AccountNotFound")
    }

    func testVaultErrors() throws {
        let p = path()
        do {
            let vault = try OtpVault.create(path: p, passphrase: "right", clock: clock())
            XCTAssertEqual(errorKind { try OtpVault.open(path: p, passphrase: "right", clock: self.clock()) }, "VaultLocked")
            XCTAssertEqual(errorKind { try OtpVault.create(path: p, passphrase: "again", clock: self.clock()) }, "VaultLocked")
            XCTAssertEqual(errorKind {
                try vault.add(issuer: nil, label: "x", params: self.totp, note: nil, icon: nil, groups: [], secret: "not base32!")
            }, "InvalidSecret")
        }
        XCTAssertEqual(errorKind { try OtpVault.open(path: p, passphrase: "wrong", clock: self.clock()) }, "WrongPassphrase")
        try Data("not a vault at all".utf8).write(to: tmp.appendingPathComponent("junk"))
        XCTAssertEqual(errorKind { try OtpVault.open(path: self.path("junk"), passphrase: "right", clock: self.clock()) }, "VaultCorrupted")
    }

    func testPassphraseChange() throws {
        let p = path()
        var id = ""
        do {
            let vault = try OtpVault.create(path: p, passphrase: "old", clock: clock())
            id = try vault.addUri(uri: "otpauth://totp/x?secret=\(secret)").id
            try vault.changePassphrase(newPassphrase: "new")
        }
        XCTAssertEqual(errorKind { try OtpVault.open(path: p, passphrase: "old", clock: self.clock()) }, "WrongPassphrase")
        XCTAssertNotNil(try OtpVault.open(path: p, passphrase: "new", clock: clock()).get(id: id))
    }

    func testEnrollKeyIntoSwiftStoreAndOpenWithIt() throws {
        let p = path()
        let store = DictSecretStore()
        var id = ""
        do {
            let vault = try OtpVault.create(path: p, passphrase: "pass", clock: clock())
            id = try vault.addUri(uri: "otpauth://totp/x?secret=\(secret)").id
            XCTAssertFalse(try vault.enrollKey(store: store, entry: "vault-key").isEmpty)
        }
        XCTAssertEqual(try store.get(id: "vault-key")?.count, 32)
        do {
            let vault = try OtpVault.openWithKeyStore(path: p, store: store, entry: "vault-key", clock: clock())
            XCTAssertNotNil(vault.get(id: id))
        }
        XCTAssertEqual(errorKind { try OtpVault.openWithKeyStore(path: p, store: store, entry: "other", clock: self.clock()) }, "WrongPassphrase")
        store.set("vault-key", Data(count: 32))
        XCTAssertEqual(errorKind { try OtpVault.openWithKeyStore(path: p, store: store, entry: "vault-key", clock: self.clock()) }, "WrongPassphrase")
        store.fail = true
        let vault = try OtpVault.open(path: p, passphrase: "pass", clock: clock())
        let r = catchOtpError { try vault.enrollKey(store: store, entry: "k2") }
        XCTAssertEqual(r.otp.map { describe($0).kind }, "StorageFailed")
        XCTAssertTrue(r.otp.map { describe($0).message.contains("keychain is locked") } ?? false)
    }

    func testAccountStoreWithSwiftSecretStore() throws {
        let store = DictSecretStore()
        let meta = path("accounts.json")
        var id = ""
        do {
            let accounts = try OtpAccountStore.open(path: meta, store: store, clock: clock())
            let a = try accounts.add(issuer: "ACME", label: "alice", params: totp, note: nil, icon: nil, groups: [], secret: secret)
            XCTAssertEqual(try store.listIds(), [a.id])
            XCTAssertEqual(try store.get(id: a.id), secretBytes)
            XCTAssertEqual(try accounts.secret(id: a.id), secret)
            XCTAssertEqual(try accounts.snapshot(id: a.id).current, try totpCode(secret: secret, params: totp, unixTime: now))
            id = a.id
        }
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        XCTAssertTrue(text.contains("alice"))
        XCTAssertFalse(text.contains(secret))
        do {
            let accounts = try OtpAccountStore.open(path: meta, store: store, clock: clock())
            XCTAssertEqual(accounts.list().map(\.id), [id])
            _ = try accounts.remove(id: id)
            XCTAssertEqual(try store.listIds(), [])
        }
        let accounts = OtpAccountStore.inMemory(store: store, clock: clock())
        store.fail = true
        XCTAssertEqual(errorKind { try accounts.addUri(uri: "otpauth://totp/x?secret=\(self.secret)") }, "StorageFailed")
        XCTAssertTrue(accounts.list().isEmpty)
    }

    func testMemorySecretStore() throws {
        let store = memorySecretStore()
        let accounts = OtpAccountStore.inMemory(store: store, clock: clock())
        let a = try accounts.addUri(uri: "otpauth://totp/ACME:alice?secret=\(secret)&issuer=ACME")
        XCTAssertEqual(try store.listIds(), [a.id])
        XCTAssertEqual(try store.get(id: a.id), secretBytes)
        XCTAssertNil(try store.get(id: "nope"))
    }

    func testImportFixtures() throws {
        for name in ["aegis_plain.json", "aegis_encrypted.json", "aegis_plain_v1.json", "otpauth_list.txt",
                     "google_migration.txt", "twofas_plain.2fas", "proton_plain.json", "ente_plain.txt"] {
            let exp = try expected(name)
            let backup = try importBackup(format: exp["format"] as! String, data: try fixture(name),
                                          password: exp["password"] as? String)
            let accounts = exp["accounts"] as! [[String: Any]]
            let failures = exp["failures"] as! [[String: Any]]
            XCTAssertEqual(backup.accounts.count, accounts.count, name)
            XCTAssertEqual(backup.failures.map { Int($0.index) }, failures.map { $0["index"] as! Int }, name)
            for (got, want) in zip(backup.failures, failures) {
                XCTAssertEqual(got.name, want["name"] as? String, name)
                XCTAssertTrue(got.reason.contains(want["reason_contains"] as! String), "\(name): \(got.reason)")
            }
            for (got, want) in zip(backup.accounts, accounts) {
                XCTAssertEqual(got.secret, want["secret"] as? String, name)
                XCTAssertEqual(got.account, want["account"] as? String, name)
            }
        }
    }

    func testEncryptedImportErrors() throws {
        let data = try fixture("aegis_encrypted.json")
        XCTAssertEqual(errorKind { try importBackup(format: "aegis", data: data, password: nil) }, "PasswordRequired")
        XCTAssertEqual(errorKind { try importBackup(format: "aegis", data: data, password: "nope") }, "WrongPassword")
        XCTAssertEqual(errorKind { try importBackup(format: "lastpass", data: data, password: nil) }, "ImportFailed")
    }

    func testImportEncryptedAegisIntoVault() throws {
        let exp = try expected("aegis_encrypted.json")
        let vault = try OtpVault.create(path: path(), passphrase: "pass", clock: clock())
        let summary = try vault.importBackup(format: "aegis", data: try fixture("aegis_encrypted.json"),
                                             password: exp["password"] as? String)
        let accounts = exp["accounts"] as! [[String: Any]]
        XCTAssertEqual(Int(summary.imported), accounts.count)
        XCTAssertEqual(summary.failures.map { Int($0.index) },
                       (exp["failures"] as! [[String: Any]]).map { $0["index"] as! Int })
        XCTAssertEqual(vault.list()[0].issuer, accounts[0]["issuer"] as? String)
        XCTAssertEqual(vault.list()[0].groups, accounts[0]["groups"] as? [String])
    }

    func testImportRerunAddsNothingAndFlagsPartialByteSecrets() throws {
        let vault = try OtpVault.create(path: path(), passphrase: "pass", clock: clock())
        let text = Data("otpauth://totp/S:nine?secret=JBSWY3DPE\notpauth://totp/S:ok?secret=JBSWY3DPEHPK3PXP\n".utf8)
        let first = try vault.importBackup(format: "otpauth", data: text, password: nil)
        XCTAssertEqual(first.imported, 2)
        XCTAssertEqual(first.duplicates, 0)
        let again = try vault.importBackup(format: "otpauth", data: text, password: nil)
        XCTAssertEqual(again.imported, 0)
        XCTAssertEqual(again.duplicates, 2)
        XCTAssertEqual(vault.list().count, 2)
        XCTAssertEqual(vault.list()[0].warnings, ["secret_trailing_bits"])
        XCTAssertTrue(vault.list()[1].warnings.isEmpty)
    }

    func testExportImportRoundTrip() throws {
        let vault = try OtpVault.create(path: path(), passphrase: "pass", clock: clock())
        let p8 = OtpParameters(otpType: .totp, algorithm: .sha1, digits: 8, period: 60, t0: 0, counter: 0)
        _ = try vault.add(issuer: "ACME", label: "alice", params: p8, note: "n", icon: nil, groups: ["G"], secret: secret)
        _ = try vault.addUri(uri: "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=3&issuer=Bank")
        let text = try vault.exportOtpauth()
        let back = try importBackup(format: "otpauth", data: Data(text.utf8), password: nil)
        XCTAssertEqual(back.accounts.map(\.secret), [secret, "GEZDGNBVGY3TQOJQ"])
        XCTAssertTrue(back.failures.isEmpty)

        let encrypted = try vault.exportAegis(password: "pw")
        XCTAssertFalse(encrypted.contains(secret))
        let other = OtpAccountStore.inMemory(store: DictSecretStore(), clock: clock())
        let summary = try other.importBackup(format: "aegis", data: Data(encrypted.utf8), password: "pw")
        XCTAssertEqual(summary.imported, 2)
        XCTAssertEqual(other.list().map(\.label), vault.list().map(\.label))
        XCTAssertEqual(other.list().map(\.params), vault.list().map(\.params))
        XCTAssertEqual(other.list()[0].groups, ["G"])

        XCTAssertEqual(try exportOtpauthList(accounts: back.accounts), text)
        let again = try importBackup(format: "aegis", data: Data(try exportAegis(accounts: back.accounts, password: nil).utf8), password: nil)
        XCTAssertEqual(again.accounts.map(\.secret), [secret, "GEZDGNBVGY3TQOJQ"])
    }
}
