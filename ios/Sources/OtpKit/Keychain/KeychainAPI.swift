// The Keychain as KeychainSecretStore sees it: four calls mirroring SecItemAdd,
// SecItemCopyMatching, SecItemUpdate and SecItemDelete over typed generic-password queries.
//
// Compiled everywhere (no Security import): the store's logic (query building, error mapping,
// naming, options) is tested on Linux against a fake; SecurityKeychain (SecurityKeychain.swift,
// only where `Security` exists) turns these values into the real CFDictionary queries.

import Foundation

/// A Security framework result code (an `OSStatus`), with the `errSec…` values the store tells apart.
public struct KeychainStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// errSecSuccess
    public static let success = KeychainStatus(rawValue: 0)
    /// errSecItemNotFound
    public static let itemNotFound = KeychainStatus(rawValue: -25300)
    /// errSecDuplicateItem
    public static let duplicateItem = KeychainStatus(rawValue: -25299)
    /// errSecInteractionNotAllowed: the device is locked (or user interaction is needed but not allowed).
    public static let interactionNotAllowed = KeychainStatus(rawValue: -25308)
    /// errSecAuthFailed
    public static let authFailed = KeychainStatus(rawValue: -25293)
    /// errSecUserCanceled
    public static let userCanceled = KeychainStatus(rawValue: -128)
    /// errSecMissingEntitlement
    public static let missingEntitlement = KeychainStatus(rawValue: -34018)
    /// errSecNotAvailable
    public static let notAvailable = KeychainStatus(rawValue: -25291)
    /// errSecParam
    public static let param = KeychainStatus(rawValue: -50)
    /// errSecDecode
    public static let decode = KeychainStatus(rawValue: -26275)

    /// The constant's name and value, e.g. `errSecItemNotFound (-25300)`, or `OSStatus -1`.
    public var description: String {
        let names: [Int32: String] = [
            0: "errSecSuccess", -25300: "errSecItemNotFound", -25299: "errSecDuplicateItem",
            -25308: "errSecInteractionNotAllowed", -25293: "errSecAuthFailed",
            -128: "errSecUserCanceled", -34018: "errSecMissingEntitlement",
            -25291: "errSecNotAvailable", -50: "errSecParam", -26275: "errSecDecode",
        ]
        return names[rawValue].map { "\($0) (\(rawValue))" } ?? "OSStatus \(rawValue)"
    }
}

/// When an item can be read (`kSecAttrAccessible…`).
public enum KeychainAccessibility: String, Sendable, CaseIterable {
    /// kSecAttrAccessibleWhenUnlockedThisDeviceOnly (the default): only while unlocked, never
    /// in backups restored to another device.
    case whenUnlockedThisDeviceOnly
    /// kSecAttrAccessibleWhenUnlocked
    case whenUnlocked
    /// kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly (background use after the first unlock)
    case afterFirstUnlockThisDeviceOnly
    /// kSecAttrAccessibleAfterFirstUnlock
    case afterFirstUnlock
    /// kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly (deleted when the passcode is removed)
    case whenPasscodeSetThisDeviceOnly

    /// Whether the item stays on this device (such items cannot sync through iCloud Keychain).
    public var isThisDeviceOnly: Bool {
        switch self {
        case .whenUnlockedThisDeviceOnly, .afterFirstUnlockThisDeviceOnly, .whenPasscodeSetThisDeviceOnly: return true
        case .whenUnlocked, .afterFirstUnlock: return false
        }
    }
}

/// User authentication required to read an item (`SecAccessControlCreateFlags`).
public enum KeychainUserAuthentication: String, Sendable, CaseIterable {
    /// .biometryCurrentSet: Face ID / Touch ID with the fingers/face enrolled now; enrolling
    /// another makes the item unreadable (re-enrol the accounts).
    case biometryCurrentSet
    /// .biometryAny: Face ID / Touch ID, surviving enrolment changes.
    case biometryAny
    /// .userPresence: biometry or the device passcode.
    case userPresence
    /// .devicePasscode
    case devicePasscode
}

