package dev.otpkit.jvmtests

import dev.otpkit.Accounts
import dev.otpkit.CodeGenerator
import dev.otpkit.Delivery
import dev.otpkit.DeliveryChannel
import dev.otpkit.IssueOutcome
import dev.otpkit.OobBinding
import dev.otpkit.OobCodes
import dev.otpkit.OtpException
import dev.otpkit.Pepper
import dev.otpkit.SmsBodyOptions
import dev.otpkit.TimeSource
import dev.otpkit.VerificationStore
import dev.otpkit.Verifier
import dev.otpkit.extractCode
import dev.otpkit.formatSms
import dev.otpkit.parseUri

/** A clock the example can move; an app passes `systemTimeSource()` instead. */
class ExampleClock(@Volatile var now: Long) : TimeSource {
    override fun nowUnix(): Long = now
}

/**
 * The docs/kotlin.md walk-through. The page includes this file verbatim and DocExampleTest runs it,
 * so the documented code always compiles and works.
 */
suspend fun otpkitTour(vaultPath: String, clock: ExampleClock, print: (String) -> Unit) {
    // 1. An authenticator app: the user scans a QR code; keep the account in an encrypted vault.
    //    createVault/openVault derive the key with Argon2id: suspend functions, off the main thread.
    val qr = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
    val scanned = parseUri(qr)                      // OtpAuthUri; its secret is a Secret object
    print("scanned: $scanned")                      // the secret prints as Secret(<redacted>, 10 bytes)
    Accounts.createVault(vaultPath, "correct horse battery staple", time = clock).use { vault ->
        val account = vault.add(scanned, groups = listOf("Work"))

        // 2. Show the code with a countdown (an app redraws once a second).
        repeat(3) {
            val snap = vault.snapshot(account.id).code!!   // null for HOTP: vault.code(id) advances it
            print("${account.issuer} ${account.label}: ${snap.current.reveal()} (${snap.remaining} s, next ${snap.next.reveal()})")
            clock.now += 1                          // an app: delay(1_000)
        }
    }

    // 3. A verification SMS arrives (SMS Retriever / User Consent: see dev.otpkit.android.OtpSmsReceiver).
    val sms = "Your ACME code is 482913. Don't share it.\n\n@acme.example #482913"
    val found = extractCode(sms)
    if (found != null) {
        val shown = sms.substring(found.utf16.start, found.utf16.end)   // UTF-16 span = Kotlin String indices
        print("SMS code ${found.code.reveal()} (\"$shown\") from ${found.origin}, ${found.evidence}")
    }

    // 4. The server side: verify a TOTP code once (replays refused), and send an out-of-band code.
    val store = VerificationStore.memory()          // production: VerificationStore.redis(url)
    val verifier = Verifier(store, clock)
    CodeGenerator.fromUri(qr).use { generator ->
        val typed = generator.codeAt(clock.now)     // what the user types from the app
        print("first try: ${verifier.verifyTotp("alice", generator, typed)::class.simpleName}")
        print("replay: ${verifier.verifyTotp("alice", generator, typed)::class.simpleName}")
    }
    val oob = OobCodes(store, listOf(Pepper.generate("2026-01")), clock)
    val login = OobBinding(purpose = "login", subject = "alice")
    when (val issued = oob.issue(login, Delivery(DeliveryChannel.SMS, "+15550100123"))) {
        is IssueOutcome.Issued -> {
            val message = formatSms(issued.code.reveal(), SmsBodyOptions(service = "ACME", originHost = "acme.example"))
            // Hand message.body.reveal() to the SMS provider; never log it. The user types the code back:
            val typedBack = extractCode(message.body.reveal())!!.code.reveal()
            print("oob: ${oob.verify(issued.challengeId, login, typedBack)}")
        }
        is IssueOutcome.RateLimited -> print("try again in ${issued.retryAfter} s")
        IssueOutcome.UnknownChallenge -> print("unknown challenge")
    }

    // Errors are one sealed hierarchy with typed fields.
    try {
        parseUri("otpauth://totp/ACME:bob?secret=NOT-BASE32!")
    } catch (e: OtpException.InvalidInput) {
        print("refused: ${e.kind} ${e.field ?: ""} at ${e.position}")
    }
    print("failures so far: ${verifier.state("alice").failures}")   // the replay counted
}
