package dev.otpkit.jvmtests

import dev.otpkit.CodeEvidence
import dev.otpkit.InvalidInputKind
import dev.otpkit.OriginBoundCode
import dev.otpkit.OtpException
import dev.otpkit.PushStyle
import dev.otpkit.SmsBodyOptions
import dev.otpkit.SmsEncoding
import dev.otpkit.SmsWarning
import dev.otpkit.TextSpan
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
 * receiver.json through the receiver binding: extractCode (code, evidence, the UTF-16 span used as
 * a Kotlin String range, the UTF-8 and scalar spans against the vectors, origin), parseOriginBound /
 * findOriginBound, androidAppHash from DER and PEM bytes, formatSms, smsEncodingInfo, voiceMessage,
 * pushMessage, keywordLanguages; error vectors → InvalidInput of the right kind.
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
            val code = got.code.reveal()
            assertEquals(v.getString("code"), code, "code")
            assertEquals(evidenceOf(v.getString("evidence")), got.evidence, "evidence")
            assertSpans(v, got.utf8, got.utf16, got.scalars, text)
            assertEquals(v.stringOrNull("origin"), got.origin, "origin")
            assertEquals(v.stringOrNull("embedded_origin"), got.embeddedOrigin, "embedded_origin")

            // The UTF-16 span is a Kotlin String range: the code as displayed in the message.
            val displayed = text.substring(got.utf16.start, got.utf16.end)
            assertEquals(code, displayedToCode(displayed), "text[utf16] = \"$displayed\"")
            assertTrue(Character.isLetterOrDigit(displayed.codePointAt(0)), displayed)
            assertTrue(Character.isLetterOrDigit(displayed.codePointBefore(displayed.length)), displayed)

            assertTrue(got.confidence in 1..100, "confidence ${got.confidence}")
            when (got.evidence) {
                CodeEvidence.KEYWORD -> {
                    assertFalse(got.keyword.isNullOrEmpty(), "keyword evidence names its keyword")
                    assertTrue(got.language in keywordLanguages(), "language ${got.language}")
                }
                CodeEvidence.ORIGIN_BOUND -> {
                    val ob = findOriginBound(text)!!
                    assertEquals(listOf(got.origin, got.embeddedOrigin, code), listOf(ob.host, ob.embeddedHost, ob.code.reveal()))
                    assertEquals(got.code, ob.code, "OneTimeCode == compares content")
                    assertEquals(listOf(got.utf8, got.utf16, got.scalars), listOf(ob.utf8, ob.utf16, ob.scalars))
                    assertEquals(if (ob.strict) 100 else 90, got.confidence)
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
        val code = got.code.reveal()
        assertEquals(want.getString("code"), code, "code")
        assertSpans(want, got.utf8, got.utf16, got.scalars, text)
        assertEquals(code, text.substring(got.utf16.start, got.utf16.end), "text[utf16]")
    }

    @TestFactory
    fun `origin-bound vectors`(): List<DynamicTest> = group("origin_bound").flatMap { v ->
        val text = v.getString("text")
        val name = v.getString("name")
        listOf(
            dynamicTest("strict: $name") {
                val want = v.getJSONObject("strict")
                if (want.has("error")) {
                    val e = assertInvalidInput(InvalidInputKind.ORIGIN_BOUND) { parseOriginBound(text) }
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
            val e = assertInvalidInput(InvalidInputKind.APP_HASH) {
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
            val o = v.getJSONObject("options")
            val code = o.getString("code")
            val options = optionsOf(o)
            val got = formatSms(code, options)
            val body = got.body.reveal()
            assertEquals(v.getString("text"), body, "text")
            assertEquals(encodingOf(v.getString("encoding")), got.info.encoding, "encoding")
            assertEquals(v.getInt("units"), got.info.units, "units")
            assertEquals(v.getInt("segments"), got.info.segments, "segments")
            assertEquals(v.getJSONArray("warnings").strings(), got.warnings.map(::smsWarningName), "warnings")
            for (w in got.warnings) if (w is SmsWarning.MultipleSegments) assertEquals(got.info.segments, w.segments)

            assertEquals(got.info, smsEncodingInfo(body), "smsEncodingInfo(body) == formatSms(...).info")
            assertEquals(got.info.encoding == SmsEncoding.UCS2, got.info.nonGsmChars.isNotEmpty())

            // Never a wrong code from our own body; always the code from a single-segment body.
            val extracted = extractCode(body)
            if (extracted != null) assertEquals(code, extracted.code.reveal())
            if (got.info.segments == 1) assertNotNull(extracted, "code not found in the body")
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
            val o = v.getJSONObject("options")
            val e = assertInvalidInput(InvalidInputKind.MESSAGE) { formatSms(o.getString("code"), optionsOf(o)) }
            assertMessageMentions(FORMAT_ERROR_WORDS, v.getString("error"), e)
        }
    }

    // ------------------------------------------------------------------------------ encoding

    @TestFactory
    fun `encoding vectors`(): List<DynamicTest> = group("encoding").mapIndexed { i, v ->
        val text = v.getString("text")
        dynamicTest("encoding #$i: ${text.take(20)} (${text.length} chars)") {
            val got = smsEncodingInfo(text)
            assertEquals(encodingOf(v.getString("encoding")), got.encoding, "encoding")
            assertEquals(v.getInt("units"), got.units, "units")
            assertEquals(v.getInt("segments"), got.segments, "segments")
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
            assertEquals(v.getString("text"), got.text.reveal())
            val ssml = got.ssml.reveal()
            assertTrue(ssml.startsWith("<speak>") && ssml.endsWith("</speak>"), ssml)
            assertEquals(2 * (code.length - 1), ssml.split("<break time=\"400ms\"/>").size - 1, ssml)
            if (v.getString("lang") == "en") assertEquals(got.text.reveal(), voiceMessage(code, v.getString("service")).text.reveal(), "default language en")
        }
    }

    @TestFactory
    fun `push vectors`(): List<DynamicTest> = group("push").map { v ->
        dynamicTest("push: ${v.getString("style")} ${v.getString("lang")}") {
            val validity = if (v.isNull("validity_minutes")) null else v.getInt("validity_minutes")
            val style = if (v.getString("style") == "whatsapp") PushStyle.WHATS_APP else PushStyle.PUSH
            val got = pushMessage(code = v.getString("code"), service = v.getString("service"), style = style,
                language = v.getString("lang"), validityMinutes = validity)
            assertEquals(v.getString("text"), got)
        }
    }

    @Test
    fun `voice and push errors are InvalidInput MESSAGE`() {
        val e = assertInvalidInput(InvalidInputKind.MESSAGE) { voiceMessage("1234", "Acme", "xx") }
        assertTrue(e.reason.contains("language"), e.reason)
        assertInvalidInput(InvalidInputKind.MESSAGE) { voiceMessage("12", "Acme", "en") }
        assertInvalidInput(InvalidInputKind.MESSAGE) { pushMessage("123456", "Acme", PushStyle.PUSH, language = "xx") }
        assertInvalidInput(InvalidInputKind.MESSAGE) { pushMessage("12 34", "Acme", style = PushStyle.WHATS_APP) }
        assertInvalidInput(InvalidInputKind.PARAMETERS, "validity_minutes") { pushMessage("123456", "Acme", PushStyle.PUSH, validityMinutes = -1) }
        assertEquals(
            pushMessage(code = "123456", service = "Acme", style = PushStyle.PUSH, language = "en", validityMinutes = null),
            pushMessage("123456", "Acme", PushStyle.PUSH),
            "defaults",
        )
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

        // InvalidInput's kind names the concern; a word of the reason tells which core variant it was.
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

        fun assertMessageMentions(words: Map<String, String>, error: String, e: OtpException.InvalidInput) {
            val word = words[error] ?: error("no message word for error \"$error\" in the vectors")
            assertTrue(e.reason.contains(word), "\"${e.reason}\" should mention \"$word\" ($error)")
        }

        fun smsWarningName(w: SmsWarning): String = when (w) {
            is SmsWarning.MultipleSegments -> "multiple_segments"
            is SmsWarning.Ucs2 -> "ucs2"
        }

        /**
         * A span of the vector: `key` as {"start","end"} or [start, end], else `key_start` /
         * `key_end`; the UTF-8 span also as the vectors' historic `start` / `end`. Null if absent.
         */
        fun spanOf(v: JSONObject, key: String): TextSpan? {
            if (v.has(key) && !v.isNull(key)) {
                return when (val x = v.get(key)) {
                    is JSONObject -> TextSpan(x.getInt("start"), x.getInt("end"))
                    is org.json.JSONArray -> TextSpan(x.getInt(0), x.getInt(1))
                    else -> error("span $key: unexpected $x")
                }
            }
            if (v.has("${key}_start")) return TextSpan(v.getInt("${key}_start"), v.getInt("${key}_end"))
            if (key == "utf8" && v.has("start")) return TextSpan(v.getInt("start"), v.getInt("end"))
            return null
        }

        /**
         * The three spans agree with the vector where it has them, and with each other: the UTF-8
         * span slices the same text from the UTF-8 bytes, the scalar span from the code points.
         */
        fun assertSpans(v: JSONObject, utf8: TextSpan, utf16: TextSpan, scalars: TextSpan, text: String) {
            spanOf(v, "utf8")?.let { assertEquals(it, utf8, "utf8 span") }
            spanOf(v, "utf16")?.let { assertEquals(it, utf16, "utf16 span") }
            (spanOf(v, "scalars") ?: spanOf(v, "scalar"))?.let { assertEquals(it, scalars, "scalar span") }
            val byUtf16 = text.substring(utf16.start, utf16.end)
            val bytes = text.toByteArray(Charsets.UTF_8)
            assertEquals(byUtf16, String(bytes, utf8.start, utf8.end - utf8.start, Charsets.UTF_8), "utf8 slice == utf16 slice")
            val cps = text.codePoints().toArray()
            assertEquals(byUtf16, String(cps, scalars.start, scalars.end - scalars.start), "scalar slice == utf16 slice")
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
            service = o.getString("service"),
            validityMinutes = if (o.has("validity_minutes") && !o.isNull("validity_minutes")) o.getInt("validity_minutes") else null,
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
