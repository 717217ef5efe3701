package dev.otpkit.robotests

import android.content.Context
import android.os.Bundle
import android.os.Parcel
import android.os.Parcelable
import dev.otpkit.TimeSource
import dev.otpkit.android.SmsRetrieverApi
import dev.otpkit.android.SmsRetrieverContract

/**
 * Stands in for `com.google.android.gms.common.api.Status` in the broadcasts (Play services is
 * not on this classpath): a parcelable carrying the status code, written and read through a real
 * [Parcel] like the original.
 */
class FakeStatus(val statusCode: Int) : Parcelable {
    override fun describeContents() = 0
    override fun writeToParcel(dest: Parcel, flags: Int) = dest.writeInt(statusCode)

    companion object {
        @JvmField
        val CREATOR = object : Parcelable.Creator<FakeStatus> {
            override fun createFromParcel(source: Parcel) = FakeStatus(source.readInt())
            override fun newArray(size: Int) = arrayOfNulls<FakeStatus>(size)
        }
    }
}

/** A parcelable whose unparcelling fails, as a damaged or hostile parcel does. */
class HostileParcelable : Parcelable {
    override fun describeContents() = 0
    override fun writeToParcel(dest: Parcel, flags: Int) = dest.writeInt(42)

    companion object {
        @JvmField
        val CREATOR = object : Parcelable.Creator<HostileParcelable> {
            override fun createFromParcel(source: Parcel): HostileParcelable = throw IllegalStateException("hostile")
            override fun newArray(size: Int) = arrayOfNulls<HostileParcelable>(size)
        }
    }
}

/** The test's [SmsRetrieverApi]: reads [FakeStatus], records the start calls. */
class FakeRetriever : SmsRetrieverApi {
    val started = mutableListOf<String>()
    var startFailure: Exception? = null

    override fun statusCode(extras: Bundle): Int? {
        @Suppress("DEPRECATION")
        return (extras.getParcelable<Parcelable>(SmsRetrieverContract.EXTRA_STATUS) as? FakeStatus)?.statusCode
    }

    override fun startRetriever(context: Context, onResult: (Exception?) -> Unit) {
        started += "retriever"
        onResult(startFailure)
    }

    override fun startUserConsent(context: Context, senderPhoneNumber: String?, onResult: (Exception?) -> Unit) {
        started += "consent:$senderPhoneNumber"
        onResult(startFailure)
    }
}

class FixedTime(private val unix: Long) : TimeSource {
    override fun nowUnix(): Long = unix
}
