//! Finding accounts by a query typed by a person: the rules every front end shares.
//!
//! A query matches an account's id, its issuer, its label, or its display name `issuer:label`,
//! case-insensitively. [`match_accounts`] picks one account for a single-account command
//! (show, remove, copy) and says when the query is ambiguous; [`filter_accounts`] selects the
//! accounts a listing shows. Both return accounts in [`display_order`].
//!
//! Matching for one account goes through tiers, and the first tier with any match decides:
//!
//! 1. the exact id;
//! 2. the exact display name `issuer:label` (or the label alone when there is no issuer, or the
//!    issuer alone when the label is empty);
//! 3. the exact issuer or the exact label;
//! 4. substrings: the query inside the issuer, the label or the display name, together with ids
//!    that start with the query when it is at least [`MIN_ID_PREFIX`] hex digits.
//!
//! One match in the deciding tier is [`Matches::Unique`]; several are [`Matches::Ambiguous`]
//! (never a silent pick); none in any tier is [`Matches::None`].

use super::Account;
use std::cmp::Ordering;

/// Shortest id prefix a query can use to name an account.
pub const MIN_ID_PREFIX: usize = 4;

/// How the query named the account it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The query is the account's id.
    Id,
    /// The query is the display name `issuer:label` (case-insensitive).
    Name,
    /// The query is the issuer or the label (case-insensitive).
    Field,
    /// The query is part of the issuer, label or display name, or an id prefix.
    Substring,
}

/// The outcome of [`match_accounts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matches<'a> {
    /// Nothing matches the query.
    None,
    /// Exactly one account matches in the deciding tier.
    Unique(&'a Account, MatchKind),
    /// Several accounts match equally well, in [`display_order`]; the caller names them.
    Ambiguous(Vec<&'a Account>),
}

/// The name a person knows an account by: `issuer:label`, or whichever of the two is set.
pub fn display_name(a: &Account) -> String {
    match a.issuer.as_deref().filter(|i| !i.is_empty()) {
        Some(i) if !a.label.is_empty() => format!("{i}:{}", a.label),
        Some(i) => i.to_owned(),
        None => a.label.clone(),
    }
}

/// The stable order of listings: by issuer (the label for accounts without one), then label,
/// case-insensitively, then by the exact text, then by id, so equal names keep one order.
pub fn display_order(a: &Account, b: &Account) -> Ordering {
    fn primary(a: &Account) -> &str {
        a.issuer
            .as_deref()
            .filter(|i| !i.is_empty())
            .unwrap_or(&a.label)
    }
    let fold = |s: &str| s.to_lowercase();
    fold(primary(a))
        .cmp(&fold(primary(b)))
        .then_with(|| fold(&a.label).cmp(&fold(&b.label)))
        .then_with(|| primary(a).cmp(primary(b)))
        .then_with(|| a.label.cmp(&b.label))
        .then_with(|| a.id.cmp(&b.id))
}

/// `accounts` sorted in [`display_order`].
pub fn sorted(accounts: &[Account]) -> Vec<&Account> {
    let mut all: Vec<&Account> = accounts.iter().collect();
    all.sort_by(|a, b| display_order(a, b));
    all
}

fn is_id_prefix(a: &Account, query: &str) -> bool {
    query.len() >= MIN_ID_PREFIX
        && query.bytes().all(|b| b.is_ascii_hexdigit())
        && a.id
            .get(..query.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(query))
}

fn contains(a: &Account, lower: &str) -> bool {
    a.issuer
        .as_deref()
        .is_some_and(|i| i.to_lowercase().contains(lower))
        || a.label.to_lowercase().contains(lower)
        || display_name(a).to_lowercase().contains(lower)
}

/// The accounts a listing shows for `query`: every account when it is `None` or empty,
/// otherwise those whose issuer, label or display name contains it (case-insensitive) or whose
/// id starts with it; in [`display_order`].
pub fn filter_accounts<'a>(accounts: &'a [Account], query: Option<&str>) -> Vec<&'a Account> {
    let query = query.map(str::trim).unwrap_or("");
    if query.is_empty() {
        return sorted(accounts);
    }
    let lower = query.to_lowercase();
    let mut found: Vec<&Account> = accounts
        .iter()
        .filter(|a| contains(a, &lower) || is_id_prefix(a, query))
        .collect();
    found.sort_by(|a, b| display_order(a, b));
    found
}

type Test<'t> = dyn Fn(&Account) -> bool + 't;

