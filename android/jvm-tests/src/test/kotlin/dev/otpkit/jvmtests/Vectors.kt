package dev.otpkit.jvmtests

import dev.otpkit.HashAlgorithm
import dev.otpkit.InvalidInputKind
import dev.otpkit.OtpException
import dev.otpkit.OtpParams
import dev.otpkit.Secret
import dev.otpkit.TimeSource
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.assertThrows
import java.io.File

/** The shared vectors in tests/vectors/, located by the `otpkit.vectors` system property (Surefire). */
object Vectors {
    val dir: File by lazy {
        val path = System.getProperty("otpkit.vectors")
            ?: error("system property otpkit.vectors is not set (run through Maven: android/jvm-tests/run-tests.sh)")
        File(path).also { require(it.isDirectory) { "otpkit.vectors=$path is not a directory" } }
    }

    private fun read(name: String): String = File(dir, name).readText()

    val codes: JSONObject by lazy { JSONObject(read("codes.json")) }
    val uris: List<JSONObject> by lazy { JSONArray(read("uri.json")).objects() }
    val migrations: List<JSONObject> by lazy { JSONArray(read("migration.json")).objects() }

    fun codeVectors(): List<JSONObject> = codes.getJSONArray("code_vectors").objects()
    fun snapshotVectors(): List<JSONObject> = codes.getJSONArray("snapshot_vectors").objects()
    fun pinVectors(): List<JSONObject> = codes.getJSONArray("pin_vectors").objects()
}

fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

fun JSONArray.strings(): List<String> = (0 until length()).map { getString(it) }

/** A nullable string field (`null` in JSON → Kotlin null). */
fun JSONObject.stringOrNull(key: String): String? = if (isNull(key)) null else getString(key)

/** A nullable integer field as Long (`null` → null). */
fun JSONObject.longOrNull(key: String): Long? = if (isNull(key)) null else getLong(key)

fun algorithmOf(name: String): HashAlgorithm = when (name.uppercase()) {
    "SHA1" -> HashAlgorithm.SHA1
    "SHA224" -> HashAlgorithm.SHA224
    "SHA256" -> HashAlgorithm.SHA256
    "SHA384" -> HashAlgorithm.SHA384
    "SHA512" -> HashAlgorithm.SHA512
    "SHA3-224" -> HashAlgorithm.SHA3_224
    "SHA3-256" -> HashAlgorithm.SHA3_256
    "SHA3-384" -> HashAlgorithm.SHA3_384
    "SHA3-512" -> HashAlgorithm.SHA3_512
    "MD5" -> HashAlgorithm.MD5
    else -> error("unknown algorithm $name in vectors")
}

/** The vectors' kind name of a parameter set ("totp", "hotp", "steam", "motp", "yandex"; null = TOTP defaults). */
fun kindOf(params: OtpParams?): String = when (params) {
    null -> "totp"
    is OtpParams.Totp -> "totp"
    is OtpParams.Hotp -> "hotp"
    is OtpParams.Steam -> "steam"
    is OtpParams.Motp -> "motp"
    is OtpParams.Yandex -> "yandex"
}

/** mOTP and Yandex Key codes need the account's PIN. */
fun usesPin(params: OtpParams?): Boolean = params is OtpParams.Motp || params is OtpParams.Yandex

/** The typed parameters described by a codes.json / pin vector. */
fun paramsOf(v: JSONObject): OtpParams {
    val period = v.optLongOrNull("period")
    return when (val kind = v.getString("kind").lowercase()) {
        "totp" -> OtpParams.Totp(
            algorithm = alg(algorithmOf(v.getString("algorithm"))),
            digits = v.getInt("digits"),
            period = period ?: 30L,
            t0 = v.optLongOrNull("t0") ?: 0L,
        )
        "hotp" -> OtpParams.Hotp(
            algorithm = alg(algorithmOf(v.getString("algorithm"))),
            digits = v.getInt("digits"),
            counter = v.optLongOrNull("counter") ?: 0L,
        )
        "steam" -> OtpParams.Steam(period = period ?: 30L)
        "motp" -> OtpParams.Motp(period = period ?: 10L)
        "yandex" -> OtpParams.Yandex(period = period ?: 30L)
        else -> error("unknown kind $kind in vectors")
    }
}

