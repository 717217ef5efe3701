// A SecretStore kept in the iOS/macOS Keychain as generic passwords: one item per secret,
// kSecAttrService = the store's service, kSecAttrAccount = the secret's id.
//
// All the logic is here and runs against any KeychainAPI (a fake on Linux in the tests):
// the queries, the options and their checks, errSecItemNotFound → nil / no-op,
// errSecDuplicateItem → SecItemUpdate, and the statuses turned into SecretStoreError.Backend
// reasons that say what happened (never the secret). `KeychainSecretStore(options:)` uses the
// real Keychain (SecurityKeychain) and exists only where the Security framework does.

import Foundation

/// How a KeychainSecretStore names and protects its items.
public struct KeychainSecretStoreOptions: Hashable, Sendable {
    /// kSecAttrService of every item; stores with different services never see each other's items.
    public var service: String
    /// kSecAttrAccessGroup (needs the keychain-access-groups entitlement), to share the
    /// secrets with an app extension; nil: the app's default group.
    public var accessGroup: String?
    /// kSecAttrAccessible; default `.whenUnlockedThisDeviceOnly`.
    public var accessibility: KeychainAccessibility
    /// Face ID / Touch ID / passcode required to read a secret (a SecAccessControl); default none.
    public var userAuthentication: KeychainUserAuthentication?
    /// kSecAttrSynchronizable: sync through iCloud Keychain. Default false; true needs an
    /// accessibility that is not "ThisDeviceOnly" and no `userAuthentication`.
    public var synchronizable: Bool
    /// kSecAttrLabel of new items.
    public var label: String?

    public static let defaultService = "otpkit"

    public init(
        service: String = KeychainSecretStoreOptions.defaultService,
        accessGroup: String? = nil,
        accessibility: KeychainAccessibility = .whenUnlockedThisDeviceOnly,
        userAuthentication: KeychainUserAuthentication? = nil,
        synchronizable: Bool = false,
        label: String? = "otpkit secret"
    ) {
        self.service = service
        self.accessGroup = accessGroup
        self.accessibility = accessibility
        self.userAuthentication = userAuthentication
        self.synchronizable = synchronizable
        self.label = label
    }
}

/// Options the Keychain would refuse or silently weaken, refused when the store is made.
public enum KeychainConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyService
    case emptyAccessGroup
    /// A "ThisDeviceOnly" accessibility cannot sync through iCloud Keychain.
    case synchronizableThisDeviceOnly(KeychainAccessibility)
    /// Items protected by user authentication (SecAccessControl) cannot sync.
    case synchronizableWithUserAuthentication(KeychainUserAuthentication)

    public var description: String {
        switch self {
        case .emptyService: return "KeychainSecretStoreOptions.service must not be empty"
        case .emptyAccessGroup: return "KeychainSecretStoreOptions.accessGroup must be nil or a non-empty group"
        case let .synchronizableThisDeviceOnly(a):
            return "synchronizable items cannot use accessibility \(a) (ThisDeviceOnly items never leave the device)"
        case let .synchronizableWithUserAuthentication(u):
            return "synchronizable items cannot require user authentication (\(u)): access-controlled items never sync"
        }
    }
}

/// A SecretStore in the Keychain; pass it to `Accounts.withSecretStore(store:metadataPath:time:)`.
public final class KeychainSecretStore: SecretStore {
    public let options: KeychainSecretStoreOptions
    private let keychain: any KeychainAPI

    /// A store over `keychain` (the real one is `SecurityKeychain()`; tests pass a fake).
    public init(options: KeychainSecretStoreOptions = KeychainSecretStoreOptions(), keychain: any KeychainAPI) throws {
        if options.service.isEmpty { throw KeychainConfigurationError.emptyService }
        if let g = options.accessGroup, g.isEmpty { throw KeychainConfigurationError.emptyAccessGroup }
        if options.synchronizable {
            if options.accessibility.isThisDeviceOnly {
                throw KeychainConfigurationError.synchronizableThisDeviceOnly(options.accessibility)
            }
            if let u = options.userAuthentication {
                throw KeychainConfigurationError.synchronizableWithUserAuthentication(u)
            }
        }
        self.options = options
        self.keychain = keychain
    }

