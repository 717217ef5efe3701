// tests/vectors/receiver.json through the receiver binding: extractCode (code, evidence, the
// UTF-16 span as an NSRange into the message, origin), parseOriginBound (strict) and
// findOriginBound (tolerant), androidAppHash from DER and PEM bytes, formatSms, smsEncodingInfo,
// voiceMessage, pushMessage, keywordLanguages; error vectors map to the right
// OtpError.InvalidInput kind.

import Foundation
import OtpKit
import XCTest

// MARK: - receiver.json

struct ReceiverFile: Decodable {
    struct Extract: Decodable {
        let name: String
        let text: String
        let code: String?
        let evidence: String?
        let origin: String?
        let embeddedOrigin: String?
        /// UTF-8 byte span (Rust).
        let start: Int32?
        let end: Int32?
        /// UTF-16 span (Swift NSRange / String.utf16, Kotlin/Java).
        let utf16Start: Int32?
        let utf16End: Int32?
        /// Unicode-scalar span (Python).
        let scalarStart: Int32?
        let scalarEnd: Int32?

        enum CodingKeys: String, CodingKey {
            case name, text, code, evidence, origin, start, end
            case embeddedOrigin = "embedded_origin"
            case utf16Start = "utf16_start"
            case utf16End = "utf16_end"
            case scalarStart = "scalar_start"
            case scalarEnd = "scalar_end"
        }
    }

    /// A strict or tolerant origin-bound result, or (strict only) `error`.
    struct Origin: Decodable {
        let host: String?
        let embeddedHost: String?
        let code: String?
        let strict: Bool?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case host, code, strict, error
            case embeddedHost = "embedded_host"
        }
    }

    struct OriginVector: Decodable {
        let name: String
        let text: String
        let strict: Origin
        let tolerant: Origin?
    }

    struct AppHash: Decodable {
        let name: String
        let package: String
        let certificateDerHex: String
        let certificatePem: String?
        let hash: String?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case name, package, hash, error
            case certificateDerHex = "certificate_der_hex"
            case certificatePem = "certificate_pem"
        }
    }

    struct Options: Decodable {
        let code: String
        let service: String
        let validityMinutes: Int32?
        let appHash: String?
        let originHost: String?
        let embeddedHost: String?

        enum CodingKeys: String, CodingKey {
            case code, service
            case validityMinutes = "validity_minutes"
            case appHash = "app_hash"
            case originHost = "origin_host"
            case embeddedHost = "embedded_host"
        }

        var ffi: SmsBodyOptions {
            SmsBodyOptions(
                service: service, validityMinutes: validityMinutes, appHash: appHash,
                originHost: originHost, embeddedHost: embeddedHost)
        }
    }

    struct FormatSms: Decodable {
        let name: String
        let options: Options
        let text: String?
        let encoding: String?
        let units: Int32?
        let segments: Int32?
        let warnings: [String]?
        let error: String?
    }

    struct Encoding: Decodable {
        let text: String
        let encoding: String
        let units: Int32
        let segments: Int32
    }

    struct Voice: Decodable {
        let code: String
        let service: String
        let lang: String
        let text: String
    }

    struct Push: Decodable {
        let code: String
        let service: String
        let lang: String
        let validityMinutes: Int32?
        let style: String
        let text: String

        enum CodingKeys: String, CodingKey {
            case code, service, lang, style, text
            case validityMinutes = "validity_minutes"
        }
    }

    let extract: [Extract]
    let originBound: [OriginVector]
    let appHash: [AppHash]
    let appHashErrors: [AppHash]
    let formatSms: [FormatSms]
    let formatSmsErrors: [FormatSms]
    let encoding: [Encoding]
    let voice: [Voice]
    let push: [Push]

    enum CodingKeys: String, CodingKey {
        case extract, encoding, voice, push
        case originBound = "origin_bound"
        case appHash = "app_hash"
        case appHashErrors = "app_hash_errors"
        case formatSms = "format_sms"
        case formatSmsErrors = "format_sms_errors"
    }
}

