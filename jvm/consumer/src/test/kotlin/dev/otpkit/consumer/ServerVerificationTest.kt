package dev.otpkit.consumer

import dev.otpkit.CodeGenerator
import dev.otpkit.Delivery
import dev.otpkit.DeliveryChannel
import dev.otpkit.IssueOutcome
import dev.otpkit.OobBinding
import dev.otpkit.OobCodes
import dev.otpkit.OobOutcome
import dev.otpkit.Pepper
import dev.otpkit.VerificationStore
import dev.otpkit.Verifier
import dev.otpkit.VerifyOutcome
import dev.otpkit.fixedTimeSource
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A server verifying codes with nothing but the dev.otpkit:otpkit-jvm dependency. */
class ServerVerificationTest {
    // RFC 6238 appendix B: the SHA-1 key "12345678901234567890", 8 digits.
    private val rfcUri = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=ACME"
    private val now = 1_111_111_109L

    @Test
    fun `the native library is loaded from the otpkit-jvm jar`() {
        assertNull(System.getProperty("jna.library.path"), "the consumer must not point JNA at the workspace")
        val url = javaClass.classLoader.getResource("linux-x86-64/libotpkit_ffi.so")
        assertTrue(url != null && url.protocol == "jar" && "otpkit-jvm-0.1.0.jar" in url.path, "library resource: $url")
        // A first call goes through JNA's classpath extraction of that resource.
        CodeGenerator.fromUri(rfcUri).use { assertEquals("07081804", it.codeAt(now)) }
    }

    @Test
    fun `a TOTP code verifies once against the in-memory store`() {
        val store = VerificationStore.memory()
        val verifier = Verifier(store, fixedTimeSource(now))
        CodeGenerator.fromUri(rfcUri).use { generator ->
            val typed = generator.codeAt(now)
            assertEquals("07081804", typed)
            assertInstanceOf(VerifyOutcome.Invalid::class.java, verifier.verifyTotpBlocking("alice", generator, "00000000"))
            assertInstanceOf(VerifyOutcome.Accepted::class.java, verifier.verifyTotpBlocking("alice", generator, typed))
            assertEquals(VerifyOutcome.Replayed, verifier.verifyTotpBlocking("alice", generator, typed))
        }
        // The accepted code cleared the failure count; the replay counts as a failure again.
        assertEquals(1, verifier.stateBlocking("alice").failures)
    }

    @Test
    fun `an out-of-band code is issued and accepted once`() {
        val store = VerificationStore.memory()
        val oob = OobCodes(store, listOf(Pepper.generate("2026-01")), fixedTimeSource(now))
        val login = OobBinding(purpose = "login", subject = "alice")
        val issued = oob.issueBlocking(login, Delivery(DeliveryChannel.SMS, "+15550100123"))
        assertInstanceOf(IssueOutcome.Issued::class.java, issued)
        issued as IssueOutcome.Issued
        val code = issued.code.reveal()
        assertTrue(code.all { it.isDigit() } && code.length >= 6, "code shape")
        assertTrue(issued.expiresAt > now)
        val wrong = if (code.first() == '0') "1" + code.drop(1) else "0" + code.drop(1)
        assertNotEquals(code, wrong)
        assertInstanceOf(OobOutcome.Invalid::class.java, oob.verifyBlocking(issued.challengeId, login, wrong))
        // Bound to the purpose: the same code for another purpose is not accepted.
        assertTrue(oob.verifyBlocking(issued.challengeId, OobBinding(purpose = "reset", subject = "alice"), code) !is OobOutcome.Accepted)
        assertEquals(OobOutcome.Accepted(issued.challengeId), oob.verifyBlocking(issued.challengeId, login, code))
        assertTrue(oob.verifyBlocking(issued.challengeId, login, code) !is OobOutcome.Accepted, "a used code is refused")
    }
}
