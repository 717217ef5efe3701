package dev.otpkit.jvmtests

import dev.otpkit.Accounts
import dev.otpkit.AuthenticationKind
import dev.otpkit.CodeGenerator
import dev.otpkit.ExportFormat
import dev.otpkit.ImportFormat
import dev.otpkit.IssueOutcome
import dev.otpkit.OobCodes
import dev.otpkit.OobOutcome
import dev.otpkit.OtpException
import dev.otpkit.Pepper
import dev.otpkit.VerificationStore
import dev.otpkit.Verifier
import dev.otpkit.VerifyOutcome
import dev.otpkit.defaultRedisStoreOptions
import dev.otpkit.noSendLimits
import dev.otpkit.defaultOobPolicy
import dev.otpkit.readBackup
import dev.otpkit.totpCode
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.time.Duration.Companion.seconds

/** [block] throws an [E]; returns it (assertThrows for suspend code). */
suspend inline fun <reified E : Throwable> assertThrowsSuspend(crossinline block: suspend () -> Any?): E {
    val result = try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e", e)
    }
    throw AssertionError("expected ${E::class.simpleName}, got the result $result")
}

/**
 * The suspend forms (uniffi async exports) under kotlinx-coroutines-test: vault create/open/change
 * passphrase, encrypted import/export, and the verifier and out-of-band calls on the memory store
 * (and on Redis when OTPKIT_REDIS_URL is set). The slow calls must suspend rather than block the
 * calling thread: a coroutine launched on the same single-threaded test dispatcher gets to run
 * while they are in progress.
 */
class AsyncTest {
    private val now = 1_700_000_000L
    private val secret = "JBSWY3DPEHPK3PXP"
    private val fixtures: File by lazy { File(Vectors.dir.parentFile, "fixtures/import") }

    @TempDir
    lateinit var tmp: File

    @Test
    fun `vault create, open and change passphrase suspend`() = runTest(timeout = 120.seconds) {
        val p = File(tmp, "a.otpkit").path
        // Interactive (the default KDF) is slow enough that a blocking call would starve the dispatcher.
        var otherRan = false
        val created = async { Accounts.createVault(p, "old", time = FixedClock(now)).also { check(otherRan) { "createVault blocked the dispatcher thread" } } }
        launch { otherRan = true }
        val id = created.await().use { v ->
            val a = v.addUri("otpauth://totp/ACME:alice?secret=$secret&issuer=ACME")
            assertEquals(totpCode(v.otpAuthUri(a.id).secret, now), v.snapshot(a.id).code!!.current.reveal())
            // The default KDF again: slow enough that a blocking call would be seen.
            otherRan = false
            val change = async { v.changePassphrase("new").also { check(otherRan) { "changePassphrase blocked the dispatcher thread" } } }
            launch { otherRan = true }
            change.await()
            a.id
        }
        val wrong = assertThrowsSuspend<OtpException.Authentication> { Accounts.openVault(p, "old", FixedClock(now)) }
        assertEquals(AuthenticationKind.WRONG_PASSPHRASE, wrong.kind)
        otherRan = false
        val opened = async { Accounts.openVault(p, "new", FixedClock(now)).also { check(otherRan) { "openVault blocked the dispatcher thread" } } }
        launch { otherRan = true }
        opened.await().use { v -> assertNotNull(v.get(id)) }
    }

    @Test
    fun `encrypted import and export suspend`() = runTest(timeout = 120.seconds) {
        val exp = JSONObject(File(fixtures, "aegis_encrypted.json.expected.json").readText())
        val data = File(fixtures, "aegis_encrypted.json").readBytes()
        val password = exp.getString("password")
        val backup = readBackup(ImportFormat.AEGIS, data, password)
        assertEquals(exp.getJSONArray("accounts").length(), backup.accounts.size)
        val required = assertThrowsSuspend<OtpException.Authentication> { readBackup(ImportFormat.AEGIS, data) }
        assertEquals(AuthenticationKind.PASSWORD_REQUIRED, required.kind)

        Accounts.createVault(File(tmp, "b.otpkit").path, "pass", FAST_KDF, FixedClock(now)).use { v ->
            val summary = v.importBackup(ImportFormat.AEGIS, data, password)
            assertEquals(backup.accounts.size, summary.added.size)
            val encrypted = v.export(ExportFormat.AEGIS, password = "pw")
            assertFalse(encrypted.contains(backup.accounts[0].secret.revealBase32()))
            val again = readBackup(ImportFormat.AEGIS, encrypted.toByteArray(), "pw")
            assertEquals(backup.accounts.map { it.secret.revealBase32() }.toSet(), again.accounts.map { it.secret.revealBase32() }.toSet())
            val wrong = assertThrowsSuspend<OtpException.Authentication> { readBackup(ImportFormat.AEGIS, encrypted.toByteArray(), "nope") }
            assertEquals(AuthenticationKind.WRONG_PASSWORD, wrong.kind)
            assertEquals(v.exportBlocking(ExportFormat.OTPAUTH), v.export(ExportFormat.OTPAUTH), "suspend == blocking")
        }
    }

