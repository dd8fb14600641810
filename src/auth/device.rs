//! Remembered devices (the OWASP "device cookie"): at a successful login the
//! browser is given a token signed for that account,
//! `<nonce>.<base64url(HMAC-SHA256(secret, customer public id | nonce))>`.
//! A login that presents a valid token for the account it logs in to is
//! throttled under that token's own key, apart from the attempts of everyone
//! else, so an attacker who locks the account out does not lock out its
//! owner's browsers. The secret is shared by every instance through the
//! database (`app_secret`, created on first start).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The name of the signing secret in `app_secret`.
pub const DEVICE_SECRET: &str = "device_cookie_hmac";

/// Longest token accepted: a 32-character nonce, a dot, a 43-character MAC.
const MAX_TOKEN_LEN: usize = 76;

/// The key that signs and checks device tokens.
#[derive(Clone)]
pub struct DeviceKey {
    /// HMAC keyed with the secret, cloned for each token.
    keyed: HmacSha256,
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey(..)")
    }
}

impl DeviceKey {
    /// The key from its stored form (standard base64, at least 32 bytes).
    pub fn from_stored(stored: &str) -> anyhow::Result<Self> {
        let secret = STANDARD.decode(stored.trim())?;
        anyhow::ensure!(secret.len() >= 32, "the device secret is too short");
        let keyed = HmacSha256::new_from_slice(&secret)
            .map_err(|_| anyhow::anyhow!("the device secret is not a valid HMAC key"))?;
        Ok(Self { keyed })
    }

    /// A fresh random secret in its stored form: 32 bytes (two v4 UUIDs
    /// from the OS's random source), base64.
    pub fn generate_stored() -> String {
        let mut bytes = Vec::with_capacity(32);
        bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        STANDARD.encode(bytes)
    }

    fn mac(&self, customer_public_id: &str, nonce: &str) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(customer_public_id.as_bytes());
        mac.update(b"|");
        mac.update(nonce.as_bytes());
        mac
    }

    /// A new token for the customer.
    pub fn issue(&self, customer_public_id: &str) -> String {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let tag = self.mac(customer_public_id, &nonce).finalize().into_bytes();
        format!("{nonce}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// The token's nonce (its throttle key) when the token was signed for
    /// this customer; `None` for anything else. The MAC is compared in
    /// constant time.
    pub fn verify<'t>(&self, token: &'t str, customer_public_id: &str) -> Option<&'t str> {
        if token.len() > MAX_TOKEN_LEN {
            return None;
        }
        let (nonce, tag) = token.split_once('.')?;
        if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(customer_public_id, nonce)
            .verify_slice(&tag)
            .ok()
            .map(|()| nonce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DeviceKey {
        DeviceKey::from_stored(&DeviceKey::generate_stored()).expect("key")
    }

    #[test]
    fn a_token_is_good_for_its_own_account_only() {
        let k = key();
        let token = k.issue("ann");
        assert!(token.len() <= MAX_TOKEN_LEN, "{token}");
        let nonce = k.verify(&token, "ann").expect("valid");
        assert_eq!(nonce.len(), 32);
        assert!(token.starts_with(nonce));
        assert_eq!(k.verify(&token, "bob"), None);
        // Another key (another shop, or a rotated secret) does not accept it.
        assert_eq!(key().verify(&token, "ann"), None);
    }

    #[test]
    fn tampered_and_junk_tokens_are_refused() {
        let k = key();
        let token = k.issue("ann");
        let (nonce, tag) = token.split_once('.').expect("dot");
        let other_nonce = "0".repeat(32);
        for bad in [
            String::new(),
            "junk".into(),
            format!("{other_nonce}.{tag}"),
            format!("{nonce}.{}", &tag[1..]),
            format!("{nonce}.{tag}A"),
            format!("{nonce}."),
            format!("{nonce}.{tag}.{tag}"),
            format!("{token}{}", "x".repeat(100)),
        ] {
            assert_eq!(k.verify(&bad, "ann"), None, "{bad}");
        }
    }

    #[test]
    fn stored_secrets_must_be_long_enough() {
        assert!(DeviceKey::from_stored("c2hvcnQ=").is_err());
        assert!(DeviceKey::from_stored("not base64!").is_err());
        assert_eq!(DeviceKey::generate_stored().len(), 44);
    }
}
