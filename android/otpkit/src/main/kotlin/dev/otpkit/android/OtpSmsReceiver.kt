package dev.otpkit.android

import android.app.Activity
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.os.Build
import android.os.Bundle
import android.os.Parcelable
import dev.otpkit.android.SmsRetrieverContract.EXTRA_CONSENT_INTENT
import dev.otpkit.android.SmsRetrieverContract.EXTRA_SMS_MESSAGE
import dev.otpkit.android.SmsRetrieverContract.PLAY_SERVICES_PACKAGE
import dev.otpkit.android.SmsRetrieverContract.SEND_PERMISSION
import dev.otpkit.android.SmsRetrieverContract.SMS_RETRIEVED_ACTION
import dev.otpkit.SmsCode

/**
 * Receives the `SmsRetriever.SMS_RETRIEVED_ACTION` broadcasts of Google Play services' SMS
 * Retriever API (no permission; the message must end with the app's 11-character hash, see
 * `dev.otpkit.androidAppHash`) and SMS User Consent API (any sender, the user approves each
 * message), finds the one-time code with otpkit's `extractCode` and reports it to a [Listener].
 *
 * ```kotlin
 * val receiver = OtpSmsReceiver(object : OtpSmsReceiver.Listener {   // Play services' reader
 *     override fun onCode(code: SmsCode, message: String) { codeField.setText(code.code.reveal()) }
 *     override fun onConsentNeeded(consentIntent: Intent) { consentLauncher.launch(consentIntent) }
 * })
 * receiver.register(context)              // e.g. in onStart
 * receiver.startRetriever(context)        // or startUserConsent(context, senderPhoneNumber)
 * // ActivityResultLauncher callback of the consent prompt:
 * receiver.handleConsentResult(result.resultCode, result.data)
 * receiver.unregister(context)            // e.g. in onStop
 * ```
 *
 * All decisions are made by the Android-free [SmsCodeHandler] (unit-tested on the JVM); this
 * class only reads the intent extras, checks the consent intent, and calls the listener on the
 * thread that delivers the broadcast (the main thread unless registered with a handler).
 *
 * @param retriever the Play services part ([PlayServicesSmsRetriever] in the Gradle build; the
 *   one-argument `OtpSmsReceiver(listener)` factory there passes it).
 * @param handler the decisions; `SmsCodeHandler(appHash)` refuses Retriever messages without this
 *   app's hash ([SmsCodeHandler.STATUS_WRONG_APP_HASH]).
 */
