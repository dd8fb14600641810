//! The generator's randomness: splitmix64 streams keyed by `(seed, n)`, and
//! a keyed permutation of 40-bit values for order numbers.

/// splitmix64: a tiny, well-mixed generator; one stream per customer (and
/// one more per customer for their addresses and orders).
pub(super) struct Mix(u64);

impl Mix {
    pub(super) fn new(seed: u64, n: u64) -> Self {
        let mut mix = Self(seed ^ n.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        mix.next();
        mix
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 to `n - 1` (`n` small: the bias is negligible).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// `below` as an index.
    pub(super) fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or_default()
    }

    /// Uniform in `lo..=hi` (`lo <= hi`).
    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi.saturating_sub(lo)).unwrap_or_default();
        lo.saturating_add(i64::try_from(self.below(span.saturating_add(1))).unwrap_or_default())
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        // 53 random bits: exact in an f64.
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Whether a `percent` in 100 chance came up.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub(super) fn pick<'a>(mix: &mut Mix, list: &[&'a str]) -> &'a str {
    list.get(mix.index(list.len())).copied().unwrap_or("Demo")
}

const BITS_40: u64 = (1 << 40) - 1;

/// A bijection of the 40-bit values keyed by `seed`: distinct inputs below
/// 2^40 give distinct outputs, which look random. Every step (xor with a
/// key, multiplication by an odd number, xor with a right shift) is
/// invertible modulo 2^40.
pub(super) fn permute40(value: u64, seed: u64) -> u64 {
    let mut keys = Mix::new(seed, 0x6F72_6465_7273);
    let mut x = value & BITS_40;
    for _ in 0..3 {
        x ^= keys.next() & BITS_40;
        x = x.wrapping_mul(0x9E37_79B9_7F4B) & BITS_40;
        x ^= x >> 19;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_never_maps_two_values_to_one() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u64 {
            // Values shaped like order keys: customer number << 8 | index.
            let key = (i / 3 + 1) << 8 | (i % 3);
            let out = permute40(key, 9);
            assert!(out <= BITS_40);
            assert!(seen.insert(out), "{key} collided");
        }
        assert_ne!(permute40(256, 1), permute40(256, 2), "keyed by the seed");
    }

    #[test]
    fn between_stays_in_range() {
        let mut mix = Mix::new(1, 1);
        for _ in 0..1_000 {
            let v = mix.between(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        assert_eq!(mix.between(5, 5), 5);
    }
}
