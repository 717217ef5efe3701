// KeychainSecretStore (ios/Sources/OtpKit/Keychain) against FakeKeychain: the items and
// queries it makes (generic passwords, service/account naming, WhenUnlockedThisDeviceOnly and
// no iCloud sync by default, access group and user authentication as options), the status
// mapping (errSecItemNotFound → nil, errSecDuplicateItem → update, a locked device → a clear
// error), and the store as the SecretStore of Accounts.withSecretStore. The Security-backed
// adapter (SecurityKeychain) is not compiled on Linux; see ios/README.md.

import Foundation
import OtpKit
import XCTest

final class KeychainSecretStoreTests: TempDirTestCase {
    let secretText = "JBSWY3DPEHPK3PXP"
    let secretBytes = Data([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef])
    let now: Int64 = 1_700_000_000

    func clock() -> TimeSource { FixedSwiftClock(now) }

    func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let SecretStoreError.Backend(reason) {
            return reason
        } catch {
            return "other: \(error)"
        }
    }

    func testDefaultItemIsAWhenUnlockedThisDeviceOnlyGenericPasswordWithoutSync() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "acct-1", secret: secretBytes)
        guard case let .add(item)? = keychain.calls.first else { return XCTFail("\(keychain.calls)") }
        XCTAssertEqual(item.service, "otpkit")
        XCTAssertEqual(item.account, "acct-1")
        XCTAssertNil(item.accessGroup)
        XCTAssertFalse(item.synchronizable)
        XCTAssertEqual(item.protection, KeychainProtection(accessibility: .whenUnlockedThisDeviceOnly, userAuthentication: nil))
        XCTAssertEqual(item.data, secretBytes)
        XCTAssertEqual(keychain.calls.count, 1)
        XCTAssertEqual(try store.get(id: "acct-1"), secretBytes)
        XCTAssertEqual(keychain.calls.last, .copyMatching(KeychainQuery(
            service: "otpkit", match: .account("acct-1"), accessGroup: nil, synchronizable: false, returning: .data)))
    }

    func testPutOfAnExistingIdUpdatesInPlace() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "a", secret: Data([1, 2, 3]))
        keychain.clearCalls()
        try store.put(id: "a", secret: secretBytes)
        let protection = KeychainProtection(accessibility: .whenUnlockedThisDeviceOnly)
        XCTAssertEqual(keychain.calls.count, 2, "\(keychain.calls)")
        guard case .add? = keychain.calls.first else { return XCTFail("\(keychain.calls)") }
        XCTAssertEqual(keychain.calls.last, .update(
            KeychainQuery(service: "otpkit", match: .account("a"), accessGroup: nil, synchronizable: false, returning: .nothing),
            KeychainUpdate(data: secretBytes, protection: protection)))
        XCTAssertEqual(keychain.items.count, 1)
        XCTAssertEqual(try store.get(id: "a"), secretBytes)
    }

    func testAFailedUpdateKeepsTheOldSecret() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "a", secret: Data([1, 2, 3]))
        keychain.inject(.decode, on: .update)
        let r = reason { try store.put(id: "a", secret: self.secretBytes) }
        XCTAssertEqual(r, "Keychain: replacing a secret failed: the Keychain could not decode the item (errSecDecode (-26275))")
        XCTAssertEqual(try store.get(id: "a"), Data([1, 2, 3]))
    }

    func testAnItemDeletedBetweenAddAndUpdateIsAddedAgain() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "a", secret: Data([1]))
        keychain.beforeUpdate = { keychain.remove(account: "a") }
        keychain.clearCalls()
        try store.put(id: "a", secret: secretBytes)
        XCTAssertEqual(keychain.calls.map { call -> String in
            switch call {
            case .add: return "add"
            case .update: return "update"
            case .copyMatching: return "copy"
            case .delete: return "delete"
            }
        }, ["add", "update", "add"])
        keychain.beforeUpdate = nil
        XCTAssertEqual(try store.get(id: "a"), secretBytes)
    }

    func testAnItemThatKeepsFlickeringGivesUpWithAnError() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        for _ in 0..<2 {
            keychain.inject(.duplicateItem, on: .add)
            keychain.inject(.itemNotFound, on: .update)
        }
        let r = reason { try store.put(id: "a", secret: self.secretBytes) }
        XCTAssertTrue(r?.hasPrefix("Keychain: storing a secret failed") ?? false, "\(r ?? "nil")")
        XCTAssertEqual(keychain.calls.count, 4)
        XCTAssertTrue(keychain.items.isEmpty)
    }

    func testMissingItems() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        XCTAssertNil(try store.get(id: "nope"))
        XCTAssertNoThrow(try store.delete(id: "nope"))
        XCTAssertEqual(try store.listIds(), [])
        try store.put(id: "a", secret: secretBytes)
        try store.delete(id: "a")
        XCTAssertNil(try store.get(id: "a"))
        XCTAssertTrue(keychain.items.isEmpty)
        XCTAssertEqual(keychain.calls.filter { if case .delete = $0 { return true } else { return false } }.last,
                       .delete(KeychainQuery(service: "otpkit", match: .account("a"), accessGroup: nil,
                                             synchronizable: false, returning: .nothing)))
    }

    func testListIdsMatchesAllItemsOfTheServiceOnly() throws {
        let keychain = FakeKeychain()
        let a = try KeychainSecretStore(keychain: keychain)
        let b = try KeychainSecretStore(options: KeychainSecretStoreOptions(service: "other"), keychain: keychain)
        let synced = try KeychainSecretStore(
            options: KeychainSecretStoreOptions(accessibility: .afterFirstUnlock, synchronizable: true), keychain: keychain)
        try a.put(id: "z", secret: secretBytes)
        try a.put(id: "m", secret: secretBytes)
        try b.put(id: "x", secret: secretBytes)
        try synced.put(id: "s", secret: secretBytes)
        keychain.clearCalls()
        XCTAssertEqual(try a.listIds(), ["m", "z"])
        XCTAssertEqual(keychain.calls, [.copyMatching(KeychainQuery(
            service: "otpkit", match: .all, accessGroup: nil, synchronizable: false, returning: .accounts))])
        XCTAssertEqual(try b.listIds(), ["x"])
        XCTAssertEqual(try synced.listIds(), ["s"])
        XCTAssertNil(try a.get(id: "s"), "a synchronizable item is not one of the device-only store's")
        // Items without a string account are skipped; duplicates (several access groups) appear once.
        keychain.resultOverride = .accounts(["b", nil, "a", "b"])
        XCTAssertEqual(try a.listIds(), ["a", "b"])
    }

    func testLockedDeviceIsAClearErrorAndChangesNothing() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "a", secret: secretBytes)
        keychain.deviceLocked = true
        let expected = "Keychain: reading a secret failed: the device is locked (or the item needs user interaction, "
            + "which is not allowed now); retry after the user unlocks the device (errSecInteractionNotAllowed (-25308))"
        XCTAssertEqual(reason { _ = try store.get(id: "a") }, expected)
        XCTAssertEqual(reason { try store.put(id: "a", secret: Data([9])) }?.contains("secret failed: the device is locked"), true)
        XCTAssertEqual(reason { try store.put(id: "b", secret: Data([9])) }?.hasPrefix("Keychain: storing a secret failed: the device is locked"), true)
        XCTAssertEqual(reason { _ = try store.listIds() }?.hasPrefix("Keychain: listing secrets failed: the device is locked"), true)
        keychain.deviceLocked = false
        XCTAssertEqual(try store.get(id: "a"), secretBytes)
        XCTAssertEqual(try store.listIds(), ["a"])
        // An item readable after the first unlock is readable while locked.
        let background = try KeychainSecretStore(
            options: KeychainSecretStoreOptions(service: "bg", accessibility: .afterFirstUnlockThisDeviceOnly), keychain: keychain)
        try background.put(id: "a", secret: secretBytes)
        keychain.deviceLocked = true
        XCTAssertEqual(try background.get(id: "a"), secretBytes)
    }

    func testEveryStatusBecomesAReasonWithoutTheSecret() throws {
        let cases: [(KeychainStatus, String)] = [
            (.userCanceled, "the user cancelled the authentication prompt (errSecUserCanceled (-128))"),
            (.authFailed, "user authentication failed, or the item's biometric protection no longer matches the enrolled biometry (re-enrol the account) (errSecAuthFailed (-25293))"),
            (.missingEntitlement, "the app is not entitled to this keychain access group (keychain-access-groups entitlement) (errSecMissingEntitlement (-34018))"),
            (.notAvailable, "no keychain is available (errSecNotAvailable (-25291))"),
            (.param, "the Keychain refused the query's parameters (errSecParam (-50))"),
            (KeychainStatus(rawValue: -4), "unexpected Keychain error (OSStatus -4)"),
        ]
        for (status, meaning) in cases {
            let keychain = FakeKeychain()
            let store = try KeychainSecretStore(keychain: keychain)
            try store.put(id: "a", secret: secretBytes)
            keychain.inject(status, on: .copyMatching)
            XCTAssertEqual(reason { _ = try store.get(id: "a") }, "Keychain: reading a secret failed: \(meaning)")
            keychain.inject(status, on: .add)
            XCTAssertEqual(reason { try store.put(id: "b", secret: self.secretBytes) }, "Keychain: storing a secret failed: \(meaning)")
            keychain.inject(status, on: .delete)
            XCTAssertEqual(reason { try store.delete(id: "a") }, "Keychain: deleting a secret failed: \(meaning)")
            keychain.inject(status, on: .copyMatching)
            XCTAssertEqual(reason { _ = try store.listIds() }, "Keychain: listing secrets failed: \(meaning)")
            XCTAssertEqual(try store.get(id: "a"), secretBytes, "nothing stored is lost (\(status))")
        }
    }

    func testAWronglyTypedResultIsAnError() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        try store.put(id: "a", secret: secretBytes)
        keychain.resultOverride = .unexpected("__NSCFArray")
        XCTAssertEqual(reason { _ = try store.get(id: "a") },
                       "Keychain: reading a secret failed: SecItemCopyMatching succeeded but returned a value of type __NSCFArray")
        keychain.resultOverride = .data(secretBytes)
        XCTAssertEqual(reason { _ = try store.listIds() },
                       "Keychain: listing secrets failed: SecItemCopyMatching succeeded but returned data")
    }

    func testAccessGroupAndBiometricProtection() throws {
        let keychain = FakeKeychain()
        let options = KeychainSecretStoreOptions(service: "dev.otpkit.codes", accessGroup: "TEAMID.shared",
                                                 userAuthentication: .biometryCurrentSet, label: nil)
        let store = try KeychainSecretStore(options: options, keychain: keychain)
        try store.put(id: "a", secret: secretBytes)
        guard case let .add(item)? = keychain.calls.first else { return XCTFail("\(keychain.calls)") }
        XCTAssertEqual(item.accessGroup, "TEAMID.shared")
        XCTAssertEqual(item.service, "dev.otpkit.codes")
        XCTAssertNil(item.label)
        XCTAssertEqual(item.protection, KeychainProtection(accessibility: .whenUnlockedThisDeviceOnly,
                                                           userAuthentication: .biometryCurrentSet))
        _ = try store.listIds()
        XCTAssertEqual(keychain.calls.last, .copyMatching(KeychainQuery(
            service: "dev.otpkit.codes", match: .all, accessGroup: "TEAMID.shared", synchronizable: false, returning: .accounts)))
        // The default store (no group) searches every group the app has, so it sees the item too.
        let presence = try KeychainSecretStore(
            options: KeychainSecretStoreOptions(service: "dev.otpkit.codes", userAuthentication: .userPresence), keychain: keychain)
        XCTAssertEqual(try presence.get(id: "a"), secretBytes)
        // Replacing gives the item the replacing store's protection.
        let shared = try KeychainSecretStore(
            options: KeychainSecretStoreOptions(service: "dev.otpkit.codes", accessGroup: "TEAMID.shared",
                                                userAuthentication: .userPresence), keychain: keychain)
        try shared.put(id: "a", secret: Data([7]))
        XCTAssertEqual(keychain.items.count, 1)
        XCTAssertEqual(keychain.items.values.first?.protection.userAuthentication, .userPresence)
        XCTAssertEqual(keychain.items.values.first?.data, Data([7]))
        // A group the app is not entitled to.
        let foreign = try KeychainSecretStore(options: KeychainSecretStoreOptions(accessGroup: "OTHER.group"), keychain: keychain)
        XCTAssertEqual(reason { try foreign.put(id: "a", secret: self.secretBytes) }?.contains("errSecMissingEntitlement"), true)
    }

    func testOptionsTheKeychainWouldRefuseAreRefused() throws {
        let keychain = FakeKeychain()
        func refusal(_ o: KeychainSecretStoreOptions) -> KeychainConfigurationError? {
            do {
                _ = try KeychainSecretStore(options: o, keychain: keychain)
                return nil
            } catch let e as KeychainConfigurationError {
                return e
            } catch {
                XCTFail("\(error)")
                return nil
            }
        }
        XCTAssertEqual(refusal(KeychainSecretStoreOptions(service: "")), .emptyService)
        XCTAssertEqual(refusal(KeychainSecretStoreOptions(accessGroup: "")), .emptyAccessGroup)
        XCTAssertEqual(refusal(KeychainSecretStoreOptions(synchronizable: true)),
                       .synchronizableThisDeviceOnly(.whenUnlockedThisDeviceOnly))
        for a in KeychainAccessibility.allCases where a.isThisDeviceOnly {
            XCTAssertEqual(refusal(KeychainSecretStoreOptions(accessibility: a, synchronizable: true)), .synchronizableThisDeviceOnly(a))
        }
        XCTAssertEqual(refusal(KeychainSecretStoreOptions(accessibility: .whenUnlocked, userAuthentication: .biometryAny,
                                                          synchronizable: true)),
                       .synchronizableWithUserAuthentication(.biometryAny))
        XCTAssertEqual(KeychainConfigurationError.synchronizableThisDeviceOnly(.afterFirstUnlockThisDeviceOnly).description,
                       "synchronizable items cannot use accessibility afterFirstUnlockThisDeviceOnly (ThisDeviceOnly items never leave the device)")
        // iCloud sync when asked for, with a syncable accessibility.
        let synced = try KeychainSecretStore(
            options: KeychainSecretStoreOptions(accessibility: .whenUnlocked, synchronizable: true), keychain: keychain)
        try synced.put(id: "a", secret: secretBytes)
        guard case let .add(item)? = keychain.calls.last else { return XCTFail("\(keychain.calls)") }
        XCTAssertTrue(item.synchronizable)
        XCTAssertEqual(item.protection.accessibility, .whenUnlocked)
        XCTAssertTrue(keychain.items.keys.allSatisfy(\.synchronizable))
    }

    func testItemsAndUpdatesHideTheirData() {
        let secret = Data("JBSWY3DPEHPK3PXP".utf8)
        let item = KeychainItem(service: "otpkit", account: "a", accessGroup: nil, synchronizable: false,
                                protection: KeychainProtection(accessibility: .whenUnlockedThisDeviceOnly), label: nil, data: secret)
        let hidden = [secretText, secret.base64EncodedString(), "\(Array(secret))", "74, 66, 83"]
        assertRedacted(item, "KeychainItem", hiding: hidden)
        assertRedacted(KeychainUpdate(data: secret, protection: item.protection), "KeychainUpdate", hiding: hidden)
        XCTAssertTrue(item.description.contains("<redacted 16 bytes>"), item.description)
    }

    func testAsTheSecretStoreOfAccounts() throws {
        let keychain = FakeKeychain()
        let store = try KeychainSecretStore(keychain: keychain)
        let meta = path("accounts.json")
        var id = ""
        do {
            let accounts = try Accounts.withSecretStore(store: store, metadataPath: meta, time: clock())
            let a = try accounts.addUri(uri: "otpauth://totp/ACME:alice@example.com?secret=\(secretText)&issuer=ACME")
            id = a.id
            XCTAssertEqual(keychain.items.map(\.key.account), [a.id])
            XCTAssertEqual(keychain.items.values.first?.data, secretBytes)
            XCTAssertEqual(keychain.items.values.first?.protection.accessibility, .whenUnlockedThisDeviceOnly)
            XCTAssertEqual(current(try accounts.snapshot(id: a.id)),
                           try totpCode(secret: secret(secretText), unixTime: now, params: defaultTotp()))
        }
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        XCTAssertTrue(text.contains("alice"))
        XCTAssertFalse(text.contains(secretText))
        // Reopened over the same Keychain (a new store object, as after an app restart).
        let reopened = try Accounts.withSecretStore(store: try KeychainSecretStore(keychain: keychain),
                                                    metadataPath: meta, time: clock())
        XCTAssertEqual(reopened.list().map(\.id), [id])
        XCTAssertEqual(try reopened.otpAuthUri(id: id).secret.revealBytes(), secretBytes)
        // Locked device: a typed storage error naming the cause; nothing half-added.
        keychain.deviceLocked = true
        let r = catchOtpError { try reopened.addUri(uri: "otpauth://totp/ACME:bob?secret=\(self.secretText)&issuer=ACME") }
        XCTAssertEqual(r.otp.map { info($0).label }, "Storage.backend")
        XCTAssertTrue(r.otp.map { info($0).reason.contains("errSecInteractionNotAllowed") } ?? false, "\(String(describing: r.otp))")
        XCTAssertFalse(r.otp.map { info($0).reason.contains(secretText) } ?? true)
        XCTAssertEqual(reopened.list().map(\.id), [id])
        keychain.deviceLocked = false
        // The item vanishes (e.g. invalidated by a biometry change): a typed error, metadata kept,
        // and the account can still be removed to be enrolled again.
        keychain.remove(account: id)
        let missing = catchOtpError { try reopened.snapshot(id: id) }
        XCTAssertEqual(missing.otp.map { info($0).label }, "Storage.backend")
        XCTAssertTrue(missing.otp.map { info($0).reason.contains("missing") } ?? false, "\(String(describing: missing.otp))")
        XCTAssertEqual(reopened.list().map(\.id), [id])
        _ = try reopened.remove(id: id)
        XCTAssertTrue(keychain.items.isEmpty)
        XCTAssertTrue(reopened.list().isEmpty)
    }
}
