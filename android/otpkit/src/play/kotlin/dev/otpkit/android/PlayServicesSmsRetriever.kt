package dev.otpkit.android

import android.content.Context
import android.os.Build
import android.os.Bundle
import com.google.android.gms.auth.api.phone.SmsRetriever
import com.google.android.gms.common.api.Status
import com.google.android.gms.tasks.Task

// Compiled only by the Gradle build (src/play/kotlin, with play-services-auth-api-phone): the
// Maven/Robolectric build has no Play services. Everything else of the receiver is in src/main.

/** [SmsRetrieverApi] backed by Google Play services' `SmsRetriever` client. */
object PlayServicesSmsRetriever : SmsRetrieverApi {
    init {
        // The receiver uses the documented values in SmsRetrieverContract; fail loudly if a
        // Play services release ever changes them.
        check(
            SmsRetriever.SMS_RETRIEVED_ACTION == SmsRetrieverContract.SMS_RETRIEVED_ACTION &&
                SmsRetriever.EXTRA_STATUS == SmsRetrieverContract.EXTRA_STATUS &&
                SmsRetriever.EXTRA_SMS_MESSAGE == SmsRetrieverContract.EXTRA_SMS_MESSAGE &&
                SmsRetriever.EXTRA_CONSENT_INTENT == SmsRetrieverContract.EXTRA_CONSENT_INTENT &&
                SmsRetriever.SEND_PERMISSION == SmsRetrieverContract.SEND_PERMISSION,
        ) { "SmsRetrieverContract does not match this Play services release" }
    }

    override fun statusCode(extras: Bundle): Int? {
        val status: Status? = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.UPSIDE_DOWN_CAKE) {
            extras.getParcelable(SmsRetriever.EXTRA_STATUS, Status::class.java)
        } else {
            @Suppress("DEPRECATION")
            extras.getParcelable<android.os.Parcelable>(SmsRetriever.EXTRA_STATUS) as? Status
        }
        return status?.statusCode
    }

    override fun startRetriever(context: Context, onResult: (Exception?) -> Unit) {
        startRetrieverTask(context).addOnCompleteListener { onResult(it.exception) }
    }

    override fun startUserConsent(context: Context, senderPhoneNumber: String?, onResult: (Exception?) -> Unit) {
        startUserConsentTask(context, senderPhoneNumber).addOnCompleteListener { onResult(it.exception) }
    }

    /** The Play services `Task` of [startRetriever], for apps that use the Tasks API. */
    @JvmStatic
    fun startRetrieverTask(context: Context): Task<Void> = SmsRetriever.getClient(context).startSmsRetriever()

    /** The Play services `Task` of [startUserConsent]. */
    @JvmStatic
    fun startUserConsentTask(context: Context, senderPhoneNumber: String? = null): Task<Void> =
        SmsRetriever.getClient(context).startSmsUserConsent(senderPhoneNumber)
}

/**
 * An [OtpSmsReceiver] reading broadcasts through [PlayServicesSmsRetriever]; with [appHash] (this
 * app's `androidAppHash`), Retriever messages without it are refused.
 */
fun OtpSmsReceiver(listener: OtpSmsReceiver.Listener, appHash: String? = null): OtpSmsReceiver =
    OtpSmsReceiver(listener, PlayServicesSmsRetriever, SmsCodeHandler(appHash))
