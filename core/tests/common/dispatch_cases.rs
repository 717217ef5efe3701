// The scenarios of `dispatch_suite!` (included into `dispatch_scenarios.rs`).

fn sent_step(p: &Progress) -> Option<(u32, Channel, u32)> {
    match p {
        Progress::Sent {
            step, channel, seq, ..
        } => Some((*step, *channel, *seq)),
        _ => None,
    }
}

fn rejected(kind: ProviderKind) -> SendError {
    SendError::Rejected {
        provider: kind,
        status: 400,
        code: Some("21211".into()),
        detail: "invalid To".into(),
    }
}

pub fn delivered_first_try(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let started = d
        .start(&LOGIN, &phone(), Some("192.0.2.7"), Some("GB"), T)
        .unwrap();
    let id = started.challenge_id.clone();
    assert_eq!(started.expires_at, T + 300);
    assert_eq!(
        started.progress,
        Progress::Sent {
            step: 0,
            channel: Channel::Sms,
            seq: 0,
            expires_at: T + 300,
            wait_until: T + 60
        }
    );
    let sms = s.sms.last();
    assert_eq!(sms.to, "+447700900123");
    assert_eq!(sms.text, format!("{} is your Acme code", sms.code));
    assert_eq!(sms.reference, format!("{id}.0"));
    let hook = s.sms.webhook(sms.message_id.as_deref().unwrap(), "delivered");
    let got = d
        .receipt(ProviderKind::Textlocal, &hook.as_request(), T + 3)
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].challenge_id.as_str(), got[0].seq, got[0].step),
        (id.as_str(), 0, 0)
    );
    assert_eq!(
        (got[0].status, got[0].changed),
        (DeliveryStatus::Delivered, true)
    );
    let delivered = Progress::Delivered {
        step: 0,
        channel: Channel::Sms,
    };
    assert_eq!(advance(&d, &id, T + 4).unwrap(), delivered);
    // Past the wait it stays delivered: no fallback.
    assert_eq!(advance(&d, &id, T + 100).unwrap(), delivered);
    assert!(s.whatsapp.sent().is_empty() && s.voice.sent().is_empty());
    let st = d.status(&id, T + 5).unwrap();
    assert!(st.delivered);
    assert_eq!(st.sends.len(), 1);
    assert_eq!(st.sends[0].provider, "textlocal");
    assert_eq!(st.sends[0].message_id, sms.message_id);
    assert_eq!(st.sends[0].updated_at, T + 3);
    assert!(verifies(&d, &id, &sms.code, T + 6));
}

pub fn sms_failed_receipt_then_whatsapp(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    let sms = s.sms.last();
    report(&d, &s.sms, &sms.message_id, "failed", T + 5);
    // The resend cooldown (30 s from the first send) still runs: wait for it, send nothing.
    assert_eq!(
        advance(&d, &id, T + 5).unwrap(),
        Progress::Waiting {
            step: 0,
            until: T + 30
        }
    );
    assert!(s.whatsapp.sent().is_empty());
    let p = advance(&d, &id, T + 30).unwrap();
    assert_eq!(sent_step(&p), Some((1, Channel::WhatsApp, 1)));
    let wa = s.whatsapp.last();
    assert_eq!(wa.text, format!("Your Acme code: {}", wa.code));
    assert_eq!(wa.reference, format!("{id}.1"));
    report(&d, &s.whatsapp, &wa.message_id, "delivered", T + 35);
    assert_eq!(
        advance(&d, &id, T + 36).unwrap(),
        Progress::Delivered {
            step: 1,
            channel: Channel::WhatsApp
        }
    );
    let st = d.status(&id, T + 37).unwrap();
    assert!(st.delivered);
    let statuses: Vec<_> = st.sends.iter().map(|x| x.status).collect();
    assert_eq!(
        statuses,
        vec![DeliveryStatus::Failed, DeliveryStatus::Delivered]
    );
    assert_eq!(st.sends[0].error_code.as_deref(), Some("30003"));
    if sms.code != wa.code {
        assert!(!verifies(&d, &id, &sms.code, T + 38));
    }
    assert!(verifies(&d, &id, &wa.code, T + 38));
    assert!(s.voice.sent().is_empty());
}

