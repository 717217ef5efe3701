// A Keychain in memory behind KeychainAPI, with the behaviour of the real one that
// KeychainSecretStore depends on: add refuses an existing item (errSecDuplicateItem), a
// missing item is errSecItemNotFound, a query with no access group searches every group, items
// of the other synchronizable kind are invisible, a locked device refuses "when unlocked" items
// (errSecInteractionNotAllowed), an access group the app is not entitled to is
// errSecMissingEntitlement. Every call is recorded; statuses can be injected per call.

import Foundation
import OtpKit

final class FakeKeychain: KeychainAPI, @unchecked Sendable {
    enum Operation: Hashable { case add, copyMatching, update, delete }

    enum Call: Equatable {
        case add(KeychainItem)
        case copyMatching(KeychainQuery)
        case update(KeychainQuery, KeychainUpdate)
        case delete(KeychainQuery)
    }

    struct Key: Hashable {
        var service: String
        var accessGroup: String
        var account: String
        var synchronizable: Bool
    }

    struct Stored: Equatable {
        var data: Data
        var protection: KeychainProtection
        var label: String?
    }

    static let defaultGroup = "TEAMID.dev.otpkit.app"

    private let lock = NSLock()
    private var storage: [Key: Stored] = [:]
    private var log: [Call] = []
    private var injected: [Operation: [KeychainStatus]] = [:]
    private var isLocked = false
    /// Runs (outside the lock) right before an update is applied.
    var beforeUpdate: (() -> Void)?
    /// Access groups the app is entitled to (besides the default one).
    var entitledGroups: Set<String> = ["TEAMID.shared"]
    /// The result SecItemCopyMatching returns instead of the real one (a wrongly typed result).
    var resultOverride: KeychainValue?

    private func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

    var items: [Key: Stored] { locked { storage } }
    var calls: [Call] { locked { log } }
    var deviceLocked: Bool {
        get { locked { isLocked } }
        set { locked { isLocked = newValue } }
    }

    func clearCalls() { locked { log = [] } }

    /// The next call of `operation` returns `status` (queued, one per call).
    func inject(_ status: KeychainStatus, on operation: Operation) {
        locked { injected[operation, default: []].append(status) }
    }

    private func takeInjected(_ operation: Operation) -> KeychainStatus? {
        guard var queue = injected[operation], !queue.isEmpty else { return nil }
        let s = queue.removeFirst()
        injected[operation] = queue
        return s
    }

    private func unreadableWhileLocked(_ p: KeychainProtection) -> Bool {
        switch p.accessibility {
        case .whenUnlocked, .whenUnlockedThisDeviceOnly, .whenPasscodeSetThisDeviceOnly: return isLocked
        case .afterFirstUnlock, .afterFirstUnlockThisDeviceOnly: return false
        }
    }

    private func entitled(_ group: String?) -> Bool {
        group.map { $0 == Self.defaultGroup || entitledGroups.contains($0) } ?? true
    }

    private func matches(_ key: Key, _ q: KeychainQuery) -> Bool {
        guard key.service == q.service, key.synchronizable == q.synchronizable else { return false }
        if let g = q.accessGroup, g != key.accessGroup { return false }
        if case let .account(a) = q.match, a != key.account { return false }
        return true
    }

    func add(_ item: KeychainItem) -> KeychainStatus {
        locked {
            log.append(.add(item))
            if let s = takeInjected(.add) { return s }
            guard entitled(item.accessGroup) else { return .missingEntitlement }
            if unreadableWhileLocked(item.protection) { return .interactionNotAllowed }
            let key = Key(service: item.service, accessGroup: item.accessGroup ?? Self.defaultGroup,
                          account: item.account, synchronizable: item.synchronizable)
            if storage[key] != nil { return .duplicateItem }
            storage[key] = Stored(data: item.data, protection: item.protection, label: item.label)
            return .success
        }
    }

    func copyMatching(_ query: KeychainQuery) -> (status: KeychainStatus, value: KeychainValue?) {
        locked {
            log.append(.copyMatching(query))
            if let s = takeInjected(.copyMatching) { return (s, nil) }
            guard entitled(query.accessGroup) else { return (.missingEntitlement, nil) }
            let found = storage.filter { matches($0.key, query) }.sorted { $0.key.account < $1.key.account }
            if found.isEmpty { return (.itemNotFound, nil) }
            if found.contains(where: { unreadableWhileLocked($0.value.protection) }) { return (.interactionNotAllowed, nil) }
            if let r = resultOverride { return (.success, r) }
            switch query.returning {
            case .nothing: return (.success, nil)
            case .data: return (.success, .data(found[0].value.data))
            case .accounts: return (.success, .accounts(found.map { $0.key.account }))
            }
        }
    }

    func update(_ query: KeychainQuery, with update: KeychainUpdate) -> KeychainStatus {
        let hook = locked { () -> (() -> Void)? in
            log.append(.update(query, update))
            return beforeUpdate
        }
        hook?()
        return locked {
            if let s = takeInjected(.update) { return s }
            guard entitled(query.accessGroup) else { return .missingEntitlement }
            let keys = storage.keys.filter { matches($0, query) }
            if keys.isEmpty { return .itemNotFound }
            if keys.contains(where: { unreadableWhileLocked(storage[$0]!.protection) }) { return .interactionNotAllowed }
            for k in keys {
                storage[k]!.data = update.data
                storage[k]!.protection = update.protection
            }
            return .success
        }
    }

    func delete(_ query: KeychainQuery) -> KeychainStatus {
        locked {
            log.append(.delete(query))
            if let s = takeInjected(.delete) { return s }
            guard entitled(query.accessGroup) else { return .missingEntitlement }
            let keys = storage.keys.filter { matches($0, query) }
            if keys.isEmpty { return .itemNotFound }
            for k in keys { storage[k] = nil }
            return .success
        }
    }

    /// Another process (or the user) removes an item behind the store's back.
    func remove(account: String) { locked { storage = storage.filter { $0.key.account != account } } }
}
