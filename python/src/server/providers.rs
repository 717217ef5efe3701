//! Provider accounts: `ProviderConfig` (one variant per provider) and the records some variants
//! take (`TwilioApiKey`, `VonageApplication`, `WhatsAppTemplate`, `MessageBirdVoice`,
//! `MessageBirdWhatsApp`). Credentials are `SensitiveText` objects; every `repr` here shows them
//! as `SensitiveText(<redacted>)`. Ranges and shapes are checked by the FFI/core when a
//! `MessageSender` is built.

use super::delivery::opt_str;
use super::outcomes::enum_repr;
use crate::enums::PyEnum;
use crate::handles::SensitiveText;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::sync::Arc;

const REDACTED: &str = "SensitiveText(<redacted>)";

fn cred(py: Python<'_>, c: &Py<SensitiveText>) -> Arc<ffi::SensitiveText> {
    c.bind(py).get().0.clone()
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("None".into(), ToString::to_string)
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// A Twilio API key (``SK…`` ``sid`` and its ``secret``), used instead of the auth token to send.
#[pyclass(frozen, eq, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct TwilioApiKey {
    #[pyo3(get)]
    sid: String,
    secret: Arc<ffi::SensitiveText>,
}

#[pymethods]
impl TwilioApiKey {
    #[new]
    #[pyo3(signature = (*, sid, secret))]
    fn new(sid: String, secret: &SensitiveText) -> Self {
        Self {
            sid,
            secret: secret.0.clone(),
        }
    }

    #[getter]
    fn secret(&self) -> SensitiveText {
        SensitiveText(self.secret.clone())
    }

    fn __repr__(&self) -> String {
        format!("TwilioApiKey(sid={:?}, secret={REDACTED})", self.sid)
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// A Vonage application: its ``id`` and ``private_key`` (PEM, PKCS#8 as the dashboard gives it).
#[pyclass(frozen, eq, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct VonageApplication {
    #[pyo3(get)]
    id: String,
    private_key: Arc<ffi::SensitiveText>,
}

#[pymethods]
impl VonageApplication {
    #[new]
    #[pyo3(signature = (*, id, private_key))]
    fn new(id: String, private_key: &SensitiveText) -> Self {
        Self {
            id,
            private_key: private_key.0.clone(),
        }
    }