pub fn no_receipt_then_voice(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    assert_eq!(
        advance(&d, &id, T + 59).unwrap(),
        Progress::Waiting {
            step: 0,
            until: T + 60
        }
    );
    assert_eq!(
        sent_step(&advance(&d, &id, T + 60).unwrap()),
        Some((1, Channel::WhatsApp, 1))
    );
    // A `sent` (not delivered) receipt does not stop the fallback.
    report(&d, &s.whatsapp, &s.whatsapp.last().message_id, "sent", T + 70);
    assert_eq!(
        advance(&d, &id, T + 119).unwrap(),
        Progress::Waiting {
            step: 1,
            until: T + 120
        }
    );
    let p = advance(&d, &id, T + 120).unwrap();
    assert_eq!(sent_step(&p), Some((2, Channel::Voice, 2)));
    let voice = s.voice.last();
    let spoken: Vec<String> = voice.code.chars().map(String::from).collect();
    assert_eq!(
        voice.text,
        format!("Your Acme code is {}.", spoken.join(", "))
    );
    assert_eq!(advance(&d, &id, T + 180).unwrap(), Progress::Exhausted);
    assert_eq!(s.voice.sent().len(), 1);
    // Exhausted: nothing more is tried, but the live code still works.
    assert!(verifies(&d, &id, &voice.code, T + 181));
}

pub fn definitive_send_failure_moves_on_at_once(store: DynStore) {
    let s = Senders::new(0);
    // Two sends per destination and hour: a fall-through inside one call counts once.
    let limits = SendLimits {
        per_destination: vec![Limit::new(2, 3_600)],
        ..SendLimits::none()
    };
    let d = dispatcher(&store, &s, limits);
    for (i, failure) in [
        rejected(ProviderKind::Textlocal),
        unavailable(ProviderKind::Textlocal, false),
    ]
    .into_iter()
    .enumerate()
    {
        s.sms.script([Err(failure)]);
        let started = d
            .start(&LOGIN, &phone(), None, Some("GB"), T + i as u64)
            .unwrap();
        assert_eq!(
            sent_step(&started.progress),
            Some((1, Channel::WhatsApp, 1))
        );
        let (sms, wa) = (s.sms.last(), s.whatsapp.last());
        // The refused code never left: the same one goes via WhatsApp.
        assert_eq!(sms.code, wa.code);
        assert_eq!(sms.message_id, None);
        let st = d.status(&started.challenge_id, T + 2).unwrap();
        assert_eq!(st.sends.len(), 2);
        assert_eq!(st.sends[0].status, DeliveryStatus::Failed);
        let want = if i == 0 { "21211" } else { "unavailable" };
        assert_eq!(st.sends[0].error_code.as_deref(), Some(want));
        assert_eq!(st.sends[1].status, DeliveryStatus::Accepted);
        assert!(verifies(&d, &started.challenge_id, &wa.code, T + 2));
    }
    assert!(matches!(
        d.start(&LOGIN, &phone(), None, Some("GB"), T + 3),
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::Destination,
            ..
        }))
    ));
}

pub fn maybe_sent_failure_waits(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let protocol = SendError::Protocol {
        provider: ProviderKind::Textlocal,
        detail: "HTML answer".into(),
    };
    for (i, failure) in [unavailable(ProviderKind::Textlocal, true), protocol]
        .into_iter()
        .enumerate()
    {
        let t0 = T + 1_000 * i as u64;
        s.sms.script([Err(failure)]);
        let started = d.start(&LOGIN, &phone(), None, Some("GB"), t0).unwrap();
        let id = started.challenge_id;
        // It may have gone out: never repeated at once.
        assert_eq!(sent_step(&started.progress), Some((0, Channel::Sms, 0)));
        let before = s.whatsapp.sent().len();
        let st = d.status(&id, t0 + 1).unwrap();
        assert_eq!(st.sends.len(), 1);
        assert_eq!(st.sends[0].message_id, None);
        assert_eq!(st.sends[0].status, DeliveryStatus::Accepted);
        assert_eq!(
            advance(&d, &id, t0 + 10).unwrap(),
            Progress::Waiting {
                step: 0,
                until: t0 + 60
            }
        );
        assert_eq!(s.whatsapp.sent().len(), before);
        let p = advance(&d, &id, t0 + 60).unwrap();
        assert_eq!(sent_step(&p), Some((1, Channel::WhatsApp, 1)));
        assert!(verifies(&d, &id, &s.whatsapp.last().code, t0 + 61));
    }
}