// MARK: - helpers

enum Receiver {
    static let vectors: ReceiverFile = Vectors.load(ReceiverFile.self, "receiver.json")

    /// The keyword packs the receiver must ship (tags of core/src/receiver/keywords.rs).
    static let requiredLanguages = [
        "en", "zh-Hans", "zh-Hant", "es", "pt", "fr", "de", "it", "ru", "uk", "tr",
        "ar", "fa", "he", "hi", "id", "vi", "th", "ja", "ko", "pl", "nl",
        "el", "cs", "ca", "fi", "bn", "sv", "da", "nb", "ro", "hu", "ms", "fil", "ur", "sw", "ta", "af",
    ]

    // OtpError.InvalidInput has the concern as its kind; a word of the reason tells which core
    // variant it was.
    static let originErrorWords = [
        "empty": "empty", "missing_host": "@host", "invalid_host": "invalid host",
        "missing_separator": "space", "missing_code": "#code",
    ]
    static let appHashErrorWords = [
        "invalid_package_name": "package name", "empty_certificate": "empty",
        "missing_pem_block": "PEM", "invalid_pem_base64": "base64", "invalid_der": "DER",
    ]
    static let formatErrorWords = [
        "invalid_code": "invalid code", "invalid_app_hash": "app hash", "invalid_host": "invalid host",
        "embedded_without_origin": "embedded host", "invalid_service_name": "service name",
        "unsupported_language": "language",
    ]

    static func evidence(_ s: String) -> CodeEvidence {
        switch s {
        case "origin_bound": return .originBound
        case "keyword": return .keyword
        case "layout": return .layout
        default: fatalError("unknown evidence in vectors: \(s)")
        }
    }

    static func warning(_ w: SmsWarning) -> String {
        switch w {
        case .multipleSegments: return "multiple_segments"
        case .ucs2: return "ucs2"
        }
    }

    static func pushStyle(_ s: String) -> PushStyle {
        switch s {
        case "push": return .push
        case "whatsapp": return .whatsApp
        default: fatalError("unknown push style in vectors: \(s)")
        }
    }

    static func encoding(_ s: String) -> SmsEncoding {
        switch s {
        case "gsm7": return .gsm7
        case "ucs2": return .ucs2
        default: fatalError("unknown encoding in vectors: \(s)")
        }
    }

    static func hex(_ s: String) -> Data {
        let chars = Array(s.utf8)
        precondition(chars.count % 2 == 0, "odd hex length")
        return Data(stride(from: 0, to: chars.count, by: 2).map {
            UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        })
    }

    static func pem(_ der: Data) -> String {
        "-----BEGIN CERTIFICATE-----\n"
            + der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE-----\n"
    }

    /// The NSRange of a UTF-16 span (what UIKit/AppKit text APIs take).
    static func nsRange(_ span: TextSpan) -> NSRange {
        NSRange(location: Int(span.start), length: Int(span.end - span.start))
    }

    /// text[span] for a UTF-16 span, via NSRange -> Range<String.Index>; nil when the span is
    /// not a valid range of the text (beyond it, or splitting a surrogate pair).
    static func slice(_ text: String, _ span: TextSpan) -> String? {
        guard span.start >= 0, span.start <= span.end, let r = Range(nsRange(span), in: text) else { return nil }
        return String(text[r])
    }

