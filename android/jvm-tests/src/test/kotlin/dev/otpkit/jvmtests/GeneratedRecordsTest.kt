package dev.otpkit.jvmtests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * Checks of the generated binding source (target/bindings/kotlin/dev/otpkit/otpkit_ffi.kt):
 * every record (a `data class`, also the data of enum variants) has only `val` fields, and no
 * field named like a secret (secret, code, passphrase, password, key, pepper, pin, body, text,
 * ssml) is a plain String, ByteArray or list of them: such a field must be a redacting object
 * (Secret, OneTimeCode, SensitiveText).
 */
class GeneratedRecordsTest {
    private val source: String by lazy {
        val dir = System.getProperty("otpkit.bindings")
            ?: error("system property otpkit.bindings is not set (run through Maven: android/jvm-tests/run-tests.sh)")
        File(dir, "dev/otpkit/otpkit_ffi.kt").readText()
    }

    /** (record name, constructor parameter text) of every generated data class. */
    private val records: List<Pair<String, List<String>>> by lazy {
        Regex("""data class (\w+)\s*\(""").findAll(source).map { m ->
            var depth = 1
            var i = m.range.last + 1
            val start = i
            while (depth > 0) {
                when (source[i]) {
                    '(', '<' -> depth++
                    ')', '>' -> if (source[i - 1] != '-') depth--
                }
                i++
            }
            val params = splitTopLevel(source.substring(start, i - 1))
                .map { it.lines().filterNot { l -> l.trim().startsWith("//") || l.trim().startsWith("*") || l.trim().startsWith("/*") }.joinToString(" ").trim() }
                .filter { it.isNotEmpty() }
            m.groupValues[1] to params
        }.toList()
    }

    private fun splitTopLevel(s: String): List<String> {
        val out = mutableListOf<String>()
        var depth = 0
        val cur = StringBuilder()
        for ((idx, c) in s.withIndex()) {
            when (c) {
                '(', '<', '[', '{' -> depth++
                ')', ']', '}' -> depth--
                '>' -> if (idx == 0 || s[idx - 1] != '-') depth--
            }
            if (c == ',' && depth == 0) {
                out += cur.toString(); cur.clear()
            } else {
                cur.append(c)
            }
        }
        out += cur.toString()
        return out
    }

    @Test
    fun `the generated source has the records the surface promises`() {
        val names = records.map { it.first }.toSet()
        for (r in listOf("OtpAuthUri", "CodeSnapshot", "SmsCode", "OriginBoundCode", "SmsMessage", "VoiceMessage", "Account", "AccountUpdate", "TextSpan")) {
            assertTrue(r in names, "record $r not generated (have $names)")
        }
    }

    @Test
    fun `every generated record field is val`() {
        val mutable = records.flatMap { (name, params) -> params.filter { Regex("""^(@\S+\s+)*var\s""").containsMatchIn(it) }.map { "$name: $it" } }
        assertEquals(emptyList<String>(), mutable, "mutable record fields (generate_immutable_records in bindings/uniffi.toml)")
    }

    @Test
    fun `no record field named like a secret is plain text or bytes`() {
        val secretNames = Regex("""^(secret|code|passphrase|password|key|pepper|pin|body|text|ssml)$""", RegexOption.IGNORE_CASE)
        val plain = Regex("""^(kotlin\.)?(String|ByteArray|List<(kotlin\.)?(String|Byte|UByte)>|UByteArray)\??$""")
        val allowed = emptySet<String>()
        // Custom types are type aliases (e.g. `typealias SecretText = kotlin.String`): resolve them.
        val aliases = Regex("""(?m)^\s*(?:public\s+)?typealias\s+(\w+)\s*=\s*(\S+)""").findAll(source)
            .associate { it.groupValues[1] to it.groupValues[2] }
        fun resolve(type: String): String {
            val nullable = type.endsWith("?")
            val bare = type.removeSuffix("?")
            return (aliases[bare] ?: bare) + if (nullable) "?" else ""
        }
        val leaks = records.flatMap { (name, params) ->
            params.mapNotNull { p ->
                val m = Regex("""(?:val|var)\s+`?(\w+)`?\s*:\s*([^=]+?)\s*(=.*)?$""").find(p) ?: return@mapNotNull null
                val (field, type) = m.destructured
                if (secretNames.matches(field) && plain.matches(resolve(type.trim())) && "$name.$field" !in allowed) "$name.$field: $type" else null
            }
        }
        assertEquals(emptyList<String>(), leaks, "secret-like record fields that print their content")
    }
}
