package dev.otpkit.robotests

import android.app.Activity
import android.app.Application
import android.content.ComponentName
import android.content.Context
import android.content.Intent
import android.os.Bundle
import android.os.Looper
import android.os.Parcel
import org.robolectric.RuntimeEnvironment
import dev.otpkit.AppHashMatch
import dev.otpkit.InvalidInputKind
import dev.otpkit.OtpException
import dev.otpkit.SmsCode
import dev.otpkit.checkAppHash
import dev.otpkit.android.OtpSmsReceiver
import dev.otpkit.android.SmsCodeHandler
import dev.otpkit.android.SmsCodeResult
import dev.otpkit.android.SmsRetrieverContract.EXTRA_CONSENT_INTENT
import dev.otpkit.android.SmsRetrieverContract.EXTRA_SMS_MESSAGE
import dev.otpkit.android.SmsRetrieverContract.EXTRA_STATUS
import dev.otpkit.android.SmsRetrieverContract.SEND_PERMISSION
import dev.otpkit.android.SmsRetrieverContract.SMS_RETRIEVED_ACTION
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/** Records every listener call, in order. */
class RecordingListener : OtpSmsReceiver.Listener {
    val calls = mutableListOf<String>()
    val codes = mutableListOf<String>()
    var consentIntent: Intent? = null

    override fun onCode(code: SmsCode, message: String) {
        calls += "code"
        codes += code.code.reveal()
    }
    override fun onNoCode(message: String) { calls += "noCode" }
    override fun onTimeout() { calls += "timeout" }
    override fun onConsentNeeded(consentIntent: Intent) {
        calls += "consentNeeded"
        this.consentIntent = consentIntent
    }
    override fun onConsentDenied() { calls += "consentDenied" }
    override fun onFailure(statusCode: Int, reason: String) { calls += "failure:$statusCode" }
}

/** The app's screen in the User Consent flow: launches the consent intent, hands the result back. */
class ConsentActivity : Activity() {
    lateinit var receiver: OtpSmsReceiver
    var lastResult: SmsCodeResult? = null

    @Deprecated("test activity")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        if (requestCode == REQUEST) lastResult = receiver.handleConsentResult(resultCode, data)
    }

    companion object {
        const val REQUEST = 7
    }
}

