package dev.otpkit.jvmtests

import dev.otpkit.CodeEvidence
import dev.otpkit.android.SmsCodeHandler
import dev.otpkit.android.SmsCodeHandler.Companion.STATUS_SUCCESS
import dev.otpkit.android.SmsCodeHandler.Companion.STATUS_TIMEOUT
import dev.otpkit.android.SmsCodeResult
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The Android-free part of the library's SMS helper (android/otpkit/.../SmsCodeHandler.kt,
 * compiled into this project by the pom): SMS Retriever and User Consent broadcasts and consent
 * results → SmsCodeResult, with otpkit's extractCode on the message.
 */
class SmsCodeHandlerTest {
    private val handler = SmsCodeHandler()

    // What the SMS Retriever API delivers: the whole message, ending with the app hash.
    private val retrieverMessage = "<#> Your ExampleCo code: 482-913\nDon't share it.\nFA+9qCX9VSu"

    @Test
    fun `retriever success with a code`() {
        val r = handler.onRetrieverBroadcast(STATUS_SUCCESS, retrieverMessage)
        val code = assertInstanceOf(SmsCodeResult.Code::class.java, r)
        assertEquals("482913", code.value)
        assertEquals("482913", code.code.code.reveal())
        assertEquals(CodeEvidence.KEYWORD, code.code.evidence)
        assertEquals(retrieverMessage, code.message)
    }

    @Test
    fun `with an app hash, only messages carrying it as a whole token are searched`() {
        val checked = SmsCodeHandler(appHash = "FA+9qCX9VSu")
        assertEquals("482913", assertInstanceOf(SmsCodeResult.Code::class.java, checked.onRetrieverBroadcast(STATUS_SUCCESS, retrieverMessage)).value)
        for (text in listOf(
            "<#> Your ExampleCo code: 482-913\nZZ+1otherAP",
            "<#> Your ExampleCo code: 482-913\nxFA+9qCX9VSu",
            "<#> Your ExampleCo code: 482-913\nFA+9qCX9VSu/",
            "<#> Your ExampleCo code: 482-913",
        )) {
            val failed = assertInstanceOf(SmsCodeResult.Failed::class.java, checked.onRetrieverBroadcast(STATUS_SUCCESS, text), text)
            assertEquals(SmsCodeHandler.STATUS_WRONG_APP_HASH, failed.statusCode, text)
        }
        // User Consent results carry no hash and are not checked.
        assertInstanceOf(SmsCodeResult.Code::class.java, checked.onConsentResult(true, "Your ExampleCo code: 482913"))
        val e = org.junit.jupiter.api.assertThrows<dev.otpkit.OtpException.InvalidInput> { SmsCodeHandler(appHash = "not a hash") }
        assertEquals(dev.otpkit.InvalidInputKind.APP_HASH, e.kind)
    }

    @Test
    fun `retriever success with an origin-bound code`() {
        val message = "747723 is your ExampleCo code.\n\n@example.com #747723"
        val code = assertInstanceOf(SmsCodeResult.Code::class.java, handler.onRetrieverBroadcast(STATUS_SUCCESS, message))
        assertEquals("747723", code.value)
        assertEquals(CodeEvidence.ORIGIN_BOUND, code.code.evidence)
        assertEquals("example.com", code.code.origin)
    }

    @Test
    fun `every extract vector through the handler`() {
        val rx = org.json.JSONObject(java.io.File(Vectors.dir, "receiver.json").readText())
        for (v in rx.getJSONArray("extract").objects()) {
            val text = v.getString("text")
            val r = handler.onRetrieverBroadcast(STATUS_SUCCESS, text)
            if (v.isNull("code")) {
                assertEquals(SmsCodeResult.NoCode(text), r, v.getString("name"))
            } else {
                val code = assertInstanceOf(SmsCodeResult.Code::class.java, r, v.getString("name"))
                assertEquals(v.getString("code"), code.value, v.getString("name"))
            }
        }
    }

    @Test
    fun `retriever success without a code`() {
        val message = "Your parcel 4006381 has shipped."
        assertEquals(SmsCodeResult.NoCode(message), handler.onRetrieverBroadcast(STATUS_SUCCESS, message))
        assertEquals(SmsCodeResult.NoCode(""), handler.onRetrieverBroadcast(STATUS_SUCCESS, ""))
    }

    @Test
    fun timeout() {
        assertEquals(SmsCodeResult.Timeout, handler.onRetrieverBroadcast(STATUS_TIMEOUT, null))
        // A timeout wins over stray extras.
        assertEquals(SmsCodeResult.Timeout, handler.onRetrieverBroadcast(STATUS_TIMEOUT, retrieverMessage, true))
        assertEquals(15, STATUS_TIMEOUT)
        assertEquals(0, STATUS_SUCCESS)
    }

    @Test
    fun `user consent broadcast asks for consent`() {
        assertEquals(SmsCodeResult.ConsentNeeded, handler.onRetrieverBroadcast(STATUS_SUCCESS, null, hasConsentIntent = true))
    }

    @Test
    fun `untrusted consent intent is refused`() {
        val r = handler.onRetrieverBroadcast(STATUS_SUCCESS, null, hasConsentIntent = true, consentIntentTrusted = false)
        val failed = assertInstanceOf(SmsCodeResult.Failed::class.java, r)
        assertEquals(SmsCodeHandler.STATUS_UNTRUSTED_CONSENT_INTENT, failed.statusCode)
    }

    @Test
    fun `consent result`() {
        val message = "Your Acme verification code is KX9T2Q"
        val code = assertInstanceOf(SmsCodeResult.Code::class.java, handler.onConsentResult(granted = true, message = message))
        assertEquals("KX9T2Q", code.value)
        assertEquals(SmsCodeResult.ConsentDenied, handler.onConsentResult(granted = false, message = null))
        assertEquals(SmsCodeResult.ConsentDenied, handler.onConsentResult(granted = false, message = message))
        assertInstanceOf(SmsCodeResult.Failed::class.java, handler.onConsentResult(granted = true, message = null))
        assertEquals(SmsCodeResult.NoCode("hello"), handler.onConsentResult(granted = true, message = "hello"))
    }

    @Test
    fun `other statuses and malformed broadcasts fail`() {
        // CommonStatusCodes.API_NOT_CONNECTED = 17, DEVELOPER_ERROR = 10.
        for (status in listOf(17, 10, 8)) {
            val failed = assertInstanceOf(SmsCodeResult.Failed::class.java, handler.onRetrieverBroadcast(status, retrieverMessage))
            assertEquals(status, failed.statusCode)
            assertTrue(failed.reason.isNotEmpty())
        }
        val noStatus = assertInstanceOf(SmsCodeResult.Failed::class.java, handler.onRetrieverBroadcast(null, retrieverMessage))
        assertEquals(SmsCodeHandler.STATUS_MISSING, noStatus.statusCode)
        assertInstanceOf(SmsCodeResult.Failed::class.java, handler.onRetrieverBroadcast(STATUS_SUCCESS, null))
    }

    @Test
    fun `handler is usable from many threads`() {
        val threads = (0 until 8).map { i ->
            Thread {
                repeat(200) {
                    val code = "${100000 + i * 1000 + it}"
                    val r = handler.onMessage("Your Acme verification code is $code")
                    assertEquals(code, (r as SmsCodeResult.Code).value)
                }
            }
        }
        val errors = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
        threads.forEach { t -> t.setUncaughtExceptionHandler { _, e -> errors.add(e) }; t.start() }
        threads.forEach { it.join() }
        assertEquals(emptyList<Throwable>(), errors.toList())
    }
}
