package dev.otpkit.jvmtests

import dev.otpkit.CodeEvidence
import dev.otpkit.OriginBoundCode
import dev.otpkit.OtpException
import dev.otpkit.SmsBodyOptions
import dev.otpkit.SmsEncoding
import dev.otpkit.androidAppHash
import dev.otpkit.extractCode
import dev.otpkit.findOriginBound
import dev.otpkit.formatSms
import dev.otpkit.keywordLanguages
import dev.otpkit.parseOriginBound
import dev.otpkit.pushMessage
import dev.otpkit.smsEncodingInfo
import dev.otpkit.voiceMessage
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.util.Base64

/**
 * receiver.json through the receiver binding: extractCode (code, evidence, UTF-8 byte span turned
 * into a String range, origin), parseOriginBound / findOriginBound, androidAppHash from DER and
 * PEM bytes, formatSms, smsEncodingInfo, voiceMessage, pushMessage, keywordLanguages; error
 * vectors → the right OtpException subclass.
 */
class ReceiverVectorsTest {

    private val rx: JSONObject by lazy { JSONObject(File(Vectors.dir, "receiver.json").readText()) }

    private fun group(name: String): List<JSONObject> = rx.getJSONArray(name).objects()

    @Test
    fun `vector file has every group`() {
        for (g in listOf("extract", "origin_bound", "app_hash", "app_hash_errors", "format_sms",
            "format_sms_errors", "encoding", "voice", "push")) {
            assertTrue(group(g).isNotEmpty(), g)
        }
        assertTrue(group("extract").any { it.isNull("code") }, "no decoys")
        assertEquals(setOf("origin_bound", "keyword", "layout"),
            group("extract").filterNot { it.isNull("code") }.map { it.getString("evidence") }.toSet())
        assertEquals(setOf("push", "whatsapp"), group("push").map { it.getString("style") }.toSet())
    }

    // ------------------------------------------------------------------------------ extract

    @TestFactory
    fun `extract vectors`(): List<DynamicTest> = group("extract").map { v ->
        dynamicTest("extract: ${v.getString("name")}") {
            val text = v.getString("text")
            val got = extractCode(text)
            if (v.isNull("code")) {
                assertNull(got, "decoy must give no code")
                return@dynamicTest
            }
            assertNotNull(got)
            got!!
            assertEquals(v.getString("code"), got.code, "code")
            assertEquals(evidenceOf(v.getString("evidence")), got.evidence, "evidence")
            assertEquals(v.getInt("start").toUInt(), got.start, "start (UTF-8 bytes)")
            assertEquals(v.getInt("end").toUInt(), got.end, "end (UTF-8 bytes)")
            assertEquals(v.stringOrNull("origin"), got.origin, "origin")
            assertEquals(v.stringOrNull("embedded_origin"), got.embeddedOrigin, "embedded_origin")

            // The byte span, as a String range, is the code as displayed in the message.
            val displayed = utf8Slice(text, got.start, got.end)
            assertEquals(got.code, displayedToCode(displayed), "text[start..end] = \"$displayed\"")
            assertTrue(Character.isLetterOrDigit(displayed.codePointAt(0)), displayed)
            assertTrue(Character.isLetterOrDigit(displayed.codePointBefore(displayed.length)), displayed)

            assertTrue(got.confidence in 1u..100u, "confidence ${got.confidence}")
            when (got.evidence) {
                CodeEvidence.KEYWORD -> {
                    assertFalse(got.keyword.isNullOrEmpty(), "keyword evidence names its keyword")
                    assertTrue(got.language in keywordLanguages(), "language ${got.language}")
                }
                CodeEvidence.ORIGIN_BOUND -> {
                    val ob = findOriginBound(text)!!
                    assertEquals(listOf(got.origin, got.embeddedOrigin, got.code), listOf(ob.host, ob.embeddedHost, ob.code))
                    assertEquals(got.start to got.end, ob.codeStart to ob.codeEnd)
                    assertEquals(if (ob.strict) 100u else 90u, got.confidence)
                }
                CodeEvidence.LAYOUT -> {}
            }
        }
    }

    @Test
    fun `extract of an empty message is null`() {
        assertNull(extractCode(""))
    }

    // -------------------------------------------------------------------------- origin-bound

