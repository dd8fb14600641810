//! Emailed tokens: password reset, email verification, email change.
//!
//! Every token is 256 random bits (URL-safe base64, 43 characters). Only
//! its SHA-256 is stored; a token is found by that hash and the hashes are
//! compared again in constant time. Each has a purpose and an expiry, is
//! used at most once (the "used" mark is a conditional update, so two
//! requests with one token cannot both succeed), and issuing a token voids
//! the customer's unused tokens of the same purpose.

pub mod store;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::customers::store::CustomerId;
use crate::db::{StoreError, Tx};
use store::{NewTokenRecord, TokenRow};

/// What a token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ResetPassword,
    VerifyEmail,
    ChangeEmail,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResetPassword => "reset_password",
            Self::VerifyEmail => "verify_email",
            Self::ChangeEmail => "change_email",
        }
    }
}

/// How long each kind of token stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetimes {
    pub reset_secs: i64,
    pub verify_secs: i64,
    pub change_email_secs: i64,
}

impl Default for TokenLifetimes {
    fn default() -> Self {
        Self {
            reset_secs: 3600,
            verify_secs: 48 * 3600,
            change_email_secs: 3600,
        }
    }
}

impl TokenLifetimes {
    pub fn of(&self, purpose: Purpose) -> i64 {
        match purpose {
            Purpose::ResetPassword => self.reset_secs,
            Purpose::VerifyEmail => self.verify_secs,
            Purpose::ChangeEmail => self.change_email_secs,
        }
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Never issued, malformed, or issued for another purpose.
    Invalid,
    Expired,
    /// Used already, or voided by a newer token or a change of email.
    Used,
}

/// The longest token text looked at; anything longer is invalid at once.
const TOKEN_MAX_LEN: usize = 128;

/// The hex SHA-256 of a token: what is stored.
pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Equal, in time that depends only on the lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) fn well_formed(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= TOKEN_MAX_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new random token (256 bits, URL-safe base64 without padding).
pub(crate) fn generate() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Other(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Issues a token for `customer`, sent to `email`, valid `ttl_secs` from
/// `now_ms`, voiding their unused tokens of the same purpose. Returns the
/// token itself: it goes into the mail and nowhere else.
pub async fn issue(
    tx: &mut Tx,
    customer: CustomerId,
    purpose: Purpose,
    email: &str,
    now_ms: i64,
    ttl_secs: i64,
) -> Result<String, StoreError> {
    tx.tokens()
        .void_tokens(customer, Some(purpose), now_ms)
        .await?;
    let token = generate()?;
    tx.tokens()
        .insert_token(&NewTokenRecord {
            customer_id: customer.0,
            purpose: purpose.as_str(),
            token_hash: hash(&token),
            email: email.to_owned(),
            created_at_ms: now_ms,
            expires_at_ms: now_ms + ttl_secs * 1000,
        })
        .await?;
    Ok(token)
}

/// The token's row if it is valid for `purpose` at `now_ms`, without using
/// it.
pub async fn check(
    tx: &mut Tx,
    purpose: Purpose,
    token: &str,
    now_ms: i64,
) -> Result<Result<TokenRow, TokenProblem>, StoreError> {
    if !well_formed(token) {
        return Ok(Err(TokenProblem::Invalid));
    }
    let wanted = hash(token);
    let Some(row) = tx.tokens().token_by_hash(&wanted).await? else {
        return Ok(Err(TokenProblem::Invalid));
    };
    if !constant_time_eq(row.token_hash.as_bytes(), wanted.as_bytes())
        || row.purpose != purpose.as_str()
    {
        return Ok(Err(TokenProblem::Invalid));
    }
    if row.used_at_ms.is_some() {
        return Ok(Err(TokenProblem::Used));
    }
    if now_ms >= row.expires_at_ms {
        return Ok(Err(TokenProblem::Expired));
    }
    Ok(Ok(row))
}

/// Like [`check`], and marks the token used: of two requests with the same
/// token, one succeeds. Only meaningful inside a transaction that goes on
/// to make the change the token allows.
pub async fn redeem(
    tx: &mut Tx,
    purpose: Purpose,
    token: &str,
    now_ms: i64,
) -> Result<Result<TokenRow, TokenProblem>, StoreError> {
    let row = match check(tx, purpose, token, now_ms).await? {
        Ok(row) => row,
        Err(problem) => return Ok(Err(problem)),
    };
    if !tx.tokens().use_token(row.id, now_ms).await? {
        return Ok(Err(TokenProblem::Used));
    }
    Ok(Ok(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = generate().expect("token");
        let b = generate().expect("token");
        assert_ne!(a, b);
        // 32 bytes of base64 without padding.
        assert_eq!(a.len(), 43);
        assert!(well_formed(&a), "{a}");
    }

    #[test]
    fn the_hash_is_hex_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn malformed_tokens_are_refused_before_any_lookup() {
        for bad in ["", "a b", "a/b", "x\u{0}", &"a".repeat(129), "é"] {
            assert!(!well_formed(bad), "{bad:?}");
        }
    }

    #[test]
    fn comparison_needs_every_byte() {
        assert!(constant_time_eq(b"abcd", b"abcd"));
        assert!(!constant_time_eq(b"abcd", b"abce"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
