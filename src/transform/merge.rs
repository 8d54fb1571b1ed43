//! Merging a figure that a document states more than once (in a headline and in the
//! body, or twice in the body) into one row, with `mentions` counting the statements.
//!
//! Two statements are the same figure when they measure the same thing (kind, amount,
//! currency or unit) and nothing they say disagrees: the same actor or one of them
//! silent, the same period or one of them silent. The row keeps the body's statement
//! (its text, offsets and sentence); what it leaves empty is taken from the others.

/// What merging needs to know of a statement.
pub trait Mergeable {
    /// Kind, amount and currency or unit, as one comparable key.
    type Key<'a>: Eq + std::hash::Hash
    where
        Self: 'a;
    /// The period, as resolved dates or text.
    type Period<'a>: PartialEq
    where
        Self: 'a;
    /// Its key.
    fn key(&self) -> Self::Key<'_>;
    /// The actor, if stated.
    fn actor(&self) -> Option<&str>;
    /// The period, if stated.
    fn period(&self) -> Option<Self::Period<'_>>;
    /// Whether it stands in a heading.
    fn in_heading(&self) -> bool;
}

/// A group of statements of one figure: the index of the one the row keeps, and all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The statement the row keeps: the first one in the body, else the first.
    pub primary: usize,
    /// Every statement, in document order.
    pub members: Vec<usize>,
}

/// Groups statements (given in document order) into figures, in order of first
/// appearance.
///
/// # Example
///
/// ```
/// use figures::transform::merge::{group, Mergeable};
/// struct S(&'static str, Option<&'static str>, bool);
/// impl Mergeable for S {
///     type Key<'a> = &'a str;
///     type Period<'a> = ();
///     fn key(&self) -> &str { self.0 }
///     fn actor(&self) -> Option<&str> { self.1 }
///     fn period(&self) -> Option<()> { None }
///     fn in_heading(&self) -> bool { self.2 }
/// }
/// let statements = [S("2.9e9 USD", Some("Microsoft"), true), S("1e9 USD", Some("Google"), false),
///                   S("2.9e9 USD", Some("Microsoft"), false)];
/// let groups = group(&statements);
/// assert_eq!(groups.len(), 2);
/// assert_eq!((groups[0].primary, groups[0].members.len()), (2, 2));
/// ```
pub fn group<T: Mergeable>(items: &[T]) -> Vec<Group> {
    use std::collections::hash_map::Entry;
    // each statement's key, actor and period once; only groups of the same key can
    // take a statement
    let periods: Vec<Option<T::Period<'_>>> = items.iter().map(Mergeable::period).collect();
    let mut groups: Vec<Group> = Vec::with_capacity(items.len());
    // per key, its first and last group; the groups of one key are chained in order
    let mut by_key: rustc_hash::FxHashMap<T::Key<'_>, (usize, usize)> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
    let mut next_of_key: Vec<usize> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let fits = |g: usize| {
            groups[g].members.iter().all(|&m| {
                agree(items[m].actor(), item.actor())
                    && agree(periods[m].as_ref(), periods[i].as_ref())
            })
        };
        let new = groups.len();
        let chain = by_key.entry(item.key());
        let mut found = None;
        if let Entry::Occupied(e) = &chain {
            let mut g = e.get().0;
            while g != usize::MAX {
                if fits(g) {
                    found = Some(g);
                    break;
                }
                g = next_of_key[g];
            }
        }
        match found {
            Some(g) => groups[g].members.push(i),
            None => {
                match chain {
                    Entry::Occupied(mut e) => {
                        next_of_key[e.get().1] = new;
                        e.get_mut().1 = new;
                    }
                    Entry::Vacant(e) => {
                        e.insert((new, new));
                    }
                }
                next_of_key.push(usize::MAX);
                groups.push(Group {
                    primary: i,
                    members: vec![i],
                });
            }
        }
    }
    for g in &mut groups {
        g.primary = g
            .members
            .iter()
            .copied()
            .find(|&m| !items[m].in_heading())
            .unwrap_or(g.members[0]);
    }
    groups
}

/// Two statements agree on something when both say the same, or one says nothing.
fn agree<V: PartialEq>(x: Option<V>, y: Option<V>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    struct S(Decimal, Option<(u32, u32)>);

    impl Mergeable for S {
        type Key<'a> = Decimal;
        type Period<'a> = (u32, u32);
        fn key(&self) -> Decimal {
            self.0
        }
        fn actor(&self) -> Option<&str> {
            None
        }
        fn period(&self) -> Option<(u32, u32)> {
            self.1
        }
        fn in_heading(&self) -> bool {
            false
        }
    }

    #[test]
    fn amounts_merge_by_value_and_periods_must_agree() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 1.5 and 1.50 are one amount (decimals hash by value, whatever their scale)
        let groups = group(&[S(d("1.5"), None), S(d("1.50"), Some((1, 2)))]);
        assert_eq!(groups.len(), 1);
        let groups = group(&[
            S(d("1.5"), Some((1, 2))),
            S(d("1.50"), Some((1, 3))),
            S(d("1.500"), None),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].members, [0, 2]);
        // a statement joins the first group of its amount that it agrees with, past
        // those it does not, and past other amounts
        let groups = group(&[
            S(d("7"), Some((1, 2))),
            S(d("7"), Some((1, 3))),
            S(d("8"), Some((1, 3))),
            S(d("7"), Some((1, 4))),
            S(d("7"), Some((1, 3))),
            S(d("7"), Some((1, 4))),
        ]);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, [&[0][..], &[1, 4], &[2], &[3, 5]]);
    }
}
