package dev.otpkit.android

import dev.otpkit.AppHashMatch
import dev.otpkit.SmsCode
import dev.otpkit.checkAppHash
import dev.otpkit.extractCode

/**
 * What one SMS Retriever / SMS User Consent broadcast (or a consent prompt's result) amounts to.
 *
 * Produced by [SmsCodeHandler]; [OtpSmsReceiver] turns it into [OtpSmsReceiver.Listener] calls.
 */
sealed class SmsCodeResult {
    /** A one-time code was found in [message] (see [SmsCode.evidence], [SmsCode.origin], ...). */
    data class Code(val code: SmsCode, val message: String) : SmsCodeResult() {
        /**
         * The code to fill in (ASCII digits/letters, separators removed): revealed on purpose;
         * [toString] of this result, like [SmsCode]'s, does not show it or the message.
         */
        val value: String get() = code.code.reveal()

        override fun toString(): String = "Code($code, message=<redacted>)"
    }

    /** A message arrived but holds no code, or only an ambiguous one. */
    data class NoCode(val message: String) : SmsCodeResult() {
        // A message without a clear code can still hold one (an ambiguous one): keep it out of logs.
        override fun toString(): String = "NoCode(message=<redacted>, ${message.length} chars)"
    }

    /** No matching message within the API's wait (5 minutes), or the retriever was not started. */
    data object Timeout : SmsCodeResult()

    /**
     * SMS User Consent: a message arrived and the user must allow the app to read it. The
     * receiver hands the consent `Intent` to [OtpSmsReceiver.Listener.onConsentNeeded]; launch it
     * and pass the activity result to [OtpSmsReceiver.handleConsentResult].
     */
    data object ConsentNeeded : SmsCodeResult()

    /** The user declined to share the message in the consent prompt. */
    data object ConsentDenied : SmsCodeResult()

    /** Any other status from Play services, or a malformed broadcast. */
    data class Failed(val statusCode: Int, val reason: String) : SmsCodeResult()
}

/**
 * The Android-free part of SMS code retrieval: maps what a `SmsRetriever.SMS_RETRIEVED_ACTION`
 * broadcast carries (the status code of `SmsRetriever.EXTRA_STATUS`, the text of
 * `EXTRA_SMS_MESSAGE`, whether `EXTRA_CONSENT_INTENT` is present) to a [SmsCodeResult], and runs
 * otpkit's [extractCode] on the message. Pure Kotlin (no Android classes), so it is unit-tested
 * on the JVM; [OtpSmsReceiver] is the `BroadcastReceiver` around it. Stateless and thread-safe.
 *
 * @param appHash this app's 11-character SMS Retriever hash (`androidAppHash`), or null. When set,
 *   a Retriever message that does not carry it (a message meant for another app) is refused with
 *   [STATUS_WRONG_APP_HASH] instead of being searched for a code. The rule is otpkit's
 *   `checkAppHash` (the hash as a whole token, exact case). User Consent messages carry no
 *   hash and are not checked.
 * @throws dev.otpkit.OtpException.InvalidInput (kind `APP_HASH`) when [appHash] is not 11 base64
 *   characters: a misconfigured hash fails here, not as "every message refused".
 */
class SmsCodeHandler(private val appHash: String? = null) {
    init {
        // Validates the configured hash once (the core refuses a malformed one).
        if (appHash != null) checkAppHash("", appHash)
    }

    /**
     * One `SMS_RETRIEVED_ACTION` broadcast.
     *
     * @param statusCode `Status.statusCode` of `SmsRetriever.EXTRA_STATUS` ([STATUS_SUCCESS],
     *   [STATUS_TIMEOUT], ...), or null when the broadcast has no status.
     * @param message `SmsRetriever.EXTRA_SMS_MESSAGE` (SMS Retriever API: the full message text).
     * @param hasConsentIntent whether `SmsRetriever.EXTRA_CONSENT_INTENT` is present (SMS User
     *   Consent API).
     * @param consentIntentTrusted whether that intent resolves to Google Play services' consent
     *   activity and grants no URI permissions (checked by [OtpSmsReceiver]; launching an
     *   unchecked intent from a broadcast is an intent-redirection risk).
     */
    fun onRetrieverBroadcast(
        statusCode: Int?,
        message: String?,
        hasConsentIntent: Boolean = false,
        consentIntentTrusted: Boolean = true,
    ): SmsCodeResult = when (statusCode) {
        null -> SmsCodeResult.Failed(STATUS_MISSING, "broadcast without a status")
        STATUS_TIMEOUT -> SmsCodeResult.Timeout
        STATUS_SUCCESS -> when {
            message != null && appHash != null && checkAppHash(message, appHash) == AppHashMatch.MISSING -> SmsCodeResult.Failed(
                STATUS_WRONG_APP_HASH,
                "the message does not carry this app's SMS Retriever hash",
            )
            message != null -> onMessage(message)
            hasConsentIntent && consentIntentTrusted -> SmsCodeResult.ConsentNeeded
            hasConsentIntent -> SmsCodeResult.Failed(
                STATUS_UNTRUSTED_CONSENT_INTENT,
                "the consent intent does not resolve to Google Play services' consent activity",
            )
            else -> SmsCodeResult.Failed(STATUS_SUCCESS, "success without a message or a consent intent")
        }
        else -> SmsCodeResult.Failed(statusCode, "SMS retriever status $statusCode")
    }

    /**
     * The result of the User Consent prompt (the activity launched with the consent intent).
     *
     * @param granted `resultCode == Activity.RESULT_OK`.
     * @param message `SmsRetriever.EXTRA_SMS_MESSAGE` of the result data.
     */
    fun onConsentResult(granted: Boolean, message: String?): SmsCodeResult = when {
        !granted -> SmsCodeResult.ConsentDenied
        message == null -> SmsCodeResult.Failed(STATUS_SUCCESS, "consent granted but no message in the result")
        else -> onMessage(message)
    }

    /** Extracts the code from a received message text. */
    fun onMessage(message: String): SmsCodeResult =
        extractCode(message)?.let { SmsCodeResult.Code(it, message) } ?: SmsCodeResult.NoCode(message)

    companion object {
        /** `CommonStatusCodes.SUCCESS`. */
        const val STATUS_SUCCESS: Int = 0

        /** `CommonStatusCodes.TIMEOUT`. */
        const val STATUS_TIMEOUT: Int = 15

        /** Not a Play services code: the broadcast had no `EXTRA_STATUS`. */
        const val STATUS_MISSING: Int = -1

        /** Not a Play services code: the consent intent failed [OtpSmsReceiver]'s check. */
        const val STATUS_UNTRUSTED_CONSENT_INTENT: Int = -2

        /** Not a Play services code: a Retriever message without this app's hash. */
        const val STATUS_WRONG_APP_HASH: Int = -3

        /** Not a Play services code: the broadcast's extras could not be read (malformed parcel). */
        const val STATUS_MALFORMED: Int = -4
    }
}