    private fun assertOrigin(want: JSONObject, got: OriginBoundCode, text: String) {
        assertEquals(want.getString("host"), got.host, "host")
        assertEquals(want.stringOrNull("embedded_host"), got.embeddedHost, "embedded_host")
        assertEquals(want.getString("code"), got.code, "code")
        assertEquals(got.code, utf8Slice(text, got.codeStart, got.codeEnd), "text[codeStart..codeEnd]")
    }

    @TestFactory
    fun `origin-bound vectors`(): List<DynamicTest> = group("origin_bound").flatMap { v ->
        val text = v.getString("text")
        val name = v.getString("name")
        listOf(
            dynamicTest("strict: $name") {
                val want = v.getJSONObject("strict")
                if (want.has("error")) {
                    val e = assertThrows<OtpException.InvalidOriginBound> { parseOriginBound(text) }
                    assertMessageMentions(ORIGIN_ERROR_WORDS, want.getString("error"), e)
                } else {
                    val got = parseOriginBound(text)
                    assertOrigin(want, got, text)
                    assertTrue(got.strict)
                }
            },
            dynamicTest("tolerant: $name") {
                val got = findOriginBound(text)
                if (v.isNull("tolerant")) {
                    assertNull(got)
                } else {
                    val want = v.getJSONObject("tolerant")
                    assertNotNull(got)
                    assertOrigin(want, got!!, text)
                    assertEquals(want.getBoolean("strict"), got.strict, "strict")
                    if (got.strict) assertEquals(parseOriginBound(text), got)
                }
            },
        )
    }

    // ----------------------------------------------------------------------------- app hash

    @TestFactory
    fun `app hash vectors`(): List<DynamicTest> = group("app_hash").flatMap { v ->
        val name = v.getString("name")
        val pkg = v.getString("package")
        val der = hex(v.getString("certificate_der_hex"))
        val hash = v.getString("hash")
        val tests = mutableListOf(
            dynamicTest("DER: $name") {
                assertEquals(hash, androidAppHash(pkg, der))
            },
            dynamicTest("PEM made from the DER: $name") {
                assertEquals(hash, androidAppHash(pkg, pemOf(der).toByteArray(Charsets.US_ASCII)))
                assertEquals(hash, androidAppHash(pkg, pemOf(der).replace("\n", "\r\n").toByteArray(Charsets.US_ASCII)))
            },
        )
        v.stringOrNull("certificate_pem")?.let { pem ->
            tests += dynamicTest("PEM: $name") {
                val got = androidAppHash(pkg, pem.toByteArray(Charsets.US_ASCII))
                assertEquals(hash, got)
                assertEquals(11, got.length)
            }
        }
        tests
    }

    @TestFactory
    fun `app hash error vectors`(): List<DynamicTest> = group("app_hash_errors").map { v ->
        dynamicTest("error ${v.getString("error")}: ${v.getString("name")}") {
            val e = assertThrows<OtpException.InvalidAppHashInput> {
                androidAppHash(v.getString("package"), hex(v.getString("certificate_der_hex")))
            }
            assertMessageMentions(APP_HASH_ERROR_WORDS, v.getString("error"), e)
        }
    }

    @Test
    fun `app hash depends on the package name`() {
        val v = group("app_hash").first()
        val der = hex(v.getString("certificate_der_hex"))
        assertNotEquals(androidAppHash(v.getString("package"), der), androidAppHash(v.getString("package") + "x", der))
    }

    // ---------------------------------------------------------------------------- formatSms

    @TestFactory
    fun `format sms vectors`(): List<DynamicTest> = group("format_sms").map { v ->
        dynamicTest("formatSms: ${v.getString("name")}") {
            val options = optionsOf(v.getJSONObject("options"))
            val got = formatSms(options)
            assertEquals(v.getString("text"), got.text, "text")
            assertEquals(encodingOf(v.getString("encoding")), got.encoding, "encoding")
            assertEquals(v.getInt("units").toUInt(), got.units, "units")
            assertEquals(v.getInt("segments").toUInt(), got.segments, "segments")
            assertEquals(v.getJSONArray("warnings").strings(), got.warnings, "warnings")

            val info = smsEncodingInfo(got.text)
            assertEquals(listOf(got.encoding, got.units, got.segments), listOf(info.encoding, info.units, info.segments))
            assertEquals(got.nonGsmChars, info.nonGsmChars)
            assertEquals(got.encoding == SmsEncoding.UCS2, got.nonGsmChars.isNotEmpty())

            // Never a wrong code from our own body; always the code from a single-segment body.
            val extracted = extractCode(got.text)
            if (extracted != null) assertEquals(options.code, extracted.code)
            if (got.segments == 1u) assertNotNull(extracted, "code not found in the body")
            if (options.originHost != null) {
                assertEquals(CodeEvidence.ORIGIN_BOUND, extracted!!.evidence)
                assertEquals(options.originHost, extracted.origin)
                assertEquals(options.embeddedHost, extracted.embeddedOrigin)
            }
        }
    }

