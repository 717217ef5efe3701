package dev.otpkit.android

import android.content.Context
import android.os.Bundle

/**
 * The only things [OtpSmsReceiver] needs from Google Play services, behind one small interface so
 * that everything else compiles and is tested without Play services (the Maven/Robolectric build in
 * `android/robolectric-tests` compiles `src/main/kotlin` only). The Play services implementation,
 * [PlayServicesSmsRetriever], is in `src/play/kotlin` and compiled only by the Gradle build.
 */
interface SmsRetrieverApi {
    /**
     * `Status.statusCode` of the `EXTRA_STATUS` extra (a `com.google.android.gms.common.api.Status`
     * parcelable), or null when the extra is absent or is not a `Status`.
     */
    fun statusCode(extras: Bundle): Int?

    /**
     * Starts the SMS Retriever API (`SmsRetriever.getClient(context).startSmsRetriever()`);
     * [onResult] gets null once started, or the failure.
     */
    fun startRetriever(context: Context, onResult: (Exception?) -> Unit = {})

    /**
     * Starts the SMS User Consent API (`SmsRetriever.getClient(context).startSmsUserConsent(sender)`);
     * [onResult] gets null once started, or the failure.
     */
    fun startUserConsent(context: Context, senderPhoneNumber: String?, onResult: (Exception?) -> Unit = {})
}

/**
 * The values of the `com.google.android.gms.auth.api.phone.SmsRetriever` constants the receiver
 * uses (play-services-auth-api-phone 18.x; they are part of the broadcast's wire contract between
 * Play services and apps and have not changed since the API appeared in 2017). Kept here as plain
 * strings so the receiver does not need Play services to compile; `PlayServicesSmsRetriever`
 * (Gradle build) checks at class load that they equal the library's.
 */
object SmsRetrieverContract {
    /** `SmsRetriever.SMS_RETRIEVED_ACTION`. */
    const val SMS_RETRIEVED_ACTION = "com.google.android.gms.auth.api.phone.SMS_RETRIEVED"

    /** `SmsRetriever.EXTRA_STATUS`: a `Status` parcelable (`CommonStatusCodes.SUCCESS` = 0, `TIMEOUT` = 15). */
    const val EXTRA_STATUS = "com.google.android.gms.auth.api.phone.EXTRA_STATUS"

    /** `SmsRetriever.EXTRA_SMS_MESSAGE`: the message text (Retriever broadcast, consent result data). */
    const val EXTRA_SMS_MESSAGE = "com.google.android.gms.auth.api.phone.EXTRA_SMS_MESSAGE"

    /** `SmsRetriever.EXTRA_CONSENT_INTENT`: the consent prompt `Intent` (User Consent broadcast). */
    const val EXTRA_CONSENT_INTENT = "com.google.android.gms.auth.api.phone.EXTRA_CONSENT_INTENT"

    /** `SmsRetriever.SEND_PERMISSION`: only Play services holds it, so only it can send the broadcast. */
    const val SEND_PERMISSION = "com.google.android.gms.auth.api.phone.permission.SEND"

    /** The package of Google Play services, which owns the consent activity. */
    const val PLAY_SERVICES_PACKAGE = "com.google.android.gms"
}
