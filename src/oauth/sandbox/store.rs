//! Pending authorization codes, redeemed codes and issued access tokens, in
//! memory with bounded size: expired entries are purged (at most once a
//! second, and whenever a map is full), pending codes are capped, and the
//! oldest tokens are evicted past the token cap.

use crate::oauth::Realm;
use std::collections::{HashMap, VecDeque};

/// How long a redeemed code is remembered, so that a replay still revokes
/// what it produced (longer than any token the sandbox issues).
const REDEEMED_MEMORY_SECONDS: u64 = 3_600;

/// Caps on what the store holds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_pending_codes: usize,
    pub max_tokens: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_pending_codes: 10_000,
            max_tokens: 100_000,
        }
    }
}

/// An authorization code waiting for its token request, and what it is bound to.
#[derive(Debug, Clone)]
pub struct PendingCode {
    pub realm: Realm,
    pub client_id: String,
    pub user_id: String,
    pub redirect_uri: String,
    /// S256 challenge; None only for confidential clients that sent none.
    pub code_challenge: Option<String>,
    pub nonce: String,
    pub scope: String,
    pub auth_time: u64,
    pub expires_at: u64,
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub realm: Realm,
    pub client_id: String,
    /// None for client credentials.
    pub user_id: Option<String>,
    pub scope: String,
    pub expires_at: u64,
}

/// What a token request finds behind a code.
#[derive(Debug)]
pub enum CodeLookup<'a> {
    Valid(&'a PendingCode),
    /// Already redeemed: a replay.
    Redeemed,
    /// Never issued, or expired.
    Invalid,
}

#[derive(Debug)]
struct Redeemed {
    forget_at: u64,
    tokens: Vec<String>,
}

/// The pending code cap is reached even after purging expired codes.
#[derive(Debug, PartialEq, Eq)]
pub struct Full;

#[derive(Debug, Default)]
pub struct Store {
    limits: Limits,
    codes: HashMap<String, PendingCode>,
    redeemed: HashMap<String, Redeemed>,
    tokens: HashMap<String, AccessToken>,
    token_order: VecDeque<String>,
    last_purge: u64,
}

impl Store {
    pub fn new(limits: Limits) -> Store {
        Store {
            limits,
            ..Store::default()
        }
    }

    pub fn pending_codes(&self) -> usize {
        self.codes.len()
    }

    pub fn live_tokens(&self) -> usize {
        self.tokens.len()
    }

    pub fn insert_code(
        &mut self,
        code: String,
        pending: PendingCode,
        now: u64,
    ) -> Result<(), Full> {
        self.purge_if_due(now);
        if self.codes.len() >= self.limits.max_pending_codes {
            self.purge(now);
            if self.codes.len() >= self.limits.max_pending_codes {
                return Err(Full);
            }
        }
        self.codes.insert(code, pending);
        Ok(())
    }