/// Finds the one account `query` names, by the tiers in the module documentation.
pub fn match_accounts<'a>(accounts: &'a [Account], query: &str) -> Matches<'a> {
    let query = query.trim();
    if query.is_empty() {
        return Matches::None;
    }
    let lower = query.to_lowercase();
    let eq = |s: &str| s.to_lowercase() == lower;
    let tiers: [(MatchKind, &Test<'_>); 4] = [
        (MatchKind::Id, &|a| a.id == query),
        (MatchKind::Name, &|a| eq(&display_name(a))),
        (MatchKind::Field, &|a| {
            a.issuer.as_deref().is_some_and(eq) || (!a.label.is_empty() && eq(&a.label))
        }),
        (MatchKind::Substring, &|a| {
            contains(a, &lower) || is_id_prefix(a, query)
        }),
    ];
    for (kind, test) in tiers {
        let mut found: Vec<&Account> = accounts.iter().filter(|a| test(a)).collect();
        match found.len() {
            0 => continue,
            1 => return Matches::Unique(found[0], kind),
            _ => {
                found.sort_by(|a, b| display_order(a, b));
                return Matches::Ambiguous(found);
            }
        }
    }
    Matches::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OtpParams;

    fn acct(id: &str, issuer: Option<&str>, label: &str) -> Account {
        Account {
            id: id.into(),
            issuer: issuer.map(Into::into),
            label: label.into(),
            params: OtpParams::totp(),
            note: None,
            icon: None,
            groups: Vec::new(),
            created: 0,
            updated: 0,
            warnings: Vec::new(),
        }
    }

    fn fixture() -> Vec<Account> {
        vec![
            acct("aaaa1111", Some("GitHub"), "alice"),
            acct("bbbb2222", Some("ACME"), "alice"),
            acct("cccc3333", Some("GitLab"), "bob"),
            acct("dddd4444", None, "carol@example.com"),
            acct("eeee5555", Some("ACME"), "bob"),
        ]
    }

    fn unique<'a>(m: Matches<'a>) -> (&'a str, MatchKind) {
        match m {
            Matches::Unique(a, k) => (a.id.as_str(), k),
            other => panic!("expected one match, got {other:?}"),
        }
    }

    fn ambiguous(m: Matches<'_>) -> Vec<String> {
        match m {
            Matches::Ambiguous(v) => v.iter().map(|a| a.id.clone()).collect(),
            other => panic!("expected an ambiguous match, got {other:?}"),
        }
    }

    #[test]
    fn issuer_matches_case_insensitively() {
        let all = fixture();
        assert_eq!(
            unique(match_accounts(&all, "github")),
            ("aaaa1111", MatchKind::Field)
        );
        assert_eq!(
            unique(match_accounts(&all, "GITHUB:ALICE")),
            ("aaaa1111", MatchKind::Name)
        );
    }

    #[test]
    fn a_shared_label_is_ambiguous_not_a_pick() {
        let all = fixture();
        assert_eq!(
            ambiguous(match_accounts(&all, "alice")),
            ["bbbb2222", "aaaa1111"]
        );
        assert_eq!(
            ambiguous(match_accounts(&all, "acme")),
            ["bbbb2222", "eeee5555"]
        );
    }

    #[test]
    fn exact_name_wins_over_substrings() {
        let all = fixture();
        // "acme:bob" is one exact display name although "bob" is in two accounts.
        assert_eq!(
            unique(match_accounts(&all, "acme:bob")),
            ("eeee5555", MatchKind::Name)
        );
        // "git" is part of two issuers: ambiguous.
        assert_eq!(
            ambiguous(match_accounts(&all, "git")),
            ["aaaa1111", "cccc3333"]
        );
        // "lab" only in one.
        assert_eq!(
            unique(match_accounts(&all, "lab")),
            ("cccc3333", MatchKind::Substring)
        );
        assert_eq!(
            unique(match_accounts(&all, "example")),
            ("dddd4444", MatchKind::Substring)
        );
        // A substring spanning the separator matches the display name.
        assert_eq!(
            unique(match_accounts(&all, "hub:al")),
            ("aaaa1111", MatchKind::Substring)
        );
    }

    #[test]
    fn ids_and_prefixes() {
        let all = fixture();
        assert_eq!(
            unique(match_accounts(&all, "cccc3333")),
            ("cccc3333", MatchKind::Id)
        );
        assert_eq!(
            unique(match_accounts(&all, "CCCC")),
            ("cccc3333", MatchKind::Substring)
        );
        // Too short to be an id prefix, and in no name.
        assert_eq!(match_accounts(&all, "ccc"), Matches::None);
    }

    #[test]
    fn an_id_prefix_that_is_also_a_name_substring_is_ambiguous() {
        let mut all = fixture();
        all.push(acct("face0000", None, "x"));
        all.push(acct("ffff6666", Some("Facebook"), "me"));
        assert_eq!(
            ambiguous(match_accounts(&all, "face")),
            ["ffff6666", "face0000"]
        );
    }

    #[test]
    fn empty_and_unknown_queries_match_nothing() {
        let all = fixture();
        assert_eq!(match_accounts(&all, ""), Matches::None);
        assert_eq!(match_accounts(&all, "   "), Matches::None);
        assert_eq!(match_accounts(&all, "nothing"), Matches::None);
        assert_eq!(match_accounts(&[], "alice"), Matches::None);
    }

    #[test]
    fn two_accounts_with_the_same_name_are_ambiguous() {
        let all = vec![
            acct("1111aaaa", Some("ACME"), "alice"),
            acct("2222bbbb", Some("acme"), "Alice"),
        ];
        assert_eq!(
            ambiguous(match_accounts(&all, "acme:alice")),
            ["1111aaaa", "2222bbbb"]
        );
    }

    #[test]
    fn listing_order_is_stable_and_case_insensitive() {
        let all = fixture();
        let names: Vec<String> = filter_accounts(&all, None)
            .into_iter()
            .map(display_name)
            .collect();
        assert_eq!(
            names,
            [
                "ACME:alice",
                "ACME:bob",
                "carol@example.com",
                "GitHub:alice",
                "GitLab:bob"
            ]
        );
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(
            filter_accounts(&reversed, None),
            filter_accounts(&all, None)
        );
    }

    #[test]
    fn listing_filter_uses_substrings() {
        let all = fixture();
        let ids = |q| {
            filter_accounts(&all, Some(q))
                .into_iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("ALICE"), ["bbbb2222", "aaaa1111"]);
        assert_eq!(ids("bob"), ["eeee5555", "cccc3333"]);
        assert_eq!(ids("dddd"), ["dddd4444"]);
        assert!(ids("zzz").is_empty());
        assert_eq!(ids("").len(), 5);
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name(&acct("1", Some("A"), "b")), "A:b");
        assert_eq!(display_name(&acct("1", Some("A"), "")), "A");
        assert_eq!(display_name(&acct("1", None, "b")), "b");
        assert_eq!(display_name(&acct("1", Some(""), "b")), "b");
    }
}
