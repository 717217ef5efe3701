//! Google Authenticator `otpauth-migration://offline?data=` import and export.
//! (Skeleton: being written.)
