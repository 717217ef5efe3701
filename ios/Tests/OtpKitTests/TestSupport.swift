// Helpers shared by the test classes: a temporary directory per test, the backup fixtures in
// tests/fixtures/import, and the redaction check (every string form of a value).

import Foundation
import OtpKit
import XCTest

enum Fixtures {
    static let directory = Vectors.directory.deletingLastPathComponent()
        .appendingPathComponent("fixtures/import", isDirectory: true)

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func expected(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try data("\(name).expected.json")) as! [String: Any]
    }

    /// Every fixture that has an .expected.json.
    static func all() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".expected.json") }
            .map { String($0.dropLast(".expected.json".count)) }
            .sorted()
    }
}

/// A temporary directory per test.
class TempDirTestCase: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("otpkit-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: tmp)
    }

    func path(_ name: String = "v.otpkit") -> String { tmp.appendingPathComponent(name).path }
}

/// Every string form Swift gives a value.
func stringForms(_ value: Any) -> [String: String] {
    var forms: [String: String] = [
        "String(describing:)": String(describing: value),
        "String(reflecting:)": String(reflecting: value),
        "interpolation": "\(value)",
    ]
    var dumped = ""
    dump(value, to: &dumped)
    forms["dump"] = dumped
    if let v = value as? CustomStringConvertible { forms["description"] = v.description }
    if let v = value as? CustomDebugStringConvertible { forms["debugDescription"] = v.debugDescription }
    if let e = value as? Error { forms["localizedDescription"] = e.localizedDescription }
    return forms
}

/// Asserts no string form of `value` contains any of `secrets` (nor, for long ones, their first
/// 10 characters).
func assertRedacted(
    _ value: Any, _ what: String, hiding secrets: [String], file: StaticString = #filePath, line: UInt = #line
) {
    let needles = secrets.flatMap { s in s.count > 12 ? [s, String(s.prefix(10))] : [s] }
    for (form, text) in stringForms(value) {
        for needle in needles where text.contains(needle) {
            XCTFail("\(what): \(form) shows \"\(needle)\": \(text)", file: file, line: line)
        }
    }
}

/// The test key (RFC 4226/6238 "12345678901234567890") in every spelling a leak could take.
let testKeyBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
let testKeySpellings = [testKeyBase32, "12345678901234567890", testKeyBase32.lowercased()]