    private var protection: KeychainProtection {
        KeychainProtection(accessibility: options.accessibility, userAuthentication: options.userAuthentication)
    }

    private func query(_ match: KeychainQuery.Match, returning: KeychainQuery.Returning = .nothing) -> KeychainQuery {
        KeychainQuery(service: options.service, match: match, accessGroup: options.accessGroup,
                      synchronizable: options.synchronizable, returning: returning)
    }

    public func put(id: String, secret: Data) throws {
        let item = KeychainItem(service: options.service, account: id, accessGroup: options.accessGroup,
                                synchronizable: options.synchronizable, protection: protection,
                                label: options.label, data: secret)
        // Add; if it exists, update it in place (atomic: the old secret stays if the update
        // fails). If it vanished between the two calls, add once more.
        for _ in 0..<2 {
            let added = keychain.add(item)
            if added == .success { return }
            guard added == .duplicateItem else { throw Self.failure("storing a secret", added) }
            let updated = keychain.update(query(.account(id)), with: KeychainUpdate(data: secret, protection: protection))
            if updated == .success { return }
            guard updated == .itemNotFound else { throw Self.failure("replacing a secret", updated) }
        }
        throw SecretStoreError.Backend(
            reason: "Keychain: storing a secret failed: the item kept appearing and disappearing (another writer?)")
    }

    public func get(id: String) throws -> Data? {
        let (status, value) = keychain.copyMatching(query(.account(id), returning: .data))
        switch status {
        case .success:
            guard case let .data(data)? = value else { throw Self.unexpected("reading a secret", value) }
            return data
        case .itemNotFound:
            return nil
        default:
            throw Self.failure("reading a secret", status)
        }
    }

    public func delete(id: String) throws {
        let status = keychain.delete(query(.account(id)))
        guard status == .success || status == .itemNotFound else { throw Self.failure("deleting a secret", status) }
    }

    public func listIds() throws -> [String] {
        let (status, value) = keychain.copyMatching(query(.all, returning: .accounts))
        switch status {
        case .success:
            guard case let .accounts(accounts)? = value else { throw Self.unexpected("listing secrets", value) }
            return Array(Set(accounts.compactMap { $0 })).sorted()
        case .itemNotFound:
            return []
        default:
            throw Self.failure("listing secrets", status)
        }
    }

    /// The SecretStoreError for a failed call: what was done, what the status means, and what to do.
    static func failure(_ operation: String, _ status: KeychainStatus) -> SecretStoreError {
        let meaning: String
        switch status {
        case .interactionNotAllowed:
            meaning = "the device is locked (or the item needs user interaction, which is not allowed now); "
                + "retry after the user unlocks the device"
        case .userCanceled:
            meaning = "the user cancelled the authentication prompt"
        case .authFailed:
            meaning = "user authentication failed, or the item's biometric protection no longer matches "
                + "the enrolled biometry (re-enrol the account)"
        case .missingEntitlement:
            meaning = "the app is not entitled to this keychain access group (keychain-access-groups entitlement)"
        case .notAvailable:
            meaning = "no keychain is available"
        case .param:
            meaning = "the Keychain refused the query's parameters"
        case .duplicateItem:
            meaning = "the item already exists"
        case .itemNotFound:
            meaning = "the item does not exist"
        case .decode:
            meaning = "the Keychain could not decode the item"
        default:
            meaning = "unexpected Keychain error"
        }
        return .Backend(reason: "Keychain: \(operation) failed: \(meaning) (\(status))")
    }

    private static func unexpected(_ operation: String, _ value: KeychainValue?) -> SecretStoreError {
        let got: String
        switch value {
        case nil: got = "nothing"
        case .data?: got = "data"
        case .accounts?: got = "a list of attributes"
        case let .unexpected(type)?: got = "a value of type \(type)"
        }
        return .Backend(reason: "Keychain: \(operation) failed: SecItemCopyMatching succeeded but returned \(got)")
    }
}
