//! `--shard K/N`: this run takes the documents whose id hashes to part K of N, so that
//! N runs (an indexed Kubernetes Job, a Slurm or AWS Batch array) share an archive
//! without talking to each other. The hash is SHA-256 of the id: the same on every
//! machine and in every version, so a document always falls in the same part, and two
//! documents with the same id fall in the same part, where the duplicate is caught.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Part `k` (from 0) of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This part, from 0.
    pub k: u32,
    /// How many parts.
    pub n: u32,
}

impl Shard {
    /// Whether the document with this id belongs to this part.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::batch::shard::Shard;
    /// let parts: Vec<Shard> = (0..3).map(|k| Shard { k, n: 3 }).collect();
    /// // every id falls in exactly one part
    /// for id in ["a.txt", "b.txt", "2024/c.html", "feed.jsonl#7"] {
    ///     assert_eq!(parts.iter().filter(|s| s.contains(id)).count(), 1);
    /// }
    /// ```
    pub fn contains(&self, id: &str) -> bool {
        if self.n <= 1 {
            return true;
        }
        let digest = Sha256::digest(id.as_bytes());
        let h = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        h % u64::from(self.n) == u64::from(self.k)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Parses `K/N`, with `0 <= K < N`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("{s:?} is not a shard like 0/4 (part K of N, 0 <= K < N)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k >= n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["8/8", "1/0", "x/2", "3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    /// The parts of three ids among 8, as SHA-256 puts them.
    const PINNED: [u32; 3] = [5, 2, 5];

    #[test]
    fn parts_are_balanced_and_stable() {
        let ids: Vec<String> = (0..4000).map(|i| format!("doc-{i}.txt")).collect();
        let mut sizes = [0usize; 4];
        for id in &ids {
            let owners: Vec<u32> = (0..4).filter(|&k| Shard { k, n: 4 }.contains(id)).collect();
            assert_eq!(owners.len(), 1);
            sizes[owners[0] as usize] += 1;
        }
        assert!(sizes.iter().all(|&s| (900..1100).contains(&s)), "{sizes:?}");
        // pinned: the part of an id never changes between versions or machines
        let part = |id: &str| (0..8).find(|&k| Shard { k, n: 8 }.contains(id)).unwrap();
        assert_eq!(
            [part("a.txt"), part("2024/b.html"), part("feed.jsonl#7")],
            PINNED
        );
    }
}