private fun JSONObject.optLongOrNull(key: String): Long? = if (!has(key) || isNull(key)) null else getLong(key)

/**
 * The binding's spelling of an algorithm inside OtpParams: null stands for SHA1 (the standard),
 * so parameters with default values compare equal to what the library returns.
 */
fun alg(a: HashAlgorithm): HashAlgorithm? = a.takeUnless { it == HashAlgorithm.SHA1 }

/** The algorithm of TOTP/HOTP parameters (null → SHA1). */
fun algorithmIn(a: HashAlgorithm?): HashAlgorithm = a ?: HashAlgorithm.SHA1

fun totpParams(
    period: Long = 30L,
    digits: Int = 6,
    algorithm: HashAlgorithm = HashAlgorithm.SHA1,
    t0: Long = 0L,
): OtpParams = OtpParams.Totp(algorithm = alg(algorithm), digits = digits, period = period, t0 = t0)

fun hotpParams(counter: Long, digits: Int = 6, algorithm: HashAlgorithm = HashAlgorithm.SHA1): OtpParams =
    OtpParams.Hotp(algorithm = alg(algorithm), digits = digits, counter = counter)

fun steamParams(period: Long = 30L): OtpParams = OtpParams.Steam(period = period)

/** A Secret from base32 text (the vectors' secrets are canonical base32). */
fun secretOf(base32: String): Secret = Secret.fromBase32(base32)

/** An InvalidInput of [kind] thrown by [call] (naming [field] when given); returns it. */
fun assertInvalidInput(kind: InvalidInputKind, field: String? = null, what: String = "", call: () -> Any?): OtpException.InvalidInput {
    val e = assertThrows<OtpException.InvalidInput>(what) { call() }
    assertEquals(kind, e.kind, "$what: kind (${e.reason})")
    if (field != null) assertEquals(field, e.field, "$what: field (${e.reason})")
    assertTrue(e.reason.isNotBlank(), "$what: empty reason")
    return e
}

/**
 * What an error name of uri.json / migration.json becomes: core secret errors → InvalidInput
 * (SECRET), parameter-range errors (`Params`) → InvalidInput (PARAMETERS), every other URI error →
 * InvalidInput (URI); every migration error except missing parts → InvalidInput (MIGRATION),
 * missing parts → IncompleteBatch (null here).
 */
fun uriErrorKind(error: String): InvalidInputKind = when (error) {
    "InvalidSecret" -> InvalidInputKind.SECRET
    "Params" -> InvalidInputKind.PARAMETERS
    else -> InvalidInputKind.URI
}

fun migrationErrorKind(error: String): InvalidInputKind? = when (error) {
    "MissingParts" -> null
    else -> InvalidInputKind.MIGRATION
}

/** The value of the `secret` query parameter of an otpauth URI, if any (raw, not decoded). */
fun secretParamOf(uri: String): String? =
    uri.substringAfter('?', "").substringBefore('#').split('&')
        .firstOrNull { it.startsWith("secret=", ignoreCase = true) }
        ?.substringAfter('=')
        ?.takeIf { it.isNotEmpty() }

/** A Kotlin-implemented time source (the foreign trait): fixed time, counting how often Rust asks. */
class FixedClock(private val unix: Long) : TimeSource {
    @Volatile var calls = 0
        private set

    override fun nowUnix(): Long {
        calls++
        return unix
    }
}

/** Steam Guard symbols from the 31-bit truncated value (what codeNumberAt returns for Steam). */
fun steamSymbols(value: Long, length: Int = 5): String {
    val alphabet = "23456789BCDFGHJKMNPQRTVWXY"
    var v = value
    val sb = StringBuilder()
    repeat(length) {
        sb.append(alphabet[(v % 26L).toInt()])
        v /= 26L
    }
    return sb.toString()
}

/** A numeric code formatted to `digits` with leading zeros. */
fun formatCode(value: Long, digits: Int): String = value.toString().padStart(digits, '0')