    @TestFactory
    fun `format sms error vectors`(): List<DynamicTest> = group("format_sms_errors").map { v ->
        dynamicTest("error ${v.getString("error")}: ${v.getString("name")}") {
            val e = assertThrows<OtpException.InvalidMessage> { formatSms(optionsOf(v.getJSONObject("options"))) }
            assertMessageMentions(FORMAT_ERROR_WORDS, v.getString("error"), e)
        }
    }

    // ------------------------------------------------------------------------------ encoding

    @TestFactory
    fun `encoding vectors`(): List<DynamicTest> = group("encoding").mapIndexed { i, v ->
        val text = v.getString("text")
        dynamicTest("encoding #$i: ${text.take(20)} (${text.length} chars)") {
            val got = smsEncodingInfo(text)
            assertEquals(text, got.text)
            assertEquals(encodingOf(v.getString("encoding")), got.encoding, "encoding")
            assertEquals(v.getInt("units").toUInt(), got.units, "units")
            assertEquals(v.getInt("segments").toUInt(), got.segments, "segments")
            assertEquals(emptyList<String>(), got.warnings)
            if (got.encoding == SmsEncoding.GSM7) {
                assertEquals(emptyList<String>(), got.nonGsmChars)
            } else {
                assertTrue(got.nonGsmChars.isNotEmpty() && got.nonGsmChars.all { it in text }, "${got.nonGsmChars}")
            }
        }
    }

    // --------------------------------------------------------------------------- voice, push

    @TestFactory
    fun `voice vectors`(): List<DynamicTest> = group("voice").map { v ->
        dynamicTest("voice: ${v.getString("lang")}") {
            val code = v.getString("code")
            val got = voiceMessage(code, v.getString("service"), v.getString("lang"))
            assertEquals(v.getString("text"), got.text)
            assertTrue(got.ssml.startsWith("<speak>") && got.ssml.endsWith("</speak>"), got.ssml)
            assertEquals(2 * (code.length - 1), got.ssml.split("<break time=\"400ms\"/>").size - 1, got.ssml)
        }
    }

    @TestFactory
    fun `push vectors`(): List<DynamicTest> = group("push").map { v ->
        dynamicTest("push: ${v.getString("style")} ${v.getString("lang")}") {
            val validity = if (v.isNull("validity_minutes")) null else v.getInt("validity_minutes").toUInt()
            val got = pushMessage(v.getString("code"), v.getString("service"), v.getString("lang"), validity,
                whatsapp = v.getString("style") == "whatsapp")
            assertEquals(v.getString("text"), got)
        }
    }

    @Test
    fun `voice and push errors are InvalidMessage`() {
        val e = assertThrows<OtpException.InvalidMessage> { voiceMessage("1234", "Acme", "xx") }
        assertTrue(e.message!!.contains("language"), e.message)
        assertThrows<OtpException.InvalidMessage> { voiceMessage("12", "Acme", "en") }
        assertThrows<OtpException.InvalidMessage> { pushMessage("123456", "Acme", "xx", null, false) }
        assertThrows<OtpException.InvalidMessage> { pushMessage("12 34", "Acme", "en", null, true) }
    }

    // ------------------------------------------------------------------------- keyword packs

    @Test
    fun `keyword languages include the required packs`() {
        val langs = keywordLanguages()
        assertEquals(langs.size, langs.toSet().size, "duplicates in $langs")
        assertTrue(langs.size >= 38, "$langs")
        assertEquals(emptyList<String>(), REQUIRED_LANGUAGES.filterNot { it in langs }, "missing packs")
    }