pub fn every_step_failing_is_an_error(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    s.sms.script([Err(rejected(ProviderKind::Textlocal))]);
    s.whatsapp
        .script([Err(unavailable(ProviderKind::SleekFlow, false))]);
    s.voice.script([Err(rejected(ProviderKind::Twilio))]);
    let got = d.start(&LOGIN, &phone(), None, Some("GB"), T);
    assert!(
        matches!(
            &got,
            Err(DispatchError::Send(SendError::Rejected {
                provider: ProviderKind::Twilio,
                ..
            }))
        ),
        "{got:?}"
    );
    assert_eq!(
        (
            s.sms.sent().len(),
            s.whatsapp.sent().len(),
            s.voice.sent().len()
        ),
        (1, 1, 1)
    );
    // The error names no code, number or text.
    let text = format!("{:?} {}", got, got.as_ref().unwrap_err());
    let code = s.voice.last().code;
    assert!(!text.contains(&code) && !text.contains("7700900"), "{text}");
}

pub fn forged_receipt_refused(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    let mid = s.sms.last().message_id.unwrap();
    let good = s.sms.webhook(&mid, "failed");
    // Tampered body with the original signature.
    let mut tampered = good.clone();
    tampered.body = String::from_utf8(good.body.clone())
        .unwrap()
        .replace("failed", "delivered")
        .into_bytes();
    // Signed with another provider's key.
    let mut wrong_key = s.voice.webhook(&mid, "delivered");
    wrong_key.url = good.url.clone();
    let mut unsigned = good.clone();
    unsigned.headers.clear();
    for forged in [&tampered, &wrong_key, &unsigned] {
        assert!(matches!(
            d.receipt(ProviderKind::Textlocal, &forged.as_request(), T + 1),
            Err(WebhookError::Unauthenticated(_))
        ));
    }
    // A provider no step uses has no sender to verify with.
    assert!(matches!(
        d.receipt(ProviderKind::Vonage, &good.as_request(), T + 1),
        Err(WebhookError::Unauthenticated(_))
    ));
    // Nothing was recorded: still accepted, and the fallback still waits.
    let st = d.status(&id, T + 2).unwrap();
    assert_eq!(st.sends[0].status, DeliveryStatus::Accepted);
    assert_eq!(st.sends[0].updated_at, T);
    assert_eq!(
        advance(&d, &id, T + 2).unwrap(),
        Progress::Waiting {
            step: 0,
            until: T + 60
        }
    );
    // The genuine one is accepted.
    let got = d
        .receipt(ProviderKind::Textlocal, &good.as_request(), T + 3)
        .unwrap();
    assert_eq!(got[0].status, DeliveryStatus::Failed);
}

pub fn unknown_message_refused(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let _id = start(&d, T);
    let hook = s.sms.webhook("textlocal-999999", "delivered");
    assert_eq!(
        d.receipt(ProviderKind::Textlocal, &hook.as_request(), T + 1),
        Err(WebhookError::UnknownMessage)
    );
    // The WhatsApp sender's id of the SMS message is another provider's message: unknown.
    let mid = s.sms.last().message_id.unwrap();
    let other = s.whatsapp.webhook(&mid, "delivered");
    assert_eq!(
        d.receipt(ProviderKind::SleekFlow, &other.as_request(), T + 1),
        Err(WebhookError::UnknownMessage)
    );
}