    #[getter]
    fn private_key(&self) -> SensitiveText {
        SensitiveText(self.private_key.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "VonageApplication(id={:?}, private_key={REDACTED})",
            self.id
        )
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// An approved WhatsApp template: its ``name`` and ``language`` (``en_US``, ``pt_BR``, ``de``).
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct WhatsAppTemplate {
    name: String,
    language: String,
}

#[pymethods]
impl WhatsAppTemplate {
    #[new]
    #[pyo3(signature = (*, name, language))]
    fn new(name: String, language: String) -> Self {
        Self { name, language }
    }

    fn __repr__(&self) -> String {
        format!(
            "WhatsAppTemplate(name={:?}, language={:?})",
            self.name, self.language
        )
    }
}

impl From<&WhatsAppTemplate> for ffi::WhatsAppTemplate {
    fn from(t: &WhatsAppTemplate) -> Self {
        Self {
            name: t.name.clone(),
            language: t.language.clone(),
        }
    }
}

/// Bird/MessageBird voice (text-to-speech) options; None takes the core's default (``en-gb``,
/// ``female``, read twice, ``delay`` on an answering machine).
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct MessageBirdVoice {
    language: Option<String>,
    voice: Option<String>,
    repeat: Option<i32>,
    if_machine: Option<String>,
}

#[pymethods]
impl MessageBirdVoice {
    #[new]
    #[pyo3(signature = (*, language = None, voice = None, repeat = None, if_machine = None))]
    fn new(
        language: Option<String>,
        voice: Option<String>,
        repeat: Option<i32>,
        if_machine: Option<String>,
    ) -> Self {
        Self {
            language,
            voice,
            repeat,
            if_machine,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "MessageBirdVoice(language={}, voice={}, repeat={}, if_machine={})",
            opt_str(&self.language),
            opt_str(&self.voice),
            opt(&self.repeat),
            opt_str(&self.if_machine)
        )
    }
}

impl From<&MessageBirdVoice> for ffi::MessageBirdVoice {
    fn from(v: &MessageBirdVoice) -> Self {
        Self {
            language: v.language.clone(),
            voice: v.voice.clone(),
            repeat: v.repeat,
            if_machine: v.if_machine.clone(),
        }
    }
}

/// Bird/MessageBird WhatsApp (Conversations API): the ``channel_id``, the template
/// ``namespace``, and an approved template (``template_name``, ``language``) whose single
/// parameter is the code.
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct MessageBirdWhatsApp {
    channel_id: String,
    namespace: String,
    template_name: String,
    language: String,
}

#[pymethods]
impl MessageBirdWhatsApp {
    #[new]
    #[pyo3(signature = (*, channel_id, namespace, template_name, language))]
    fn new(channel_id: String, namespace: String, template_name: String, language: String) -> Self {
        Self {
            channel_id,
            namespace,
            template_name,
            language,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "MessageBirdWhatsApp(channel_id={:?}, namespace={:?}, template_name={:?}, language={:?})",
            self.channel_id, self.namespace, self.template_name, self.language
        )
    }
}

impl From<&MessageBirdWhatsApp> for ffi::MessageBirdWhatsApp {
    fn from(w: &MessageBirdWhatsApp) -> Self {
        Self {
            channel_id: w.channel_id.clone(),
            namespace: w.namespace.clone(),
            template_name: w.template_name.clone(),
            language: w.language.clone(),
        }
    }
}

/// One provider's account settings: a variant per provider. Credentials are
/// :class:`SensitiveText` objects (``repr`` shows ``SensitiveText(<redacted>)``). ``base_url``
/// None means the provider's real API host; set it for the loopback fakes only (plain
/// ``http://`` is refused except to loopback). None options take the core adapter's defaults
/// (docs/providers/).
#[pyclass(frozen, module = "otpkit")]
pub(crate) enum ProviderConfig {
    /// Twilio (SMS; WhatsApp as the ``whatsapp/authentication`` Content template
    /// ``whatsapp_content_sid`` when set; voice when ``voice``). ``auth_token`` signs the webhooks
    /// and is the basic-auth password unless ``api_key`` is set. Voice: ``voice_language``
    /// (default ``en-US``), ``voice_name``, ``voice_repeat`` (1..=5, default 2).
    #[pyo3(
        name = "TWILIO",
        constructor = (account_sid, auth_token, api_key = None, base_url = None, whatsapp_content_sid = None, voice = false, voice_language = None, voice_name = None, voice_repeat = None)
    )]
    Twilio {
        account_sid: String,
        auth_token: Py<SensitiveText>,
        api_key: Option<TwilioApiKey>,
        base_url: Option<String>,
        whatsapp_content_sid: Option<String>,
        voice: bool,
        voice_language: Option<String>,
        voice_name: Option<String>,
        voice_repeat: Option<i32>,
    },
    /// Vonage (SMS; WhatsApp as ``whatsapp_template`` when set; voice with an ``application``).
    /// ``signature_secret`` verifies the signed webhooks; ``jwt_auth`` sends Messages API
    /// requests with an application JWT instead of basic auth. Voice: ``voice_language``
    /// (default ``en-US``), ``voice_style`` (0), ``voice_repeat`` (1..=5, default 2);
    /// ``webhook_max_age`` (1..=3600 s, default 300) and ``jwt_ttl`` (1..=86400 s, default 300).
    #[pyo3(
        name = "VONAGE",
        constructor = (api_key, api_secret, signature_secret, application = None, jwt_auth = false, base_url = None, whatsapp_template = None, voice_language = None, voice_style = None, voice_repeat = None, webhook_max_age = None, jwt_ttl = None)
    )]
    Vonage {
        api_key: String,
        api_secret: Py<SensitiveText>,
        signature_secret: Py<SensitiveText>,
        application: Option<VonageApplication>,
        jwt_auth: bool,
        base_url: Option<String>,
        whatsapp_template: Option<WhatsAppTemplate>,
        voice_language: Option<String>,
        voice_style: Option<i32>,
        voice_repeat: Option<i32>,
        webhook_max_age: Option<i64>,
        jwt_ttl: Option<i64>,
    },
    /// Bird/MessageBird (SMS; voice and WhatsApp when their options are set). ``signing_key``
    /// verifies the webhook signatures; ``legacy_signature_max_age`` also accepts the older
    /// ``MessageBird-Signature`` within that many seconds (off when None).
    #[pyo3(
        name = "MESSAGE_BIRD",
        constructor = (access_key, signing_key, base_url = None, conversations_url = None, sms_validity = None, voice = None, whatsapp = None, legacy_signature_max_age = None)
    )]
    MessageBird {
        access_key: Py<SensitiveText>,
        signing_key: Py<SensitiveText>,
        base_url: Option<String>,
        conversations_url: Option<String>,
        sms_validity: Option<i64>,
        voice: Option<MessageBirdVoice>,
        whatsapp: Option<MessageBirdWhatsApp>,
        legacy_signature_max_age: Option<i64>,
    },
    /// SleekFlow (WhatsApp only): ``template`` is the approved template whose body parameter is
    /// the code (``copy_code_button``: it also has a copy-code button); ``webhook_token`` is the
    /// secret in the receipt URL configured at SleekFlow.
    #[pyo3(
        name = "SLEEK_FLOW",
        constructor = (api_key, webhook_token, template, base_url = None, copy_code_button = false)
    )]
    SleekFlow {
        api_key: Py<SensitiveText>,
        webhook_token: Py<SensitiveText>,
        template: WhatsAppTemplate,
        base_url: Option<String>,
        copy_code_button: bool,
    },
    /// Textlocal (SMS). ``receipt_token`` (16–128 of ``A–Z a–z 0–9 - _ . ~``) is appended to
    /// every receipt URL and required on receipts (Textlocal signs nothing).
    #[pyo3(
        name = "TEXTLOCAL",
        constructor = (api_key, receipt_token, region = PyEnum(ffi::TextlocalRegion::International), base_url = None)
    )]
    Textlocal {
        api_key: Py<SensitiveText>,
        receipt_token: Py<SensitiveText>,
        region: PyEnum<ffi::TextlocalRegion>,
        base_url: Option<String>,
    },
    /// Dexatel (SMS; WhatsApp when ``whatsapp_template`` names the approved template's UUID;
    /// voice when ``voice``). ``webhook_secret``: the delivery webhook's signing secret.
    #[pyo3(
        name = "DEXATEL",
        constructor = (api_key, webhook_secret, base_url = None, whatsapp_template = None, voice = false)
    )]
    Dexatel {
        api_key: Py<SensitiveText>,
        webhook_secret: Py<SensitiveText>,
        base_url: Option<String>,
        whatsapp_template: Option<String>,
        voice: bool,
    },
    /// LabsMobile (SMS). ``ack_token`` is appended to every ACK URL and required on ACKs.
    #[pyo3(name = "LABS_MOBILE", constructor = (username, api_token, ack_token, base_url = None))]
    LabsMobile {
        username: String,
        api_token: Py<SensitiveText>,
        ack_token: Py<SensitiveText>,
        base_url: Option<String>,
    },
}