    pub fn lookup_code(&self, code: &str, now: u64) -> CodeLookup<'_> {
        if let Some(pending) = self.codes.get(code) {
            if now < pending.expires_at {
                return CodeLookup::Valid(pending);
            }
            return CodeLookup::Invalid;
        }
        if self.redeemed.contains_key(code) {
            return CodeLookup::Redeemed;
        }
        CodeLookup::Invalid
    }

    /// Marks `code` used and records the token it produced, so a replay can revoke it.
    pub fn redeem_code(&mut self, code: &str, token: &str, now: u64) {
        if self.codes.remove(code).is_none() {
            return;
        }
        if self.redeemed.len() >= self.limits.max_pending_codes {
            self.purge(now);
        }
        if self.redeemed.len() >= self.limits.max_pending_codes {
            // Still full of live entries: forget the one closest to being forgotten anyway.
            if let Some(oldest) = self
                .redeemed
                .iter()
                .min_by_key(|(_, r)| r.forget_at)
                .map(|(k, _)| k.clone())
            {
                self.redeemed.remove(&oldest);
            }
        }
        self.redeemed.insert(
            code.to_string(),
            Redeemed {
                forget_at: now + REDEEMED_MEMORY_SECONDS,
                tokens: vec![token.to_string()],
            },
        );
    }

    /// A replayed code: revoke every token it produced (RFC 6749 §4.1.2, RFC 9700 §4.2.1).
    pub fn revoke_tokens_of(&mut self, code: &str) {
        if let Some(redeemed) = self.redeemed.get_mut(code) {
            for token in redeemed.tokens.drain(..) {
                self.tokens.remove(&token);
            }
        }
    }

    pub fn insert_token(&mut self, token: String, issued: AccessToken, now: u64) {
        self.purge_if_due(now);
        if self.tokens.len() >= self.limits.max_tokens {
            self.purge(now);
        }
        while self.tokens.len() >= self.limits.max_tokens {
            match self.token_order.pop_front() {
                Some(oldest) => {
                    self.tokens.remove(&oldest);
                }
                None => break,
            }
        }
        self.token_order.push_back(token.clone());
        self.tokens.insert(token, issued);
    }

    pub fn token(&self, token: &str, now: u64) -> Option<&AccessToken> {
        self.tokens.get(token).filter(|t| now < t.expires_at)
    }

    fn purge_if_due(&mut self, now: u64) {
        if now > self.last_purge {
            self.purge(now);
        }
    }

    fn purge(&mut self, now: u64) {
        self.last_purge = now;
        self.codes.retain(|_, c| now < c.expires_at);
        self.redeemed.retain(|_, r| now < r.forget_at);
        self.tokens.retain(|_, t| now < t.expires_at);
        let tokens = &self.tokens;
        self.token_order.retain(|t| tokens.contains_key(t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_at: u64) -> PendingCode {
        PendingCode {
            realm: Realm::Individu,
            client_id: "c".into(),
            user_id: "u".into(),
            redirect_uri: "http://127.0.0.1/callback".into(),
            code_challenge: None,
            nonce: "n".into(),
            scope: "openid".into(),
            auth_time: 0,
            expires_at,
        }
    }

    fn token(expires_at: u64) -> AccessToken {
        AccessToken {
            realm: Realm::Partenaire,
            client_id: "c".into(),
            user_id: None,
            scope: String::new(),
            expires_at,
        }
    }

    #[test]
    fn expired_code_is_invalid_and_purged() {
        let mut store = Store::new(Limits::default());
        store.insert_code("a".into(), pending(160), 100).unwrap();
        assert!(matches!(store.lookup_code("a", 159), CodeLookup::Valid(_)));
        assert!(matches!(store.lookup_code("a", 160), CodeLookup::Invalid));
        store.insert_code("b".into(), pending(300), 200).unwrap();
        assert_eq!(store.pending_codes(), 1);
    }

    #[test]
    fn pending_codes_are_capped_until_some_expire() {
        let limits = Limits {
            max_pending_codes: 2,
            max_tokens: 10,
        };
        let mut store = Store::new(limits);
        store.insert_code("a".into(), pending(160), 100).unwrap();
        store.insert_code("b".into(), pending(160), 100).unwrap();
        assert_eq!(store.insert_code("c".into(), pending(160), 100), Err(Full));
        assert_eq!(store.insert_code("c".into(), pending(300), 170), Ok(()));
        assert_eq!(store.pending_codes(), 1);
    }

    #[test]
    fn replayed_code_revokes_its_token() {
        let mut store = Store::new(Limits::default());
        store.insert_code("a".into(), pending(160), 100).unwrap();
        store.insert_token("t".into(), token(159), 101);
        store.redeem_code("a", "t", 101);
        assert!(matches!(store.lookup_code("a", 102), CodeLookup::Redeemed));
        assert!(store.token("t", 102).is_some());
        store.revoke_tokens_of("a");
        assert!(store.token("t", 102).is_none());
    }

    #[test]
    fn tokens_past_the_cap_evict_the_oldest() {
        let limits = Limits {
            max_pending_codes: 2,
            max_tokens: 3,
        };
        let mut store = Store::new(limits);
        for name in ["t1", "t2", "t3", "t4"] {
            store.insert_token(name.into(), token(10_000), 100);
        }
        assert_eq!(store.live_tokens(), 3);
        assert!(store.token("t1", 100).is_none());
        assert!(store.token("t4", 100).is_some());
        assert!(store.token("t4", 10_000).is_none());
    }
}
