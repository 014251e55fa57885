//! One sandbox: its configuration, signing key, clock, randomness and store,
//! shared by the worker threads.

use super::clock::{Clock, SystemClock};
use super::config::SandboxConfig;
use super::http::{HttpRequest, Reply};
use super::keys::Keys;
use super::router;
use super::store::{Limits, Store};
use crate::oauth::Realm;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

/// What tests inject: time, randomness, caps, and the worker count.
pub struct Options {
    pub clock: Arc<dyn Clock>,
    pub rng: StdRng,
    pub limits: Limits,
    pub workers: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            clock: Arc::new(SystemClock),
            rng: StdRng::from_entropy(),
            limits: Limits::default(),
            workers: 8,
        }
    }
}

/// The sandbox's state; `handle` answers one request.
pub struct Sandbox {
    pub(crate) config: SandboxConfig,
    pub(crate) site_origin: Option<String>,
    base_url: String,
    pub(crate) keys: Keys,
    clock: Arc<dyn Clock>,
    rng: Mutex<StdRng>,
    store: Mutex<Store>,
}

impl Sandbox {
    /// `base_url` is where clients reach the sandbox, e.g. `http://127.0.0.1:8787`.
    pub fn new(config: SandboxConfig, base_url: &str, options: Options) -> io::Result<Sandbox> {
        let mut rng = options.rng;
        let keys = Keys::generate(&mut rng)?;
        Ok(Sandbox {
            site_origin: config.site_origin(),
            config,
            base_url: base_url.trim_end_matches('/').to_string(),
            keys,
            clock: options.clock,
            rng: Mutex::new(rng),
            store: Mutex::new(Store::new(options.limits)),
        })
    }

    pub fn handle(&self, request: &HttpRequest) -> Reply {
        router::route(self, request)
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `{base}/connexion/oauth2/individu`: the `iss` of the realm's id_tokens.
    pub fn issuer(&self, realm: Realm) -> String {
        format!(
            "{}/connexion/oauth2/{}",
            self.base_url,
            realm.as_str().trim_start_matches('/')
        )
    }

    pub(crate) fn now(&self) -> u64 {
        self.clock.now()
    }

    /// 256 random bits, base64url: codes and access tokens.
    pub(crate) fn random_token(&self) -> String {
        let mut bytes = [0u8; 32];
        lock(&self.rng).fill_bytes(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }
}

/// A worker that panicked mid-request leaves data that is still consistent
/// (every store operation is a few map updates), so keep serving.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
