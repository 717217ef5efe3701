package dev.otpkit.jvmtests

import dev.otpkit.Clock
import dev.otpkit.HashAlgorithm
import dev.otpkit.OtpException
import dev.otpkit.OtpParameters
import dev.otpkit.OtpType
import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import kotlin.reflect.KClass

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

/** A nullable non-negative integer field as ULong (`null` → null). */
fun JSONObject.ulongOrNull(key: String): ULong? = if (isNull(key)) null else getLong(key).toULong()

fun JSONObject.ulong(key: String): ULong = getLong(key).toULong()

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

fun typeOf(kind: String): OtpType = when (kind.lowercase()) {
    "totp" -> OtpType.TOTP
    "hotp" -> OtpType.HOTP
    "steam" -> OtpType.STEAM
    "motp" -> OtpType.MOTP
    "yandex" -> OtpType.YANDEX
    else -> error("unknown kind $kind in vectors")
}

/** mOTP and Yandex Key codes need the account's PIN. */
fun usesPin(type: OtpType): Boolean = type == OtpType.MOTP || type == OtpType.YANDEX

/** The FFI parameters described by a codes.json vector (hotp: period/t0 0; totp/steam: counter 0). */
fun paramsOf(v: JSONObject): OtpParameters = OtpParameters(
    otpType = typeOf(v.getString("kind")),
    algorithm = algorithmOf(v.getString("algorithm")),
    digits = v.getInt("digits").toUByte(),
    period = v.ulongOrNull("period") ?: 0UL,
    t0 = v.ulongOrNull("t0") ?: 0UL,
    counter = v.ulongOrNull("counter") ?: 0UL,
)

fun totpParams(
    period: ULong = 30UL,
    digits: Int = 6,
    algorithm: HashAlgorithm = HashAlgorithm.SHA1,
    t0: ULong = 0UL,
) = OtpParameters(OtpType.TOTP, algorithm, digits.toUByte(), period, t0, 0UL)

fun hotpParams(counter: ULong, digits: Int = 6, algorithm: HashAlgorithm = HashAlgorithm.SHA1) =
    OtpParameters(OtpType.HOTP, algorithm, digits.toUByte(), 0UL, 0UL, counter)

fun steamParams(period: ULong = 30UL) =
    OtpParameters(OtpType.STEAM, HashAlgorithm.SHA1, 5.toUByte(), period, 0UL, 0UL)

/**
 * The binding's exception class for an error name in uri.json / migration.json. The FFI error is
 * flat: core secret errors → InvalidSecret, parameter-range errors (`Params`) → InvalidParameters,
 * every other URI error → InvalidUri, every migration error except missing parts → InvalidMigration.
 */
fun uriErrorClass(error: String): KClass<out OtpException> = when (error) {
    "InvalidSecret" -> OtpException.InvalidSecret::class
    "Params" -> OtpException.InvalidParameters::class
    else -> OtpException.InvalidUri::class
}

fun migrationErrorClass(error: String): KClass<out OtpException> = when (error) {
    "MissingParts" -> OtpException.IncompleteBatch::class
    else -> OtpException.InvalidMigration::class
}

/** The value of the `secret` query parameter of an otpauth URI, if any (raw, not decoded). */
fun secretParamOf(uri: String): String? =
    uri.substringAfter('?', "").substringBefore('#').split('&')
        .firstOrNull { it.startsWith("secret=", ignoreCase = true) }
        ?.substringAfter('=')
        ?.takeIf { it.isNotEmpty() }

/** A Kotlin-implemented clock (the foreign trait): fixed time, counting how often Rust asks. */
class FixedClock(private val unix: ULong) : Clock {
    @Volatile var calls = 0
        private set

    override fun nowUnix(): ULong {
        calls++
        return unix
    }
}

/** Steam Guard symbols from the 31-bit truncated value (what codeNumberAt returns for Steam). */
fun steamSymbols(value: ULong, length: Int = 5): String {
    val alphabet = "23456789BCDFGHJKMNPQRTVWXY"
    var v = value
    val sb = StringBuilder()
    repeat(length) {
        sb.append(alphabet[(v % 26UL).toInt()])
        v /= 26UL
    }
    return sb.toString()
}

/** A numeric code formatted to `digits` with leading zeros. */
fun formatCode(value: ULong, digits: Int): String = value.toString().padStart(digits, '0')