class OtpSmsReceiver(
    private val listener: Listener,
    private val retriever: SmsRetrieverApi,
    private val handler: SmsCodeHandler = SmsCodeHandler(),
) : BroadcastReceiver() {

    /** Callbacks for the outcomes of [SmsCodeResult]. Only [onCode] must be implemented. */
    interface Listener {
        /**
         * A code was found in [message]: `code.code.reveal()` is the text to fill in,
         * `message.substring(code.utf16.start, code.utf16.end)` where it appears. Neither
         * [SmsCode]'s `toString` nor [SmsCodeResult]'s shows the code or the message; do not log
         * the revealed values.
         */
        fun onCode(code: SmsCode, message: String)

        /** A message arrived without a (clear) code. */
        fun onNoCode(message: String) {}

        /** The API's five-minute wait ended without a matching message. */
        fun onTimeout() {}

        /**
         * User Consent API: launch [consentIntent] (it was checked to resolve to Play services'
         * consent activity) with an `ActivityResultLauncher` and pass the result to
         * [OtpSmsReceiver.handleConsentResult].
         */
        fun onConsentNeeded(consentIntent: Intent) {}

        /** The user declined the consent prompt. */
        fun onConsentDenied() {}

        /** Another Play services status, or a malformed broadcast ([SmsCodeResult.Failed]). */
        fun onFailure(statusCode: Int, reason: String) {}
    }

    override fun onReceive(context: Context, intent: Intent) {
        handleBroadcast(context, intent)
    }

    /**
     * [onReceive] with its result: null for an intent that is not an `SMS_RETRIEVED_ACTION`
     * broadcast (ignored, no callback). A broadcast whose extras cannot be read (a malformed or
     * hostile parcel) is [SmsCodeResult.Failed] with [SmsCodeHandler.STATUS_MALFORMED].
     */
    fun handleBroadcast(context: Context, intent: Intent): SmsCodeResult? {
        if (intent.action != SMS_RETRIEVED_ACTION) return null
        val read = try {
            val extras = intent.extras
            val consentIntent = extras?.parcelable(EXTRA_CONSENT_INTENT, Intent::class.java)
            Read(
                statusCode = extras?.let(retriever::statusCode),
                message = extras?.getString(EXTRA_SMS_MESSAGE),
                consentIntent = consentIntent,
                trusted = consentIntent != null && isTrustedConsentIntent(context, consentIntent),
            )
        } catch (e: RuntimeException) {
            // BadParcelableException, ClassCastException, ... from unparcelling the extras: the
            // sender is not Play services or the parcel is damaged. Refuse, do not crash the app.
            val result = SmsCodeResult.Failed(
                SmsCodeHandler.STATUS_MALFORMED,
                "unreadable broadcast extras: ${e.javaClass.simpleName}",
            )
            dispatch(result, null)
            return result
        }
        val result = handler.onRetrieverBroadcast(
            statusCode = read.statusCode,
            message = read.message,
            hasConsentIntent = read.consentIntent != null,
            consentIntentTrusted = read.trusted,
        )
        dispatch(result, read.consentIntent)
        return result
    }

    private class Read(val statusCode: Int?, val message: String?, val consentIntent: Intent?, val trusted: Boolean)

    /**
     * Hands the consent prompt's activity result (`resultCode`, `data`) to the handler and the
     * listener; returns the result as well.
     */
    fun handleConsentResult(resultCode: Int, data: Intent?): SmsCodeResult {
        val message = try {
            data?.getStringExtra(EXTRA_SMS_MESSAGE)
        } catch (e: RuntimeException) {
            null // unreadable result extras: treated as no message
        }
        val result = handler.onConsentResult(granted = resultCode == Activity.RESULT_OK, message = message)
        dispatch(result, null)
        return result
    }

    private fun dispatch(result: SmsCodeResult, consentIntent: Intent?) {
        when (result) {
            is SmsCodeResult.Code -> listener.onCode(result.code, result.message)
            is SmsCodeResult.NoCode -> listener.onNoCode(result.message)
            SmsCodeResult.Timeout -> listener.onTimeout()
            SmsCodeResult.ConsentNeeded -> listener.onConsentNeeded(checkNotNull(consentIntent))
            SmsCodeResult.ConsentDenied -> listener.onConsentDenied()
            is SmsCodeResult.Failed -> listener.onFailure(result.statusCode, result.reason)
        }
    }

    /**
     * Registers this receiver for `SMS_RETRIEVED_ACTION`, accepting only broadcasts sent with
     * Play services' `SmsRetriever.SEND_PERMISSION`. Exported (Android 13+ requires the flag):
     * the sender is another app, Play services.
     */
    fun register(context: Context) {
        val filter = IntentFilter(SMS_RETRIEVED_ACTION)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            context.registerReceiver(this, filter, SEND_PERMISSION, null, Context.RECEIVER_EXPORTED)
        } else {
            context.registerReceiver(this, filter, SEND_PERMISSION, null)
        }
    }

    /** Unregisters the receiver (call it in the lifecycle callback matching [register]). */
    fun unregister(context: Context) {
        context.unregisterReceiver(this)
    }

    /**
     * Starts the SMS Retriever API: for five minutes, the next SMS containing this app's hash
     * is delivered (complete text in `EXTRA_SMS_MESSAGE`) without any permission.
     */
    fun startRetriever(context: Context, onResult: (Exception?) -> Unit = {}) =
        retriever.startRetriever(context, onResult)

    /**
     * Starts the SMS User Consent API: for five minutes, the next SMS with a 4–10 character
     * alphanumeric code (from [senderPhoneNumber], or any sender not in the contacts when null)
     * leads to a consent prompt.
     */
    fun startUserConsent(context: Context, senderPhoneNumber: String? = null, onResult: (Exception?) -> Unit = {}) =
        retriever.startUserConsent(context, senderPhoneNumber, onResult)

    companion object {
        private const val URI_GRANTS = Intent.FLAG_GRANT_READ_URI_PERMISSION or
            Intent.FLAG_GRANT_WRITE_URI_PERMISSION or Intent.FLAG_GRANT_PERSISTABLE_URI_PERMISSION or
            Intent.FLAG_GRANT_PREFIX_URI_PERMISSION

        /**
         * The consent intent comes from a broadcast: launch it only if it opens an activity of
         * Google Play services and grants no URI permissions (avoids intent redirection).
         */
        @JvmStatic
        fun isTrustedConsentIntent(context: Context, consentIntent: Intent): Boolean {
            if (consentIntent.flags and URI_GRANTS != 0) return false
            val target = consentIntent.resolveActivity(context.packageManager) ?: return false
            return target.packageName == PLAY_SERVICES_PACKAGE
        }

        // The typed getParcelable is API 33, but has a bug there (fixed in 34; androidx's
        // BundleCompat also waits for 34). No androidx dependency for this one call.
        private fun <T : Parcelable> Bundle.parcelable(key: String, type: Class<T>): T? =
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.UPSIDE_DOWN_CAKE) {
                getParcelable(key, type)
            } else {
                @Suppress("DEPRECATION")
                getParcelable<Parcelable>(key)?.takeIf { type.isInstance(it) }?.let(type::cast)
            }
    }
}