/// How a new or replaced item is protected: kSecAttrAccessible alone, or (with
/// `userAuthentication`) a SecAccessControl made of both.
public struct KeychainProtection: Hashable, Sendable {
    public var accessibility: KeychainAccessibility
    public var userAuthentication: KeychainUserAuthentication?

    public init(accessibility: KeychainAccessibility, userAuthentication: KeychainUserAuthentication? = nil) {
        self.accessibility = accessibility
        self.userAuthentication = userAuthentication
    }
}

/// A generic-password query (kSecClassGenericPassword).
public struct KeychainQuery: Hashable, Sendable {
    public enum Match: Hashable, Sendable {
        /// kSecAttrAccount = account, kSecMatchLimitOne when returning data.
        case account(String)
        /// Every item of the service (kSecMatchLimitAll when returning).
        case all
    }

    public enum Returning: Hashable, Sendable {
        /// No kSecReturn… key (update, delete).
        case nothing
        /// kSecReturnData, kSecMatchLimitOne.
        case data
        /// kSecReturnAttributes, kSecMatchLimitAll: the accounts of the matching items.
        case accounts
    }

    /// kSecAttrService
    public var service: String
    public var match: Match
    /// kSecAttrAccessGroup; nil: the app's default group when adding, every group when searching.
    public var accessGroup: String?
    /// kSecAttrSynchronizable (always given, so a query never matches items of the other kind).
    public var synchronizable: Bool
    public var returning: Returning

    public init(service: String, match: Match, accessGroup: String?, synchronizable: Bool, returning: Returning) {
        self.service = service
        self.match = match
        self.accessGroup = accessGroup
        self.synchronizable = synchronizable
        self.returning = returning
    }
}

/// What a successful SecItemCopyMatching returned.
public enum KeychainValue: Hashable, Sendable {
    case data(Data)
    /// kSecAttrAccount of every matching item (nil for an item without a string account).
    case accounts([String?])
    /// A result of another type than the query asked for (its type name).
    case unexpected(String)
}

/// A new item for SecItemAdd. Its `data` is secret: no string form shows it.
public struct KeychainItem: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var service: String
    public var account: String
    public var accessGroup: String?
    public var synchronizable: Bool
    public var protection: KeychainProtection
    /// kSecAttrLabel (shown by Keychain Access on macOS).
    public var label: String?
    /// kSecValueData
    public var data: Data

    public init(service: String, account: String, accessGroup: String?, synchronizable: Bool,
                protection: KeychainProtection, label: String?, data: Data) {
        self.service = service
        self.account = account
        self.accessGroup = accessGroup
        self.synchronizable = synchronizable
        self.protection = protection
        self.label = label
        self.data = data
    }

    public var description: String {
        "KeychainItem(service: \(service), account: \(account), accessGroup: \(accessGroup ?? "nil"), "
            + "synchronizable: \(synchronizable), protection: \(protection), data: <redacted \(data.count) bytes>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

/// The attributes SecItemUpdate sets on an existing item. Its `data` is secret: no string form shows it.
public struct KeychainUpdate: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// kSecValueData
    public var data: Data
    /// kSecAttrAccessible or kSecAttrAccessControl, so a replaced item gets the store's protection.
    public var protection: KeychainProtection

    public init(data: Data, protection: KeychainProtection) {
        self.data = data
        self.protection = protection
    }

    public var description: String { "KeychainUpdate(protection: \(protection), data: <redacted \(data.count) bytes>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

/// The four Security calls KeychainSecretStore makes; `SecurityKeychain` is the real one (Apple
/// platforms), tests use a fake. Implementations do no interpretation of statuses.
public protocol KeychainAPI: Sendable {
    /// SecItemAdd
    func add(_ item: KeychainItem) -> KeychainStatus
    /// SecItemCopyMatching; the value is nil unless the status is success.
    func copyMatching(_ query: KeychainQuery) -> (status: KeychainStatus, value: KeychainValue?)
    /// SecItemUpdate
    func update(_ query: KeychainQuery, with update: KeychainUpdate) -> KeychainStatus
    /// SecItemDelete
    func delete(_ query: KeychainQuery) -> KeychainStatus
}