impl ProviderConfig {
    pub(crate) fn to_ffi(&self, py: Python<'_>) -> ffi::ProviderConfig {
        match self {
            Self::Twilio {
                account_sid,
                auth_token,
                api_key,
                base_url,
                whatsapp_content_sid,
                voice,
                voice_language,
                voice_name,
                voice_repeat,
            } => ffi::ProviderConfig::Twilio {
                account_sid: account_sid.clone(),
                auth_token: cred(py, auth_token),
                api_key: api_key.as_ref().map(|k| ffi::TwilioApiKey {
                    sid: k.sid.clone(),
                    secret: k.secret.clone(),
                }),
                base_url: base_url.clone(),
                whatsapp_content_sid: whatsapp_content_sid.clone(),
                voice: *voice,
                voice_language: voice_language.clone(),
                voice_name: voice_name.clone(),
                voice_repeat: *voice_repeat,
            },
            Self::Vonage {
                api_key,
                api_secret,
                signature_secret,
                application,
                jwt_auth,
                base_url,
                whatsapp_template,
                voice_language,
                voice_style,
                voice_repeat,
                webhook_max_age,
                jwt_ttl,
            } => ffi::ProviderConfig::Vonage {
                api_key: api_key.clone(),
                api_secret: cred(py, api_secret),
                signature_secret: cred(py, signature_secret),
                application: application.as_ref().map(|a| ffi::VonageApplication {
                    id: a.id.clone(),
                    private_key: a.private_key.clone(),
                }),
                jwt_auth: *jwt_auth,
                base_url: base_url.clone(),
                whatsapp_template: whatsapp_template.as_ref().map(Into::into),
                voice_language: voice_language.clone(),
                voice_style: *voice_style,
                voice_repeat: *voice_repeat,
                webhook_max_age: *webhook_max_age,
                jwt_ttl: *jwt_ttl,
            },
            Self::MessageBird {
                access_key,
                signing_key,
                base_url,
                conversations_url,
                sms_validity,
                voice,
                whatsapp,
                legacy_signature_max_age,
            } => ffi::ProviderConfig::MessageBird {
                access_key: cred(py, access_key),
                signing_key: cred(py, signing_key),
                base_url: base_url.clone(),
                conversations_url: conversations_url.clone(),
                sms_validity: *sms_validity,
                voice: voice.as_ref().map(Into::into),
                whatsapp: whatsapp.as_ref().map(Into::into),
                legacy_signature_max_age: *legacy_signature_max_age,
            },
            Self::SleekFlow {
                api_key,
                webhook_token,
                template,
                base_url,
                copy_code_button,
            } => ffi::ProviderConfig::SleekFlow {
                api_key: cred(py, api_key),
                webhook_token: cred(py, webhook_token),
                base_url: base_url.clone(),
                template: template.into(),
                copy_code_button: *copy_code_button,
            },
            Self::Textlocal {
                api_key,
                receipt_token,
                region,
                base_url,
            } => ffi::ProviderConfig::Textlocal {
                api_key: cred(py, api_key),
                receipt_token: cred(py, receipt_token),
                region: region.0,
                base_url: base_url.clone(),
            },
            Self::Dexatel {
                api_key,
                webhook_secret,
                base_url,
                whatsapp_template,
                voice,
            } => ffi::ProviderConfig::Dexatel {
                api_key: cred(py, api_key),
                webhook_secret: cred(py, webhook_secret),
                base_url: base_url.clone(),
                whatsapp_template: whatsapp_template.clone(),
                voice: *voice,
            },
            Self::LabsMobile {
                username,
                api_token,
                ack_token,
                base_url,
            } => ffi::ProviderConfig::LabsMobile {
                username: username.clone(),
                api_token: cred(py, api_token),
                ack_token: cred(py, ack_token),
                base_url: base_url.clone(),
            },
        }
    }
}