    companion object {
        /** The keyword packs the receiver must ship (tags of core/src/receiver/keywords.rs). */
        val REQUIRED_LANGUAGES = listOf(
            "en", "zh-Hans", "zh-Hant", "es", "pt", "fr", "de", "it", "ru", "uk", "tr",
            "ar", "fa", "he", "hi", "id", "vi", "th", "ja", "ko", "pl", "nl",
            "el", "cs", "ca", "fi", "bn", "sv", "da", "nb", "ro", "hu", "ms", "fil", "ur", "sw", "ta", "af",
        )

        // The FFI error is flat (one OtpException subclass per concern): a word of the core
        // message tells which core variant it was.
        val ORIGIN_ERROR_WORDS = mapOf(
            "empty" to "empty", "missing_host" to "@host", "invalid_host" to "invalid host",
            "missing_separator" to "space", "missing_code" to "#code",
        )
        val APP_HASH_ERROR_WORDS = mapOf(
            "invalid_package_name" to "package name", "empty_certificate" to "empty",
            "missing_pem_block" to "PEM", "invalid_pem_base64" to "base64", "invalid_der" to "DER",
        )
        val FORMAT_ERROR_WORDS = mapOf(
            "invalid_code" to "invalid code", "invalid_app_hash" to "app hash", "invalid_host" to "invalid host",
            "embedded_without_origin" to "embedded host", "invalid_service_name" to "service name",
            "unsupported_language" to "language",
        )

        fun assertMessageMentions(words: Map<String, String>, error: String, e: OtpException) {
            val word = words[error] ?: error("no message word for error \"$error\" in the vectors")
            assertTrue(e.message!!.contains(word), "\"${e.message}\" should mention \"$word\" ($error)")
        }

        fun evidenceOf(s: String): CodeEvidence = when (s) {
            "origin_bound" -> CodeEvidence.ORIGIN_BOUND
            "keyword" -> CodeEvidence.KEYWORD
            "layout" -> CodeEvidence.LAYOUT
            else -> error("unknown evidence $s")
        }

        fun encodingOf(s: String): SmsEncoding = when (s) {
            "gsm7" -> SmsEncoding.GSM7
            "ucs2" -> SmsEncoding.UCS2
            else -> error("unknown encoding $s")
        }

        fun optionsOf(o: JSONObject) = SmsBodyOptions(
            code = o.getString("code"),
            service = o.getString("service"),
            validityMinutes = if (o.has("validity_minutes") && !o.isNull("validity_minutes")) o.getInt("validity_minutes").toUInt() else null,
            appHash = o.optStringOrNull("app_hash"),
            originHost = o.optStringOrNull("origin_host"),
            embeddedHost = o.optStringOrNull("embedded_host"),
        )

        private fun JSONObject.optStringOrNull(key: String): String? = if (has(key)) stringOrNull(key) else null

        fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }

        fun pemOf(der: ByteArray): String =
            "-----BEGIN CERTIFICATE-----\n" +
                Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
                "\n-----END CERTIFICATE-----\n"

        /**
         * The UTF-16 index in [text] of a UTF-8 byte offset (walking code points); fails unless
         * the offset falls on a code point boundary.
         */
        fun utf8OffsetToIndex(text: String, byteOffset: UInt): Int {
            var bytes = 0
            var i = 0
            while (bytes < byteOffset.toInt()) {
                require(i < text.length) { "byte offset $byteOffset beyond the text" }
                val cp = text.codePointAt(i)
                bytes += when {
                    cp < 0x80 -> 1
                    cp < 0x800 -> 2
                    cp < 0x10000 -> 3
                    else -> 4
                }
                i += Character.charCount(cp)
            }
            require(bytes == byteOffset.toInt()) { "byte offset $byteOffset is inside a character" }
            return i
        }

        /** text[start..end) for UTF-8 byte offsets. */
        fun utf8Slice(text: String, start: UInt, end: UInt): String {
            val s = text.substring(utf8OffsetToIndex(text, start), utf8OffsetToIndex(text, end))
            // The same as slicing the UTF-8 bytes.
            val bytes = text.toByteArray(Charsets.UTF_8)
            assertEquals(String(bytes, start.toInt(), (end - start).toInt(), Charsets.UTF_8), s)
            return s
        }

        /**
         * The code a displayed span stands for: Unicode decimal digits (fullwidth, Arabic-Indic,
         * Persian, Devanagari, ...) as ASCII, letters kept, separators (spaces, dashes) dropped.
         */
        fun displayedToCode(displayed: String): String = buildString {
            displayed.codePoints().forEach { cp ->
                when {
                    Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER.toInt() -> append(Character.digit(cp, 10))
                    Character.isLetter(cp) -> appendCodePoint(cp)
                }
            }
        }
    }
}