    private suspend fun serverScenario(store: VerificationStore, other: VerificationStore, shared: Boolean) {
        val clock = SettableClock(T)
        val v = Verifier(store, clock)
        CodeGenerator(ServerVectors.secret, totpParams()).use { g ->
            val code = g.codeAt(T)
            val ok = v.verifyTotp("alice", g, code)
            assertTrue(ok is VerifyOutcome.Accepted, "$ok")
            assertEquals(1, clock.calls, "unixTime = null asks the time source")
            assertEquals(VerifyOutcome.Replayed, v.verifyTotp("alice", g, code, T))
            assertEquals(1, v.state("alice").failures)
            v.unlock("alice")
            assertEquals(0, v.state("alice", T).failures)
            // Many concurrent suspend checks of one code: exactly one is accepted.
            val fresh = g.codeAt(T + 30L)
            val results = coroutineScope { (1..8).map { async { v.verifyTotp("bob", g, fresh, T + 30L) } }.awaitAll() }
            assertEquals(1, results.count { it is VerifyOutcome.Accepted }, "$results")
            assertEquals(shared, Verifier(other, clock).verifyTotp("alice", g, code, T) == VerifyOutcome.Replayed)
        }
        CodeGenerator(ServerVectors.secret, hotpParams(0L)).use { h ->
            val first = Verifier(store, clock).resyncHotp("hotp", h, h.codeForCounter(50L), h.codeForCounter(51L))
            assertEquals(52L, (first as VerifyOutcome.Accepted).nextCounter)
            assertTrue(Verifier(store, clock).verifyHotp("hotp", h, h.codeForCounter(52L)) is VerifyOutcome.Accepted)
        }
        val oob = OobCodes(store, listOf(Pepper("k1", ByteArray(32) { 1 })), clock, defaultOobPolicy(), noSendLimits())
        val issued = oob.issue(LOGIN, sms("+15550000001"))
        assertTrue(issued is IssueOutcome.Issued, "$issued")
        issued as IssueOutcome.Issued
        assertEquals(IssueOutcome.RateLimited(dev.otpkit.LimitScope.COOLDOWN, 20L), oob.resend(issued.challengeId, LOGIN, sms("+15550000001"), T + 10L))
        val wrong = ((issued.code.reveal()[0] - '0' + 1) % 10).toString() + issued.code.reveal().substring(1)
        assertEquals(OobOutcome.Invalid(4), oob.verifyDetailed(issued.challengeId, LOGIN, wrong, T + 1L))
        assertEquals(OobOutcome.Accepted(issued.challengeId), oob.verify(issued.challengeId, LOGIN, issued.code.reveal(), T + 2L))
        assertEquals(OobOutcome.Invalid(null), oob.verify(issued.challengeId, LOGIN, issued.code.reveal(), T + 3L))
        assertEquals(if (shared) listOf("redis.persistence") else emptyList(), store.diagnostics().map { it.name })
    }

    @Test
    fun `verifier and out-of-band codes suspend on the memory store`() = runTest(timeout = 60.seconds) {
        val store = VerificationStore.memory()
        serverScenario(store, VerificationStore.memory(), shared = false)
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OTPKIT_REDIS_URL", matches = ".+")
    fun `verifier and out-of-band codes suspend on Redis`() = runTest(timeout = 60.seconds) {
        val options = defaultRedisStoreOptions().copy(prefix = randomPrefix())
        val store = VerificationStore.redis(redisUrl()!!, options)
        serverScenario(store, VerificationStore.redis(redisUrl()!!, options), shared = true)
        val down = assertThrowsSuspend<OtpException> { VerificationStore.redis("redis://127.0.0.1:1/", options) }
        assertTrue(down is OtpException.StoreUnavailable, "$down")
    }
}
