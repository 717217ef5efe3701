// The real Keychain behind KeychainAPI: KeychainQuery/KeychainItem/KeychainUpdate turned into
// SecItem* dictionaries, statuses passed back untouched (KeychainSecretStore interprets them).
// Only where the Security framework exists (iOS, macOS, …): not compiled by the Linux tests,
// which is why this file holds no decisions, only the mapping to Security's constants.

#if canImport(Security)
import Foundation
import Security

/// SecItemAdd/CopyMatching/Update/Delete on generic passwords (kSecClassGenericPassword).
public struct SecurityKeychain: KeychainAPI {
    public init() {}

    public func add(_ item: KeychainItem) -> KeychainStatus {
        var attributes = base(service: item.service, account: item.account, accessGroup: item.accessGroup,
                              synchronizable: item.synchronizable)
        guard let protection = Self.attributes(for: item.protection) else { return .param }
        attributes.merge(protection) { _, new in new }
        if let label = item.label { attributes[kSecAttrLabel as String] = label }
        attributes[kSecValueData as String] = item.data
        return KeychainStatus(rawValue: SecItemAdd(attributes as CFDictionary, nil))
    }

    public func copyMatching(_ query: KeychainQuery) -> (status: KeychainStatus, value: KeychainValue?) {
        var q = base(query)
        switch query.returning {
        case .nothing:
            break
        case .data:
            q[kSecReturnData as String] = true
            q[kSecMatchLimit as String] = kSecMatchLimitOne
        case .accounts:
            q[kSecReturnAttributes as String] = true
            q[kSecMatchLimit as String] = kSecMatchLimitAll
        }
        var result: CFTypeRef?
        let status = KeychainStatus(rawValue: SecItemCopyMatching(q as CFDictionary, &result))
        guard status == .success else { return (status, nil) }
        switch query.returning {
        case .nothing:
            return (status, nil)
        case .data:
            if let data = result as? Data { return (status, .data(data)) }
        case .accounts:
            if let items = result as? [[String: Any]] {
                return (status, .accounts(items.map { $0[kSecAttrAccount as String] as? String }))
            }
        }
        return (status, .unexpected(result.map { String(describing: type(of: $0)) } ?? "nil"))
    }

    public func update(_ query: KeychainQuery, with update: KeychainUpdate) -> KeychainStatus {
        guard var changes = Self.attributes(for: update.protection) else { return .param }
        changes[kSecValueData as String] = update.data
        return KeychainStatus(rawValue: SecItemUpdate(base(query) as CFDictionary, changes as CFDictionary))
    }

    public func delete(_ query: KeychainQuery) -> KeychainStatus {
        KeychainStatus(rawValue: SecItemDelete(base(query) as CFDictionary))
    }

    private func base(_ query: KeychainQuery) -> [String: Any] {
        switch query.match {
        case let .account(account):
            return base(service: query.service, account: account, accessGroup: query.accessGroup,
                        synchronizable: query.synchronizable)
        case .all:
            return base(service: query.service, account: nil, accessGroup: query.accessGroup,
                        synchronizable: query.synchronizable)
        }
    }

    private func base(service: String, account: String?, accessGroup: String?, synchronizable: Bool) -> [String: Any] {
        var q: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrSynchronizable as String: synchronizable, // a Bool bridges to kCFBooleanTrue/False
        ]
        if let account { q[kSecAttrAccount as String] = account }
        if let accessGroup { q[kSecAttrAccessGroup as String] = accessGroup }
        #if os(macOS)
        // The iOS-style keychain on macOS too, so accessibility and access groups mean the same.
        q[kSecUseDataProtectionKeychain as String] = true
        #endif
        return q
    }

    /// kSecAttrAccessible, or kSecAttrAccessControl when user authentication is required
    /// (the two are exclusive); nil if SecAccessControlCreateWithFlags fails.
    private static func attributes(for protection: KeychainProtection) -> [String: Any]? {
        let accessible: CFString
        switch protection.accessibility {
        case .whenUnlockedThisDeviceOnly: accessible = kSecAttrAccessibleWhenUnlockedThisDeviceOnly
        case .whenUnlocked: accessible = kSecAttrAccessibleWhenUnlocked
        case .afterFirstUnlockThisDeviceOnly: accessible = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        case .afterFirstUnlock: accessible = kSecAttrAccessibleAfterFirstUnlock
        case .whenPasscodeSetThisDeviceOnly: accessible = kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly
        }
        guard let auth = protection.userAuthentication else {
            return [kSecAttrAccessible as String: accessible]
        }
        let flags: SecAccessControlCreateFlags
        switch auth {
        case .biometryCurrentSet: flags = .biometryCurrentSet
        case .biometryAny: flags = .biometryAny
        case .userPresence: flags = .userPresence
        case .devicePasscode: flags = .devicePasscode
        }
        guard let access = SecAccessControlCreateWithFlags(nil, accessible, flags, nil) else { return nil }
        return [kSecAttrAccessControl as String: access]
    }
}

extension KeychainSecretStore {
    /// A store in this device's Keychain.
    public convenience init(options: KeychainSecretStoreOptions = KeychainSecretStoreOptions()) throws {
        try self.init(options: options, keychain: SecurityKeychain())
    }
}
#endif
