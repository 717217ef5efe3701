// The otpkit Android library: the uniffi-generated Kotlin binding (package dev.otpkit) plus the
// Rust library libotpkit_ffi.so for every Android ABI, loaded at run time through JNA.
//
// Inputs produced by ../build-aar.sh (not committed):
//   - src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64,x86}/libotpkit_ffi.so   (cargo ndk -o ...)
//   - <cargo target dir>/bindings/kotlin/dev/otpkit/otpkit_ffi.kt              (uniffi-bindgen)
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

// The generated binding, by default the workspace's target/bindings/kotlin. Override with
// -Potpkit.bindingsDir=/abs/path (build-aar.sh does when CARGO_TARGET_DIR is set).
val bindingsDir: File = file(
    providers.gradleProperty("otpkit.bindingsDir").getOrElse("../../target/bindings/kotlin")
)

// The ABIs to package, by default all four; build-aar.sh passes -Potpkit.abis=... when OTPKIT_ABIS
// restricts them.
val otpkitAbis: List<String> = providers.gradleProperty("otpkit.abis")
    .getOrElse("arm64-v8a,armeabi-v7a,x86_64,x86")
    .split(',').map { it.trim() }.filter { it.isNotEmpty() }

android {
    namespace = "dev.otpkit"
    compileSdk = 35

    defaultConfig {
        minSdk = 23
        // R8 keep rules for JNA and the generated binding, applied to every app that shrinks.
        consumerProguardFiles("consumer-rules.pro")
        ndk {
            abiFilters += otpkitAbis
        }
    }

    buildTypes {
        release {
            // A library is not minified itself; apps minify it with consumer-rules.pro.
            isMinifyEnabled = false
        }
    }

    sourceSets {
        getByName("main") {
            kotlin.srcDir(bindingsDir)
            // src/main/kotlin (dev.otpkit.android: OtpSmsReceiver, SmsCodeHandler,
            // KeystoreSecretStore, KeySource, SmsRetrieverApi) is a default Kotlin source
            // directory; it is also compiled and tested by ../robolectric-tests (Maven, no SDK).
            // src/play/kotlin holds the only code that needs Play services
            // (PlayServicesSmsRetriever): compiled by this build only.
            kotlin.srcDir("src/play/kotlin")
            // jniLibs.srcDirs defaults to src/main/jniLibs, where cargo ndk writes.
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // The generated code calls the Rust library through JNA (direct mapping) and its public API
    // mentions com.sun.jna.Pointer, so JNA is an `api` dependency. The AAR (not the jar) carries
    // libjnidispatch.so for every Android ABI.
    api("net.java.dev.jna:jna:5.19.1@aar")
    // SMS Retriever / SMS User Consent (src/play/kotlin: PlayServicesSmsRetriever): SmsRetriever,
    // Status, Task. From Google's Maven repository (google() in settings.gradle.kts). `api`:
    // PlayServicesSmsRetriever.startRetrieverTask returns com.google.android.gms.tasks.Task.
    api("com.google.android.gms:play-services-auth-api-phone:18.1.0")
    // The slow calls (vault open/create, encrypted import/export, Redis) are uniffi async exports:
    // `suspend fun`s whose generated glue uses suspendCancellableCoroutine. `api`: apps call them.
    api("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.11.0")
}

// Fail early with a useful message instead of "unresolved reference" when the inputs are missing.
val checkOtpkitInputs by tasks.registering {
    val generated = bindingsDir.resolve("dev/otpkit/otpkit_ffi.kt")
    val jniLibs = file("src/main/jniLibs")
    val abis = otpkitAbis
    doLast {
        if (!generated.isFile) {
            throw GradleException("missing $generated: run android/build-aar.sh (or scripts/lib.sh build_ffi)")
        }
        val missing = abis.filterNot { jniLibs.resolve("$it/libotpkit_ffi.so").isFile }
        if (missing.isNotEmpty()) {
            throw GradleException("missing libotpkit_ffi.so for $missing in $jniLibs: run android/build-aar.sh")
        }
    }
}
tasks.named("preBuild") { dependsOn(checkOtpkitInputs) }