/// 8 threads advance at once, at successive seconds (so the 1 s cooldown lets each through
/// and only the per-send claim stands between them), with slow sends: one sends.
pub fn concurrent_advances_send_once(store: DynStore) {
    let s = Senders::new(30);
    let oob = OobPolicy {
        resend_cooldown: 1,
        max_sends: 10,
        ..OobPolicy::default()
    };
    let d = Arc::new(dispatcher_with(&store, &s, SendLimits::none(), oob));
    let id = start(&d, T);
    let barrier = Arc::new(std::sync::Barrier::new(8));
    let results: Vec<Progress> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8u64)
            .map(|i| {
                let (d, id, barrier) = (d.clone(), id.clone(), barrier.clone());
                scope.spawn(move || {
                    barrier.wait();
                    advance(&d, &id, T + 60 + i).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sent = results.iter().filter(|p| sent_step(p).is_some()).count();
    assert_eq!(sent, 1, "{results:?}");
    assert!(results
        .iter()
        .all(|p| sent_step(p).is_some() || matches!(p, Progress::Waiting { .. })));
    assert_eq!(s.whatsapp.sent().len(), 1);
    assert!(s.voice.sent().is_empty());
    assert_eq!(d.status(&id, T + 70).unwrap().sends.len(), 2);
    assert!(verifies(&d, &id, &s.whatsapp.last().code, T + 70));
}

/// A send in flight (claimed, code replaced, provider not yet answered) makes a later
/// advance — past the cooldown — wait instead of sending again. Deterministic: the first
/// advance is held inside the WhatsApp sender.
pub fn in_flight_send_holds_claim(store: DynStore) {
    let s = Senders::new(0);
    let oob = OobPolicy {
        resend_cooldown: 1,
        max_sends: 10,
        ..OobPolicy::default()
    };
    let d = Arc::new(dispatcher_with(&store, &s, SendLimits::none(), oob));
    let id = start(&d, T);
    let (entered, release) = s.whatsapp.hold();
    std::thread::scope(|scope| {
        let first = scope.spawn(|| advance(&d, &id, T + 60).unwrap());
        entered
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("first advance reached the sender");
        // Two seconds later (cooldown over), the log still shows only the SMS.
        assert_eq!(
            advance(&d, &id, T + 62).unwrap(),
            Progress::Waiting {
                step: 0,
                until: T + 63
            }
        );
        assert_eq!(
            resend(&d, &id, T + 63).unwrap(),
            Progress::Waiting {
                step: 0,
                until: T + 64
            }
        );
        release.send(()).unwrap();
        let p = first.join().unwrap();
        assert_eq!(sent_step(&p), Some((1, Channel::WhatsApp, 1)));
    });
    assert_eq!(s.whatsapp.sent().len(), 1);
    assert!(verifies(&d, &id, &s.whatsapp.last().code, T + 64));
}

/// 8 users' "resend" clicks at the same second: one send.
pub fn concurrent_resends_send_once(store: DynStore) {
    let s = Senders::new(30);
    let d = Arc::new(dispatcher(&store, &s, SendLimits::none()));
    let id = start(&d, T);
    let barrier = Arc::new(std::sync::Barrier::new(8));
    let results: Vec<Result<Progress, DispatchError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (d, id, barrier) = (d.clone(), id.clone(), barrier.clone());
                scope.spawn(move || {
                    barrier.wait();
                    resend(&d, &id, T + 40)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sent = results
        .iter()
        .filter(|r| matches!(r, Ok(p) if sent_step(p).is_some()))
        .count();
    assert_eq!(sent, 1, "{results:?}");
    assert_eq!(s.sms.sent().len(), 2, "the first send and one resend");
    assert!(s.whatsapp.sent().is_empty());
    assert!(verifies(&d, &id, &s.sms.last().code, T + 41));
}

pub fn send_limits_hold_across_channels(store: DynStore) {
    let s = Senders::new(0);
    let limits = SendLimits {
        per_destination: vec![Limit::new(2, 3_600)],
        ..SendLimits::none()
    };
    let d = dispatcher(&store, &s, limits);
    let id = start(&d, T);
    report(&d, &s.sms, &s.sms.last().message_id, "failed", T + 1);
    assert_eq!(
        sent_step(&advance(&d, &id, T + 30).unwrap()),
        Some((1, Channel::WhatsApp, 1))
    );
    report(
        &d,
        &s.whatsapp,
        &s.whatsapp.last().message_id,
        "failed",
        T + 31,
    );
    // The third send to this number, on a third channel, is refused.
    assert!(matches!(
        advance(&d, &id, T + 60),
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::Destination,
            ..
        }))
    ));
    assert!(s.voice.sent().is_empty());
    // And so is a new challenge to the same number.
    assert!(matches!(
        d.start(&LOGIN, &phone(), None, None, T + 61),
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::Destination,
            ..
        }))
    ));
    assert_eq!(s.sms.sent().len(), 1);
}

pub fn cooldown_holds_across_channels(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    report(&d, &s.sms, &s.sms.last().message_id, "failed", T + 1);
    assert_eq!(
        advance(&d, &id, T + 1).unwrap(),
        Progress::Waiting {
            step: 0,
            until: T + 30
        }
    );
    // A user's resend within the cooldown is refused with the time left.
    assert_eq!(
        resend(&d, &id, T + 10),
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::Cooldown,
            retry_after: 20
        }))
    );
    assert!(s.whatsapp.sent().is_empty());
    assert_eq!(
        sent_step(&advance(&d, &id, T + 30).unwrap()),
        Some((1, Channel::WhatsApp, 1))
    );
    // The WhatsApp send started a new cooldown, for voice too.
    report(
        &d,
        &s.whatsapp,
        &s.whatsapp.last().message_id,
        "failed",
        T + 31,
    );
    assert_eq!(
        advance(&d, &id, T + 31).unwrap(),
        Progress::Waiting {
            step: 1,
            until: T + 60
        }
    );
    assert!(s.voice.sent().is_empty());
}

