//! Walker/Vose alias tables: O(1) sampling from a discrete distribution with one 64-bit draw.

use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct Alias {
    /// Acceptance threshold of slot i, scaled to 2^64.
    prob: Vec<u64>,
    alias: Vec<u32>,
}

impl Alias {
    /// Builds from non-negative weights (at least one positive). Deterministic: the same weights
    /// give the same table on every platform (plain IEEE arithmetic in a fixed order).
    pub fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        assert!(
            n > 0 && n < u32::MAX as usize,
            "alias table needs 1..2^32 weights"
        );
        let total: f64 = weights.iter().sum();
        assert!(total > 0.0, "alias table needs a positive weight");
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut prob = vec![u64::MAX; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            prob[s] = to_threshold(scaled[s]);
            alias[s] = l as u32;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        Alias { prob, alias }
    }

    pub fn len(&self) -> usize {
        self.prob.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prob.is_empty()
    }

    /// One index, from one draw: the high part picks the slot, the low part is the coin.
    #[inline(always)]
    pub fn sample(&self, rng: &mut Rng) -> usize {
        self.sample_u64(rng.next_u64())
    }

    /// Asks the CPU to bring the slot that `sample_u64(u)` reads into cache.
    #[inline(always)]
    pub fn prefetch(&self, u: u64) {
        let slot = ((u as u128 * self.prob.len() as u128) >> 64) as usize;
        prefetch(&self.prob[slot]);
        prefetch(&self.alias[slot]);
    }

    #[inline(always)]
    pub fn sample_u64(&self, u: u64) -> usize {
        let m = u as u128 * self.prob.len() as u128;
        let slot = (m >> 64) as usize;
        let coin = m as u64;
        if coin < self.prob[slot] {
            slot
        } else {
            self.alias[slot] as usize
        }
    }
}

/// A hint to load the cache line holding `p` (no effect on results; none off x86-64).
#[inline(always)]
pub fn prefetch<T: ?Sized>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing the program sees.
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((p as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

fn to_threshold(p: f64) -> u64 {
    if p >= 1.0 {
        u64::MAX
    } else {
        (p * 18_446_744_073_709_551_616.0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_follow_weights() {
        let w = [1.0, 0.0, 3.0, 6.0];
        let a = Alias::new(&w);
        let mut r = Rng::new(1);
        let mut c = [0u32; 4];
        let n = 400_000;
        for _ in 0..n {
            c[a.sample(&mut r)] += 1;
        }
        assert_eq!(c[1], 0);
        for (i, wi) in w.iter().enumerate() {
            let expect = wi / 10.0;
            let got = c[i] as f64 / n as f64;
            assert!((got - expect).abs() < 0.005, "{i}: {got} vs {expect}");
        }
    }
}