#[pymethods]
impl ProviderConfig {
    /// The provider this configures.
    fn kind(&self) -> PyEnum<ffi::ProviderKind> {
        use ffi::ProviderKind as K;
        PyEnum(match self {
            Self::Twilio { .. } => K::Twilio,
            Self::Vonage { .. } => K::Vonage,
            Self::MessageBird { .. } => K::MessageBird,
            Self::SleekFlow { .. } => K::SleekFlow,
            Self::Textlocal { .. } => K::Textlocal,
            Self::Dexatel { .. } => K::Dexatel,
            Self::LabsMobile { .. } => K::LabsMobile,
        })
    }

    fn is_twilio(&self) -> bool {
        matches!(self, Self::Twilio { .. })
    }
    fn is_vonage(&self) -> bool {
        matches!(self, Self::Vonage { .. })
    }
    fn is_message_bird(&self) -> bool {
        matches!(self, Self::MessageBird { .. })
    }
    fn is_sleek_flow(&self) -> bool {
        matches!(self, Self::SleekFlow { .. })
    }
    fn is_textlocal(&self) -> bool {
        matches!(self, Self::Textlocal { .. })
    }
    fn is_dexatel(&self) -> bool {
        matches!(self, Self::Dexatel { .. })
    }
    fn is_labs_mobile(&self) -> bool {
        matches!(self, Self::LabsMobile { .. })
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Twilio {
                account_sid,
                api_key,
                base_url,
                whatsapp_content_sid,
                voice,
                voice_language,
                voice_name,
                voice_repeat,
                ..
            } => format!(
                "ProviderConfig.TWILIO(account_sid={account_sid:?}, auth_token={REDACTED}, api_key={}, base_url={}, whatsapp_content_sid={}, voice={}, voice_language={}, voice_name={}, voice_repeat={})",
                api_key.as_ref().map_or("None".into(), TwilioApiKey::__repr__),
                opt_str(base_url),
                opt_str(whatsapp_content_sid),
                py_bool(*voice),
                opt_str(voice_language),
                opt_str(voice_name),
                opt(voice_repeat)
            ),
            Self::Vonage {
                api_key,
                application,
                jwt_auth,
                base_url,
                whatsapp_template,
                voice_language,
                voice_style,
                voice_repeat,
                webhook_max_age,
                jwt_ttl,
                ..
            } => format!(
                "ProviderConfig.VONAGE(api_key={api_key:?}, api_secret={REDACTED}, signature_secret={REDACTED}, application={}, jwt_auth={}, base_url={}, whatsapp_template={}, voice_language={}, voice_style={}, voice_repeat={}, webhook_max_age={}, jwt_ttl={})",
                application.as_ref().map_or("None".into(), VonageApplication::__repr__),
                py_bool(*jwt_auth),
                opt_str(base_url),
                whatsapp_template.as_ref().map_or("None".into(), WhatsAppTemplate::__repr__),
                opt_str(voice_language),
                opt(voice_style),
                opt(voice_repeat),
                opt(webhook_max_age),
                opt(jwt_ttl)
            ),
            Self::MessageBird {
                base_url,
                conversations_url,
                sms_validity,
                voice,
                whatsapp,
                legacy_signature_max_age,
                ..
            } => format!(
                "ProviderConfig.MESSAGE_BIRD(access_key={REDACTED}, signing_key={REDACTED}, base_url={}, conversations_url={}, sms_validity={}, voice={}, whatsapp={}, legacy_signature_max_age={})",
                opt_str(base_url),
                opt_str(conversations_url),
                opt(sms_validity),
                voice.as_ref().map_or("None".into(), MessageBirdVoice::__repr__),
                whatsapp.as_ref().map_or("None".into(), MessageBirdWhatsApp::__repr__),
                opt(legacy_signature_max_age)
            ),
            Self::SleekFlow {
                template,
                base_url,
                copy_code_button,
                ..
            } => format!(
                "ProviderConfig.SLEEK_FLOW(api_key={REDACTED}, webhook_token={REDACTED}, template={}, base_url={}, copy_code_button={})",
                template.__repr__(),
                opt_str(base_url),
                py_bool(*copy_code_button)
            ),
            Self::Textlocal {
                region, base_url, ..
            } => format!(
                "ProviderConfig.TEXTLOCAL(api_key={REDACTED}, receipt_token={REDACTED}, region={}, base_url={})",
                enum_repr(*region),
                opt_str(base_url)
            ),
            Self::Dexatel {
                base_url,
                whatsapp_template,
                voice,
                ..
            } => format!(
                "ProviderConfig.DEXATEL(api_key={REDACTED}, webhook_secret={REDACTED}, base_url={}, whatsapp_template={}, voice={})",
                opt_str(base_url),
                opt_str(whatsapp_template),
                py_bool(*voice)
            ),
            Self::LabsMobile {
                username, base_url, ..
            } => format!(
                "ProviderConfig.LABS_MOBILE(username={username:?}, api_token={REDACTED}, ack_token={REDACTED}, base_url={})",
                opt_str(base_url)
            ),
        }
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProviderConfig>()?;
    m.add_class::<TwilioApiKey>()?;
    m.add_class::<VonageApplication>()?;
    m.add_class::<WhatsAppTemplate>()?;
    m.add_class::<MessageBirdVoice>()?;
    m.add_class::<MessageBirdWhatsApp>()?;
    Ok(())
}