pub fn old_code_fails_after_advance(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    let old = s.sms.last().code;
    let p = advance(&d, &id, T + 60).unwrap();
    assert!(matches!(p, Progress::Sent { expires_at, .. } if expires_at == T + 360));
    let new = s.whatsapp.last().code;
    if old != new {
        assert!(!verifies(&d, &id, &old, T + 61));
    }
    assert!(verifies(&d, &id, &new, T + 62));
    // Single use.
    assert!(!verifies(&d, &id, &new, T + 63));
    // A used challenge is not advanced any further: nothing sent.
    assert_eq!(
        advance(&d, &id, T + 120),
        Err(DispatchError::Issue(IssueError::UnknownChallenge))
    );
    assert!(s.voice.sent().is_empty());
}

pub fn out_of_order_and_duplicate_receipts(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    let mid = s.sms.last().message_id.unwrap();
    let send = |status: &str, now| {
        let hook = s.sms.webhook(&mid, status);
        let got = d
            .receipt(ProviderKind::Textlocal, &hook.as_request(), now)
            .unwrap();
        (got[0].status, got[0].changed)
    };
    use DeliveryStatus::*;
    assert_eq!(send("delivered", T + 5), (Delivered, true));
    assert_eq!(send("sent", T + 6), (Delivered, false));
    assert_eq!(send("delivered", T + 7), (Delivered, false));
    assert_eq!(send("failed", T + 8), (Delivered, false));
    let st = d.status(&id, T + 9).unwrap();
    assert_eq!((st.sends[0].status, st.sends[0].updated_at), (Delivered, T + 5));
    assert_eq!(st.sends[0].error_code, None);
    assert!(matches!(advance(&d, &id, T + 90), Ok(Progress::Delivered { .. })));

    // A late receipt for an older send (its code is dead) does not make the challenge
    // delivered.
    let id = start(&d, T + 1_000);
    let old = s.sms.last().message_id;
    advance(&d, &id, T + 1_060).unwrap();
    report(&d, &s.sms, &old, "delivered", T + 1_070);
    let st = d.status(&id, T + 1_071).unwrap();
    assert_eq!(st.sends[0].status, Delivered);
    assert!(!st.delivered);
    assert_eq!(
        advance(&d, &id, T + 1_071).unwrap(),
        Progress::Waiting {
            step: 1,
            until: T + 1_120
        }
    );
}

pub fn requested_resend_rules(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    // Not failed, within the wait: the same channel again (after the cooldown).
    assert_eq!(
        sent_step(&resend(&d, &id, T + 30).unwrap()),
        Some((0, Channel::Sms, 1))
    );
    assert_eq!(s.sms.sent().len(), 2);
    // Failed: the next channel.
    report(&d, &s.sms, &s.sms.last().message_id, "failed", T + 40);
    assert_eq!(
        sent_step(&resend(&d, &id, T + 60).unwrap()),
        Some((1, Channel::WhatsApp, 2))
    );
    // Three sends is the per-challenge maximum.
    assert!(matches!(
        resend(&d, &id, T + 200),
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::ChallengeSends,
            ..
        }))
    ));
    // Unknown challenges and purposes without a policy are refused.
    assert_eq!(
        resend(&d, "0123456789abcdef0123456789abcdef", T + 200),
        Err(DispatchError::Issue(IssueError::UnknownChallenge))
    );
    let other = Binding::new("payment", "alice");
    assert_eq!(
        d.start(&other, &phone(), None, None, T).map(|_| ()),
        Err(DispatchError::NoPolicy)
    );
}

