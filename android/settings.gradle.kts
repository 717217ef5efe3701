// Gradle build of the otpkit Android library (AAR). Run android/build-aar.sh rather than Gradle
// directly: it cross-compiles the Rust library into otpkit/src/main/jniLibs and generates the
// Kotlin binding into ../target/bindings/kotlin first. See android/README.md.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "otpkit-android"
include(":otpkit")
