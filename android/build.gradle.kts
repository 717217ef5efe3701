// Root build: only declares plugin versions; the library module is :otpkit.
plugins {
    id("com.android.library") version "8.7.3" apply false
    id("org.jetbrains.kotlin.android") version "2.1.21" apply false
}
