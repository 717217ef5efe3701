// The async forms of storage (Swift async/await over uniffi futures): vault create/open/change
// passphrase, encrypted import/export and readBackup, several vaults at once.

import Foundation
import OtpKit
import XCTest

private let T: Int64 = 1_700_000_010
private let key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

final class AsyncStorageTests: TempDirTestCase {
    func clock() -> TimeSource { FixedSwiftClock(T) }

    func testVaultCreateOpenChangePassphraseAsync() async throws {
        let p = path()
        let vault = try await Accounts.createVault(path: p, passphrase: "old", kdf: testKdf, time: clock())
        _ = try vault.addUri(uri: "otpauth://totp/ACME:alice?secret=\(key)&issuer=ACME")
        try await vault.changePassphrase(newPassphrase: "new", kdf: testKdf)
        let locked = await errorLabelAsync { try await Accounts.openVault(path: p, passphrase: "new", time: self.clock()) }
        XCTAssertEqual(locked, "Storage.locked", "the first handle still holds the vault")
        _ = vault  // keep it open until here
    }

    func testVaultReopenAsync() async throws {
        let p = path()
        var id = ""
        do {
            let vault = try await Accounts.createVault(path: p, passphrase: "old", kdf: testKdf, time: clock())
            id = try vault.addUri(uri: "otpauth://totp/ACME:alice?secret=\(key)&issuer=ACME").id
            try await vault.changePassphrase(newPassphrase: "new", kdf: testKdf)
        }
        let wrong = await errorLabelAsync { try await Accounts.openVault(path: p, passphrase: "old", time: self.clock()) }
        XCTAssertEqual(wrong, "Authentication.wrongPassphrase")
        let vault = try await Accounts.openVault(path: p, passphrase: "new", time: clock())
        XCTAssertEqual(vault.list().map(\.id), [id])
        XCTAssertEqual(current(try vault.snapshot(id: id)),
                       try totpCode(secret: secret(key), unixTime: T, params: defaultTotp()))
        let memory = Accounts.inMemory(store: memorySecretStore(), time: clock())
        let unsupported = await errorLabelAsync { try await memory.changePassphrase(newPassphrase: "x", kdf: testKdf) }
        XCTAssertEqual(unsupported, "Storage.unsupported")
    }

    func testEncryptedImportExportAsync() async throws {
        let exp = try Fixtures.expected("aegis_encrypted.json")
        let data = try Fixtures.data("aegis_encrypted.json")
        let password = exp["password"] as? String
        let want = (exp["accounts"] as! [[String: Any]]).map { $0["secret"] as! String }

        let read = try await readBackup(format: .aegis, data: data, password: password)
        XCTAssertEqual(read.accounts.map { $0.secret.revealBase32() }, want)
        let missing = await errorLabelAsync { try await readBackup(format: .aegis, data: data, password: nil) }
        XCTAssertEqual(missing, "Authentication.passwordRequired")

        let vault = try await Accounts.createVault(path: path(), passphrase: "pass", kdf: testKdf, time: clock())
        let summary = try await vault.importBackup(format: .aegis, data: data, password: password)
        XCTAssertEqual(summary.added.count, want.count)
        let wrong = await errorLabelAsync { try await vault.importBackup(format: .aegis, data: data, password: "nope") }
        XCTAssertEqual(wrong, "Authentication.wrongPassword")
        XCTAssertEqual(vault.list().count, want.count, "a failed import changes nothing")

        let encrypted = try await vault.export(format: .aegis, password: "pw")
        XCTAssertFalse(want.contains { encrypted.contains($0) })
        let back = try await readBackup(format: .aegis, data: Data(encrypted.utf8), password: "pw")
        // Exports are in display order.
        let stored = try vault.list().map { try vault.otpAuthUri(id: $0.id).secret.revealBase32() }
        XCTAssertEqual(back.accounts.map { $0.secret.revealBase32() }, stored)
        XCTAssertEqual(Set(stored), Set(want))
        let lines = try await vault.export(format: .otpauth)
        XCTAssertEqual(lines.split(separator: "\n").count, want.count)
    }

    /// Several vault operations in flight at once from different tasks (each on its own file).
    func testConcurrentVaultsAsync() async throws {
        let paths = (0..<4).map { path("v\($0)") }
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for (i, p) in paths.enumerated() {
                group.addTask {
                    let v = try await Accounts.createVault(path: p, passphrase: "p\(i)", kdf: testKdf, time: FixedSwiftClock(T))
                    for j in 0...i { _ = try v.addUri(uri: "otpauth://totp/I:a\(j)?secret=\(key)&issuer=I") }
                    return v.list().count
                }
            }
            var all: [Int] = []
            for try await c in group { all.append(c) }
            return all.sorted()
        }
        XCTAssertEqual(counts, [1, 2, 3, 4])
    }

    /// One vault object shared by concurrent tasks: every add is stored once, and concurrent HOTP
    /// codes each reserve their own counter (no code shown twice, none skipped).
    func testOneVaultFromConcurrentTasks() async throws {
        let p = path()
        let vault = try await Accounts.createVault(path: p, passphrase: "pass", kdf: testKdf, time: FixedSwiftClock(T))
        let hotp = try vault.addUri(uri: "otpauth://hotp/Bank:bob?secret=\(key)&counter=0&issuer=Bank")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask { _ = try vault.addUri(uri: "otpauth://totp/I:user\(i)?secret=\(key)&issuer=I") }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(vault.list().count, 9)
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 {
                group.addTask { try XCTUnwrap(vault.code(id: hotp.id).code).current.reveal() }
            }
            var all: [String] = []
            for try await c in group { all.append(c) }
            return all
        }
        let expected = try (0..<10).map { try hotpCode(secret: secret(key), counter: Int64($0)) }
        XCTAssertEqual(codes.sorted(), expected.sorted())
        XCTAssertEqual(vault.get(id: hotp.id)?.params, hotpParams(10))
    }
}
