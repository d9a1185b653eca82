//! Pinned, counter-based randomness. Every value that ends up in the data comes from these
//! functions, whose algorithms are fixed here (SplitMix64's finaliser and sequence, a 4-round
//! Feistel network): never from `rand`'s `StdRng`/`thread_rng` or any helper whose output may
//! change between releases. Row `i` of a table is a pure function of `(seed, table, i)`.

/// SplitMix64's finaliser (Stafford's mix 13): a bijective 64-bit avalanche.
#[inline(always)]
pub const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// A key derived from a parent key and a tag (a field id, a row index, ...).
#[inline(always)]
pub const fn derive(key: u64, tag: u64) -> u64 {
    mix64(key ^ mix64(tag.wrapping_add(GOLDEN)))
}

/// Stable 64-bit tag of a name (FNV-1a), used to give each table and field its own stream.
pub const fn tag(name: &str) -> u64 {
    let b = name.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// A SplitMix64 stream started from a key. Cheap to create: one per row and field.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    #[inline(always)]
    pub const fn new(key: u64) -> Self {
        Rng { state: key }
    }

    /// A stream for `(key, tag)`.
    #[inline(always)]
    pub const fn keyed(key: u64, tag: u64) -> Self {
        Rng::new(derive(key, tag))
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline(always)]
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n) by the multiply-high method (bias below n / 2^64). `n` = 0 gives 0.
    #[inline(always)]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [lo, hi] (inclusive).
    #[inline(always)]
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True with probability `p`.
    #[inline(always)]
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal by Box-Muller, with the pinned `libm` transcendental functions.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1]
        let u2 = self.f64();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }
}

/// A keyed bijection of `[0, n)`: a balanced 4-round Feistel network on the smallest even
/// number of bits covering `n`, with cycle-walking. O(1) expected per call (at most 4 walks on
/// average), no tables, so `perm.apply(i)` can be called for any single row.
#[derive(Clone, Debug)]
pub struct Perm {
    n: u64,
    half: u32,
    mask: u64,
    keys: [u64; 4],
}

impl Perm {
    pub fn new(n: u64, key: u64) -> Self {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half = bits.div_ceil(2).max(1);
        Perm {
            n,
            half,
            mask: (1u64 << half) - 1,
            keys: [
                derive(key, 1),
                derive(key, 2),
                derive(key, 3),
                derive(key, 4),
            ],
        }
    }

    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline(always)]
    fn round_trip(&self, x: u64) -> u64 {
        let mut l = x >> self.half;
        let mut r = x & self.mask;
        for k in self.keys {
            let f = mix64(r ^ k) & self.mask;
            (l, r) = (r, l ^ f);
        }
        (l << self.half) | r
    }

    /// The image of `x` (< n).
    #[inline]
    pub fn apply(&self, x: u64) -> u64 {
        debug_assert!(x < self.n);
        let mut y = self.round_trip(x);
        while y >= self.n {
            y = self.round_trip(y);
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perm_is_a_bijection_for_many_sizes() {
        for n in [1u64, 2, 3, 5, 17, 1000, 4096, 4097, 12345] {
            let p = Perm::new(n, 99 + n);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let y = p.apply(i);
                assert!(y < n);
                assert!(!seen[y as usize], "n={n} collision at {i}");
                seen[y as usize] = true;
            }
        }
    }

    #[test]
    fn pinned_stream_values() {
        // SplitMix64 from state 0: published reference outputs of the algorithm.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn uniform_moments() {
        let mut r = Rng::new(7);
        let n = 200_000;
        let mean: f64 = (0..n).map(|_| r.f64()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "{mean}");
        let mut r = Rng::new(8);
        let z: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let m = z.iter().sum::<f64>() / n as f64;
        let v = z.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.02, "{m} {v}");
    }
}