    /// The same span counted in Unicode scalars (the scalars span must agree with the UTF-16 one).
    static func sliceScalars(_ text: String, _ span: TextSpan) -> String? {
        let u = Array(text.unicodeScalars)
        guard span.start >= 0, span.start <= span.end, Int(span.end) <= u.count else { return nil }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: u[Int(span.start)..<Int(span.end)])
        return String(out)
    }

    /// The code a displayed span stands for: Unicode decimal digits (fullwidth, Arabic-Indic,
    /// Persian, Devanagari, ...) as ASCII, letters kept, separators (spaces, dashes) dropped.
    static func displayedToCode(_ displayed: String) -> String {
        var out = ""
        for scalar in displayed.unicodeScalars {
            if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                out += String(Int(value))
            } else if scalar.properties.isAlphabetic {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isAlphanumeric(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isLetter || c.isNumber
    }
}

// MARK: - tests

final class ReceiverTests: XCTestCase {
    let rx = Receiver.vectors

    /// Asserts `body` throws the OtpError labelled `kind` ("InvalidInput.message", ...) whose
    /// reason contains `words[error]`.
    func assertOtpError<T>(
        _ kind: String, _ words: [String: String], _ error: String, _ what: String,
        file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
    ) {
        let r = catchOtpError(body)
        guard let e = r.otp else {
            XCTFail("\(what): expected OtpError.\(kind), got \(r.other.map { "\($0)" } ?? "no error")", file: file, line: line)
            return
        }
        let i = info(e)
        let message = i.reason
        XCTAssertEqual(i.label, kind, "\(what): \(i)", file: file, line: line)
        guard let word = words[error] else {
            XCTFail("\(what): no message word for error \(error) in the vectors", file: file, line: line)
            return
        }
        XCTAssertTrue(message.contains(word), "\(what): \"\(message)\" should mention \"\(word)\"", file: file, line: line)
    }

    func testVectorFileHasEveryGroup() {
        XCTAssertFalse(rx.extract.isEmpty)
        XCTAssertFalse(rx.originBound.isEmpty)
        XCTAssertFalse(rx.appHash.isEmpty)
        XCTAssertFalse(rx.appHashErrors.isEmpty)
        XCTAssertFalse(rx.formatSms.isEmpty)
        XCTAssertFalse(rx.formatSmsErrors.isEmpty)
        XCTAssertFalse(rx.encoding.isEmpty)
        XCTAssertFalse(rx.voice.isEmpty)
        XCTAssertFalse(rx.push.isEmpty)
        XCTAssertTrue(rx.extract.contains { $0.code == nil }, "no decoys")
        XCTAssertEqual(Set(rx.extract.compactMap { $0.evidence }), ["origin_bound", "keyword", "layout"])
        XCTAssertEqual(Set(rx.push.map { $0.style }), ["push", "whatsapp"])
    }

    // MARK: extract

    func testExtract() {
        let languages = keywordLanguages()
        for v in rx.extract {
            let got = extractCode(message: v.text)
            guard let code = v.code else {
                XCTAssertNil(got, "\(v.name): decoy must give no code")
                continue
            }
            guard let got else {
                XCTFail("\(v.name): no code extracted")
                continue
            }
            XCTAssertEqual(got.code.reveal(), code, v.name)
            XCTAssertEqual(got.evidence, Receiver.evidence(v.evidence!), v.name)
            XCTAssertEqual(got.utf8.start, v.start, "\(v.name): start (UTF-8 bytes)")
            XCTAssertEqual(got.utf8.end, v.end, "\(v.name): end (UTF-8 bytes)")
            XCTAssertEqual(got.utf16, TextSpan(start: v.utf16Start!, end: v.utf16End!), "\(v.name): UTF-16 span")
            XCTAssertEqual(got.scalars, TextSpan(start: v.scalarStart!, end: v.scalarEnd!), "\(v.name): scalar span")
            XCTAssertEqual(got.origin, v.origin, v.name)
            XCTAssertEqual(got.embeddedOrigin, v.embeddedOrigin, v.name)

            // The UTF-16 span, as an NSRange into the message, is the code as displayed.
            guard let displayed = Receiver.slice(v.text, got.utf16) else {
                XCTFail("\(v.name): \(got.utf16) is not a UTF-16 range of the text")
                continue
            }
            XCTAssertEqual(Receiver.displayedToCode(displayed), code, "\(v.name): text[utf16] = \"\(displayed)\"")
            XCTAssertEqual(Receiver.sliceScalars(v.text, got.scalars), displayed, "\(v.name): scalars span")
            XCTAssertEqual(got.utf8.end - got.utf8.start, Int32(displayed.utf8.count), "\(v.name): UTF-8 span length")
            XCTAssertTrue(Receiver.isAlphanumeric(displayed.first) && Receiver.isAlphanumeric(displayed.last),
                          "\(v.name): \"\(displayed)\"")
            XCTAssertTrue((1...100).contains(got.confidence), "\(v.name): confidence \(got.confidence)")
            switch got.evidence {
            case .keyword:
                XCTAssertFalse(got.keyword?.isEmpty ?? true, "\(v.name): keyword evidence names its keyword")
                XCTAssertTrue(got.language.map { languages.contains($0) } ?? false, "\(v.name): language \(got.language ?? "nil")")
            case .originBound:
                guard let ob = findOriginBound(message: v.text) else {
                    XCTFail("\(v.name): findOriginBound found nothing")
                    continue
                }
                XCTAssertEqual([ob.host, ob.embeddedHost, ob.code.reveal()], [got.origin, got.embeddedOrigin, code], v.name)
                XCTAssertEqual([ob.utf8, ob.utf16, ob.scalars], [got.utf8, got.utf16, got.scalars], v.name)
                XCTAssertEqual(got.confidence, ob.strict ? 100 : 90, v.name)
            case .layout:
                break
            }
        }
        XCTAssertNil(extractCode(message: ""))
    }

    // MARK: origin-bound

    func assertOrigin(_ got: OriginBoundCode, _ want: ReceiverFile.Origin, _ text: String, _ what: String) {
        XCTAssertEqual(got.host, want.host, what)
        XCTAssertEqual(got.embeddedHost, want.embeddedHost, what)
        XCTAssertEqual(got.code.reveal(), want.code, what)
        XCTAssertEqual(Receiver.slice(text, got.utf16), want.code, "\(what): text[utf16]")
        XCTAssertEqual(Receiver.sliceScalars(text, got.scalars), want.code, "\(what): text[scalars]")
    }

    func testOriginBoundStrict() throws {
        for v in rx.originBound {
            if let error = v.strict.error {
                assertOtpError("InvalidInput.originBound", Receiver.originErrorWords, error, "strict \(v.name)") {
                    try parseOriginBound(message: v.text)
                }
            } else {
                let got = try parseOriginBound(message: v.text)
                assertOrigin(got, v.strict, v.text, "strict \(v.name)")
                XCTAssertTrue(got.strict, v.name)
            }
        }
    }

    func testOriginBoundTolerant() throws {
        for v in rx.originBound {
            let got = findOriginBound(message: v.text)
            guard let want = v.tolerant else {
                XCTAssertNil(got, "tolerant \(v.name)")
                continue
            }
            guard let got else {
                XCTFail("tolerant \(v.name): nothing found")
                continue
            }
            assertOrigin(got, want, v.text, "tolerant \(v.name)")
            XCTAssertEqual(got.strict, want.strict, "tolerant \(v.name): strict")
            if got.strict {
                let strict = try parseOriginBound(message: v.text)
                XCTAssertEqual([strict.host, strict.embeddedHost, strict.code.reveal()], [got.host, got.embeddedHost, got.code.reveal()], v.name)
                XCTAssertEqual([strict.utf8, strict.utf16, strict.scalars], [got.utf8, got.utf16, got.scalars], v.name)
            }
        }
    }

    // MARK: app hash

    func testAppHashFromDer() throws {
        for v in rx.appHash {
            XCTAssertEqual(try androidAppHash(packageName: v.package, certificate: Receiver.hex(v.certificateDerHex)), v.hash, v.name)
        }
    }

    func testAppHashFromPem() throws {
        var withPem = 0
        for v in rx.appHash {
            let der = Receiver.hex(v.certificateDerHex)
            if let pem = v.certificatePem {
                withPem += 1
                let got = try androidAppHash(packageName: v.package, certificate: Data(pem.utf8))
                XCTAssertEqual(got, v.hash, "\(v.name): vector PEM")
                XCTAssertEqual(got.count, 11, v.name)
            }
            // Every vector also wrapped in a PEM block here, with LF and CRLF line ends.
            let made = Receiver.pem(der)
            XCTAssertEqual(try androidAppHash(packageName: v.package, certificate: Data(made.utf8)), v.hash, "\(v.name): PEM made here")
            let crlf = made.replacingOccurrences(of: "\n", with: "\r\n")
            XCTAssertEqual(try androidAppHash(packageName: v.package, certificate: Data(crlf.utf8)), v.hash, "\(v.name): CRLF PEM")
        }
        XCTAssertGreaterThan(withPem, 0)
    }

    func testCheckAppHashWholeTokenOnly() throws {
        let h = "FA+9qCX9VSu"
        XCTAssertEqual(try checkAppHash(message: "<#> Your code is 123456\n\n\(h)", appHash: h), .present)
        for text in ["<#> 123456\n\nx\(h)", "<#> 123456\n\n\(h)Q", "<#> 123456\n\n\(h.lowercased())", "<#> 123456", ""] {
            XCTAssertEqual(try checkAppHash(message: text, appHash: h), .missing, text)
        }
        XCTAssertEqual(errorLabel { try checkAppHash(message: h, appHash: "short") }, "InvalidInput.appHash")
    }

    func testAppHashErrors() {
        for v in rx.appHashErrors {
            assertOtpError("InvalidInput.appHash", Receiver.appHashErrorWords, v.error!, v.name) {
                try androidAppHash(packageName: v.package, certificate: Receiver.hex(v.certificateDerHex))
            }
        }
    }

    func testAppHashDependsOnThePackage() throws {
        let v = rx.appHash[0]
        let der = Receiver.hex(v.certificateDerHex)
        XCTAssertNotEqual(try androidAppHash(packageName: v.package, certificate: der),
                          try androidAppHash(packageName: v.package + "x", certificate: der))
    }

    // MARK: formatSms, encoding

    func testFormatSms() throws {
        for v in rx.formatSms {
            let got = try formatSms(code: v.options.code, options: v.options.ffi)
            let body = got.body.reveal()
            XCTAssertEqual(body, v.text, v.name)
            XCTAssertEqual(got.info.encoding, Receiver.encoding(v.encoding!), v.name)
            XCTAssertEqual(got.info.units, v.units, v.name)
            XCTAssertEqual(got.info.segments, v.segments, v.name)
            XCTAssertEqual(got.warnings.map(Receiver.warning), v.warnings, v.name)
            if got.info.segments > 1 {
                XCTAssertTrue(got.warnings.contains(.multipleSegments(segments: got.info.segments)), v.name)
            }

            XCTAssertEqual(smsEncodingInfo(text: body), got.info, v.name)
            XCTAssertEqual(got.info.encoding == .ucs2, !got.info.nonGsmChars.isEmpty, v.name)

            // Never a wrong code from our own body; always the code from a single-segment body.
            let extracted = extractCode(message: body)
            if let extracted { XCTAssertEqual(extracted.code.reveal(), v.options.code, v.name) }
            if got.info.segments == 1 { XCTAssertNotNil(extracted, "\(v.name): code not found in the body") }
            if let host = v.options.originHost {
                XCTAssertEqual(extracted?.evidence, .originBound, v.name)
                XCTAssertEqual(extracted?.origin, host, v.name)
                XCTAssertEqual(extracted?.embeddedOrigin, v.options.embeddedHost, v.name)
            }
        }
    }

    func testFormatSmsErrors() {
        for v in rx.formatSmsErrors {
            assertOtpError("InvalidInput.message", Receiver.formatErrorWords, v.error!, v.name) {
                try formatSms(code: v.options.code, options: v.options.ffi)
            }
        }
    }

    func testEncoding() {
        for (i, v) in rx.encoding.enumerated() {
            let what = "encoding #\(i) (\(v.text.prefix(12)))"
            let got = smsEncodingInfo(text: v.text)
            XCTAssertEqual(got.encoding, Receiver.encoding(v.encoding), what)
            XCTAssertEqual(got.units, v.units, what)
            XCTAssertEqual(got.segments, v.segments, what)
            if got.encoding == .gsm7 {
                XCTAssertEqual(got.nonGsmChars, [], what)
            } else {
                XCTAssertFalse(got.nonGsmChars.isEmpty, what)
                XCTAssertTrue(got.nonGsmChars.allSatisfy { v.text.contains($0) }, "\(what): \(got.nonGsmChars)")
            }
        }
    }

    // MARK: voice, push

    func testVoice() throws {
        for v in rx.voice {
            let got = try voiceMessage(code: v.code, service: v.service, language: v.lang)
            let ssml = got.ssml.reveal()
            XCTAssertEqual(got.text.reveal(), v.text, v.lang)
            XCTAssertTrue(ssml.hasPrefix("<speak>") && ssml.hasSuffix("</speak>"), ssml)
            let pauses = ssml.components(separatedBy: "<break time=\"400ms\"/>").count - 1
            XCTAssertEqual(pauses, 2 * (v.code.count - 1), "\(v.lang): \(ssml)")
        }
    }

    func testPush() throws {
        for v in rx.push {
            let got = try pushMessage(
                code: v.code, service: v.service, style: Receiver.pushStyle(v.style), language: v.lang,
                validityMinutes: v.validityMinutes)
            XCTAssertEqual(got, v.text, "\(v.style) \(v.lang)")
        }
    }

    func testVoiceAndPushErrorsAreInvalidMessage() {
        assertOtpError("InvalidInput.message", Receiver.formatErrorWords, "unsupported_language", "voice xx") {
            try voiceMessage(code: "1234", service: "Acme", language: "xx")
        }
        assertOtpError("InvalidInput.message", Receiver.formatErrorWords, "invalid_code", "voice 12") {
            try voiceMessage(code: "12", service: "Acme", language: "en")
        }
        assertOtpError("InvalidInput.message", Receiver.formatErrorWords, "unsupported_language", "push xx") {
            try pushMessage(code: "123456", service: "Acme", style: .push, language: "xx")
        }
        assertOtpError("InvalidInput.message", Receiver.formatErrorWords, "invalid_code", "whatsapp 12 34") {
            try pushMessage(code: "12 34", service: "Acme", style: .whatsApp)
        }
        // Negative validity: a parameter error naming the field, not a clamped value.
        let r = catchOtpError {
            try pushMessage(code: "123456", service: "Acme", style: .push, language: "en", validityMinutes: -1)
        }
        XCTAssertEqual(r.otp.map { info($0).label }, "InvalidInput.parameters")
        XCTAssertEqual(r.otp.flatMap { info($0).field }, "validity_minutes")
    }

    func testEveryMessageLanguageFormatsVoiceAndPush() throws {
        let langs = messageLanguages()
        XCTAssertTrue(langs.contains("en"), "\(langs)")
        XCTAssertFalse(langs.contains("xx"))
        XCTAssertEqual(Set(langs).count, langs.count, "duplicates in \(langs)")
        for lang in langs {
            let voice = try voiceMessage(code: "4821", service: "Acme", language: lang)
            XCTAssertFalse(voice.text.reveal().isEmpty, lang)
            for style in [PushStyle.push, .whatsApp] {
                let text = try pushMessage(code: "482193", service: "Acme", style: style, language: lang, validityMinutes: 5)
                XCTAssertTrue(text.contains("482193"), "\(lang) \(style): \(text)")
            }
        }
    }

    // MARK: keyword packs

    func testKeywordLanguagesIncludeTheRequiredPacks() {
        let langs = keywordLanguages()
        XCTAssertEqual(Set(langs).count, langs.count, "duplicates in \(langs)")
        XCTAssertGreaterThanOrEqual(langs.count, 38, "\(langs)")
        XCTAssertEqual(Receiver.requiredLanguages.filter { !langs.contains($0) }, [], "missing packs")
    }
}