/// A webhook with several reports: the known ones are recorded, unknown ones skipped; a
/// webhook with only unknown ones is `UnknownMessage`; a verified one with none is empty.
pub fn batch_receipts(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let a = start(&d, T);
    let b = d
        .start(&LOGIN, &PhoneNumber::parse("+447700900456").unwrap(), None, None, T)
        .unwrap()
        .challenge_id;
    let sent = s.sms.sent();
    let (ma, mb) = (
        sent[0].message_id.clone().unwrap(),
        sent[1].message_id.clone().unwrap(),
    );
    let hook = s.sms.webhook_batch(&[
        (&ma, "delivered"),
        ("textlocal-424242", "failed"),
        (&mb, "failed"),
    ]);
    let got = d
        .receipt(ProviderKind::Textlocal, &hook.as_request(), T + 2)
        .unwrap();
    let seen: Vec<_> = got
        .iter()
        .map(|u| (u.challenge_id.clone(), u.status))
        .collect();
    assert_eq!(
        seen,
        vec![
            (a.clone(), DeliveryStatus::Delivered),
            (b.clone(), DeliveryStatus::Failed)
        ]
    );
    assert!(d.status(&a, T + 3).unwrap().delivered);
    let unknown = s.sms.webhook_batch(&[("textlocal-901", "sent"), ("textlocal-902", "sent")]);
    assert_eq!(
        d.receipt(ProviderKind::Textlocal, &unknown.as_request(), T + 3),
        Err(WebhookError::UnknownMessage)
    );
    let empty = s.sms.webhook_batch(&[]);
    assert_eq!(
        d.receipt(ProviderKind::Textlocal, &empty.as_request(), T + 3),
        Ok(vec![])
    );
    // Nothing secret in what a caller might log.
    let code = s.sms.last().code;
    for text in [format!("{d:?}"), format!("{:?}", d.status(&b, T + 4).unwrap())] {
        assert!(!text.contains(&code) && !text.contains("7700900"), "{text}");
    }
}

/// An advance or resend for another number than the challenge's is refused; nothing is sent
/// or counted.
pub fn other_destination_refused(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    let id = start(&d, T);
    let other = PhoneNumber::parse("+44 7700 900999").unwrap();
    for requested in [false, true] {
        let got = if requested {
            d.resend(&id, &LOGIN, &other, None, None, T + 60)
        } else {
            d.advance(&id, &LOGIN, &other, None, None, T + 60)
        };
        assert!(
            matches!(got, Err(DispatchError::InvalidRequest(_))),
            "{got:?}"
        );
    }
    assert!(s.whatsapp.sent().is_empty());
    assert_eq!(d.status(&id, T + 60).unwrap().sends.len(), 1);
    // The right number still moves on (the refused calls claimed and counted nothing).
    assert_eq!(
        sent_step(&advance(&d, &id, T + 60).unwrap()),
        Some((1, Channel::WhatsApp, 1))
    );
}

pub fn sender_id_refusal_moves_on(store: DynStore) {
    let s = Senders::new(0);
    let d = dispatcher(&store, &s, SendLimits::none());
    // US carriers take no alphanumeric sender ids: the SMS step is skipped, nothing sent.
    let us = PhoneNumber::parse("+1 415 555 0199").unwrap();
    let started = d.start(&LOGIN, &us, None, Some("US"), T).unwrap();
    assert_eq!(
        sent_step(&started.progress),
        Some((1, Channel::WhatsApp, 1))
    );
    assert!(s.sms.sent().is_empty());
    let st = d.status(&started.challenge_id, T + 1).unwrap();
    assert_eq!(st.sends[0].status, DeliveryStatus::Failed);
    assert_eq!(st.sends[0].error_code.as_deref(), Some("sender_id"));
}

/// A minimal executor for the async forms (no runtime dependency).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        assert!(std::time::Instant::now() < deadline, "future did not finish");
        std::thread::park_timeout(std::time::Duration::from_millis(100));
    }
}

pub fn async_forms(store: DynStore) {
    use otpkit::delivery::OwnedBinding;
    let s = Senders::new(0);
    let d = Arc::new(dispatcher(&store, &s, SendLimits::none()));
    let b = OwnedBinding::new("login", "alice");
    let started = block_on(d.clone().start_async(b.clone(), phone(), None, None, T)).unwrap();
    let id = started.challenge_id;
    let hook = s.sms.webhook(&s.sms.last().message_id.unwrap(), "failed");
    let got = block_on(d.clone().receipt_async(ProviderKind::Textlocal, hook, T + 1)).unwrap();
    assert_eq!(got[0].challenge_id, id);
    let p = block_on(
        d.clone()
            .advance_async(id.clone(), b.clone(), phone(), None, None, T + 30),
    )
    .unwrap();
    assert_eq!(sent_step(&p), Some((1, Channel::WhatsApp, 1)));
    let r = block_on(
        d.clone()
            .resend_async(id.clone(), b, phone(), None, None, T + 31),
    );
    assert!(matches!(
        r,
        Err(DispatchError::Issue(IssueError::RateLimited {
            scope: LimitScope::Cooldown,
            ..
        }))
    ));
    let st = block_on(d.clone().status_async(id, T + 32)).unwrap();
    assert_eq!(st.sends.len(), 2);
    assert!(!format!("{:?}", OwnedBinding::new("login", "alice")).contains("alice"));
}