/**
 * [OtpSmsReceiver] with real [Intent]s of the SMS Retriever broadcast and of the User Consent flow,
 * on the Android framework under Robolectric.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class OtpSmsReceiverTest {
    private val app: Application = RuntimeEnvironment.getApplication()
    private val context: Context = app
    private val listener = RecordingListener()
    private val retriever = FakeRetriever()
    private val receiver = OtpSmsReceiver(listener, retriever)

    private val consentActivity = ComponentName("com.google.android.gms", "com.google.android.gms.auth.api.phone.ui.UserConsentPromptActivity")
    private val ownHash = "FA+9qCX9VSu"
    private val retrieverSms = "<#> Your ACME code is 123456\n\n$ownHash"

    @Before
    fun installPlayServicesConsentActivity() {
        shadowOf(context.packageManager).addActivityIfNotPresent(consentActivity)
    }

    private fun broadcast(status: Int? = 0, build: Bundle.() -> Unit = {}): Intent {
        val extras = Bundle()
        if (status != null) extras.putParcelable(EXTRA_STATUS, FakeStatus(status))
        extras.build()
        return Intent(SMS_RETRIEVED_ACTION).putExtras(extras)
    }

    private fun consentIntent() = Intent().setComponent(consentActivity)

    @Test
    fun `a Retriever broadcast delivered to the registered receiver hands the code to the callback`() {
        receiver.register(context)
        // A sender without Play services' SEND permission (here: this app) does not reach it.
        context.sendBroadcast(broadcast { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        shadowOf(Looper.getMainLooper()).idle()
        assertEquals(emptyList<String>(), listener.calls)
        // With the permission (as Play services holds it), the broadcast is delivered.
        shadowOf(app).grantPermissions(SEND_PERMISSION)
        context.sendBroadcast(broadcast { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        shadowOf(Looper.getMainLooper()).idle()
        assertEquals(listOf("code"), listener.calls)
        assertEquals(listOf("123456"), listener.codes)
        // Registered for the action with Play services' permission only.
        val registered = shadowOf(app).registeredReceivers.single { it.broadcastReceiver === receiver }
        assertEquals(SMS_RETRIEVED_ACTION, registered.intentFilter.getAction(0))
        assertEquals("com.google.android.gms.auth.api.phone.permission.SEND", registered.broadcastPermission)
        assertEquals(SEND_PERMISSION, registered.broadcastPermission)
        receiver.unregister(context)
        context.sendBroadcast(broadcast { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        shadowOf(Looper.getMainLooper()).idle()
        assertEquals(1, listener.calls.size)
    }

    @Test
    fun `the Retriever message survives a parcel round trip like a real broadcast`() {
        val intent = broadcast { putString(EXTRA_SMS_MESSAGE, "G-482913 is your verification code.\n$ownHash") }
        val result = receiver.handleBroadcast(context, parcelled(intent))
        assertTrue(result is SmsCodeResult.Code)
        assertEquals(listOf("482913"), listener.codes)
    }

    @Test
    fun `a message without a code is reported as no code`() {
        receiver.onReceive(context, broadcast { putString(EXTRA_SMS_MESSAGE, "Hello, your parcel ships today.\n$ownHash") })
        assertEquals(listOf("noCode"), listener.calls)
    }

    @Test
    fun `timeout status`() {
        receiver.onReceive(context, broadcast(status = SmsCodeHandler.STATUS_TIMEOUT))
        assertEquals(listOf("timeout"), listener.calls)
    }

    @Test
    fun `another Play services status is a failure with that code`() {
        receiver.onReceive(context, broadcast(status = 13) { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        assertEquals(listOf("failure:13"), listener.calls)
        assertTrue(listener.codes.isEmpty())
    }

    @Test
    fun `missing extras`() {
        receiver.onReceive(context, Intent(SMS_RETRIEVED_ACTION))
        receiver.onReceive(context, broadcast(status = null) { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        receiver.onReceive(context, broadcast(status = 0))
        assertEquals(
            listOf("failure:${SmsCodeHandler.STATUS_MISSING}", "failure:${SmsCodeHandler.STATUS_MISSING}", "failure:${SmsCodeHandler.STATUS_SUCCESS}"),
            listener.calls,
        )
        assertTrue(listener.codes.isEmpty())
    }

    @Test
    fun `a message carrying another app's hash is refused when the app hash is set`() {
        val checked = OtpSmsReceiver(listener, retriever, SmsCodeHandler(appHash = ownHash))
        val result = checked.handleBroadcast(context, broadcast { putString(EXTRA_SMS_MESSAGE, "<#> Your code is 123456\n\nZZ+1otherAPP") })
        assertEquals(SmsCodeHandler.STATUS_WRONG_APP_HASH, (result as SmsCodeResult.Failed).statusCode)
        assertEquals(listOf("failure:${SmsCodeHandler.STATUS_WRONG_APP_HASH}"), listener.calls)
        // The own hash passes, and the hash is never taken for the code.
        checked.onReceive(context, broadcast { putString(EXTRA_SMS_MESSAGE, retrieverSms) })
        assertEquals(listOf("123456"), listener.codes)
        // Without an app hash configured, the other app's hash is not mistaken for the code either.
        receiver.onReceive(context, broadcast { putString(EXTRA_SMS_MESSAGE, "<#> Your code is 654321\n\nZZ+1otherAPP") })
        assertEquals(listOf("123456", "654321"), listener.codes)
    }

    @Test
    fun `the app hash rule is the core's - whole token only, and a malformed hash fails at construction`() {
        val checked = OtpSmsReceiver(listener, retriever, SmsCodeHandler(appHash = ownHash))
        // The hash glued into a longer base64 run, or in another case, is not this app's hash.
        for (text in listOf("<#> Your code is 123456\n\nx$ownHash", "<#> Your code is 123456\n\n${ownHash}Q", "<#> Your code is 123456\n\n${ownHash.lowercase()}")) {
            val result = checked.handleBroadcast(context, broadcast { putString(EXTRA_SMS_MESSAGE, text) })
            assertEquals(text, SmsCodeHandler.STATUS_WRONG_APP_HASH, (result as SmsCodeResult.Failed).statusCode)
        }
        assertEquals(AppHashMatch.PRESENT, checkAppHash(retrieverSms, ownHash))
        assertEquals(AppHashMatch.MISSING, checkAppHash("<#> 123456\n\nx$ownHash", ownHash))
        val e = assertThrows(OtpException.InvalidInput::class.java) { SmsCodeHandler(appHash = "FA+9qCX9VS") }
        assertEquals(InvalidInputKind.APP_HASH, e.kind)
        assertTrue(listener.codes.isEmpty())
    }

    @Test
    fun `User Consent flow - consent intent launched, result handled, code delivered`() {
        val activity = Robolectric.buildActivity(ConsentActivity::class.java).setup().get()
        val flowListener = object : OtpSmsReceiver.Listener by listener {
            override fun onConsentNeeded(consentIntent: Intent) {
                listener.onConsentNeeded(consentIntent)
                @Suppress("DEPRECATION")
                activity.startActivityForResult(consentIntent, ConsentActivity.REQUEST)
            }
        }
        activity.receiver = OtpSmsReceiver(flowListener, retriever)
        activity.receiver.startUserConsent(activity, "+15551234567")
        assertEquals(listOf("consent:+15551234567"), retriever.started)

        val consent = consentIntent()
        activity.receiver.onReceive(activity, parcelled(broadcast { putParcelable(EXTRA_CONSENT_INTENT, consent) }))
        assertEquals(listOf("consentNeeded"), listener.calls)

        val launched = shadowOf(activity).nextStartedActivityForResult
        assertEquals(consentActivity, launched.intent.component)
        assertEquals(ConsentActivity.REQUEST, launched.requestCode)

        shadowOf(activity).receiveResult(
            launched.intent,
            Activity.RESULT_OK,
            Intent().putExtra(EXTRA_SMS_MESSAGE, "Your Example login code: 7731 (valid 5 minutes)"),
        )
        assertEquals(listOf("consentNeeded", "code"), listener.calls)
        assertEquals(listOf("7731"), listener.codes)
        assertTrue(activity.lastResult is SmsCodeResult.Code)
    }

    @Test
    fun `User Consent - denied, and granted without a message`() {
        assertSame(SmsCodeResult.ConsentDenied, receiver.handleConsentResult(Activity.RESULT_CANCELED, null))
        assertSame(SmsCodeResult.ConsentDenied, receiver.handleConsentResult(Activity.RESULT_CANCELED, Intent().putExtra(EXTRA_SMS_MESSAGE, retrieverSms)))
        val missing = receiver.handleConsentResult(Activity.RESULT_OK, Intent())
        assertTrue(missing is SmsCodeResult.Failed)
        receiver.handleConsentResult(Activity.RESULT_OK, null)
        receiver.handleConsentResult(Activity.RESULT_OK, Intent().putExtra(EXTRA_SMS_MESSAGE, 1234))
        assertEquals(
            listOf("consentDenied", "consentDenied", "failure:0", "failure:0", "failure:0"),
            listener.calls,
        )
        assertTrue(listener.codes.isEmpty())
    }

    @Test
    fun `untrusted consent intents are refused, never handed to the app`() {
        val other = ComponentName("com.evil.app", "com.evil.app.Steal")
        shadowOf(context.packageManager).addActivityIfNotPresent(other)
        val hostile = listOf(
            Intent().setComponent(other),                                             // another app
            Intent("com.example.NO_SUCH_ACTION"),                                     // resolves to nothing
            consentIntent().addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION),          // URI grant
            consentIntent().addFlags(Intent.FLAG_GRANT_WRITE_URI_PERMISSION or Intent.FLAG_GRANT_PERSISTABLE_URI_PERMISSION),
        )
        for (intent in hostile) {
            val result = receiver.handleBroadcast(context, broadcast { putParcelable(EXTRA_CONSENT_INTENT, intent) })
            assertEquals(intent.toString(), SmsCodeHandler.STATUS_UNTRUSTED_CONSENT_INTENT, (result as? SmsCodeResult.Failed)?.statusCode)
        }
        assertNull(listener.consentIntent)
        assertEquals(List(hostile.size) { "failure:${SmsCodeHandler.STATUS_UNTRUSTED_CONSENT_INTENT}" }, listener.calls)
        assertTrue(OtpSmsReceiver.isTrustedConsentIntent(context, consentIntent()))
    }

    @Test
    fun `bad and hostile broadcasts are refused without a crash`() {
        // Another action: ignored, no callback.
        assertNull(receiver.handleBroadcast(context, Intent(Intent.ACTION_BOOT_COMPLETED).putExtra(EXTRA_SMS_MESSAGE, retrieverSms)))
        assertNull(receiver.handleBroadcast(context, Intent()))
        assertTrue(listener.calls.isEmpty())

        // Extras of the wrong types.
        receiver.onReceive(context, broadcast { putInt(EXTRA_SMS_MESSAGE, 123456) })
        receiver.onReceive(context, broadcast { putString(EXTRA_CONSENT_INTENT, "intent:#Intent;end") })
        receiver.onReceive(context, Intent(SMS_RETRIEVED_ACTION).putExtra(EXTRA_STATUS, "0").putExtra(EXTRA_SMS_MESSAGE, retrieverSms))
        receiver.onReceive(context, broadcast { putParcelable(EXTRA_CONSENT_INTENT, FakeStatus(0)) })
        assertEquals(
            listOf("failure:0", "failure:0", "failure:${SmsCodeHandler.STATUS_MISSING}", "failure:0"),
            listener.calls,
        )

        // A parcel that fails to unparcel.
        listener.calls.clear()
        val result = receiver.handleBroadcast(context, parcelled(broadcast { putParcelable(EXTRA_STATUS, HostileParcelable()) }))
        assertEquals(SmsCodeHandler.STATUS_MALFORMED, (result as SmsCodeResult.Failed).statusCode)
        assertEquals(listOf("failure:${SmsCodeHandler.STATUS_MALFORMED}"), listener.calls)

        // A huge message: handled (no code found or one found), no crash.
        listener.calls.clear()
        receiver.onReceive(context, broadcast { putString(EXTRA_SMS_MESSAGE, "x".repeat(1_000_000)) })
        assertEquals(listOf("noCode"), listener.calls)
        assertTrue(listener.codes.isEmpty())
    }

    @Test
    fun `start calls go through the Play services interface and report failures`() {
        val results = mutableListOf<Exception?>()
        receiver.startRetriever(context) { results += it }
        retriever.startFailure = IllegalStateException("API not available")
        receiver.startUserConsent(context) { results += it }
        assertEquals(listOf("retriever", "consent:null"), retriever.started)
        assertNull(results[0])
        assertEquals("API not available", results[1]?.message)
    }

    /** [intent] written to a [Parcel] and read back, as Play services' broadcast reaches the app. */
    private fun parcelled(intent: Intent): Intent {
        val parcel = Parcel.obtain()
        try {
            intent.writeToParcel(parcel, 0)
            parcel.setDataPosition(0)
            return Intent.CREATOR.createFromParcel(parcel).also { it.setExtrasClassLoader(javaClass.classLoader) }
        } finally {
            parcel.recycle()
        }
    }
}
