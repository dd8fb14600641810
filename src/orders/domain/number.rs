//! Order numbers: eight characters of Crockford's base 32 (no I, L, O or
//! U, so nothing reads as another character), grouped by four: `7KQ2-M9XD`.
//! Random, so a number says nothing about how many orders the shop takes
//! and cannot be guessed from another; the unique index decides the rare
//! collision (the service draws again).

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The number made of the low 40 bits of `bits`.
pub fn from_bits(bits: u64) -> String {
    let mut out = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            out.push('-');
        }
        let shift = 35 - 5 * i;
        out.push(char::from(ALPHABET[((bits >> shift) & 31) as usize]));
    }
    out
}

/// A fresh random number.
#[cfg(feature = "server")]
pub fn random() -> String {
    from_bits(rand_bits())
}

#[cfg(feature = "server")]
fn rand_bits() -> u64 {
    let id = uuid::Uuid::new_v4();
    let bytes = id.as_bytes();
    u64::from_le_bytes([
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[7], bytes[9],
    ])
}

/// A number as someone typed it (any case, the dash optional, spaces
/// around), in its stored form; `None` when it cannot be an order number.
pub fn normalize(raw: &str) -> Option<String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() != 8 || !compact.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}", &compact[..4], &compact[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_two_groups_of_four_from_the_alphabet() {
        assert_eq!(from_bits(0), "0000-0000");
        assert_eq!(from_bits((1 << 40) - 1), "ZZZZ-ZZZZ");
    }

    #[cfg(feature = "server")]
    #[test]
    fn random_numbers_are_well_formed_and_differ() {
        let n = random();
        assert_eq!(n.len(), 9);
        assert_eq!(normalize(&n), Some(n.clone()));
        assert_ne!(random(), random());
    }

    #[test]
    fn typed_numbers_are_normalised_or_refused() {
        assert_eq!(normalize(" 7kq2m9xd "), Some("7KQ2-M9XD".into()));
        assert_eq!(normalize("7KQ2-M9XD"), Some("7KQ2-M9XD".into()));
        assert_eq!(normalize("7KQ2-M9XI"), None, "I is not in the alphabet");
        assert_eq!(normalize("7KQ2-M9X"), None);
        assert_eq!(normalize(&"A".repeat(10_000)), None);
        assert_eq!(normalize("7KQ2/M9XD"), None);
        assert_eq!(normalize("ÄKQ2-M9XD"), None);
    }
}
