//! The one inheritance rule, for every kind that lives in scopes (secrets, credentials, and next KV
//! pairs and role bindings): seen from a scope, an item's nearest definition wins; the others are
//! shadowed by it.

use super::Scope;

/// The winning definition of one name as seen from the first scope of a lookup chain.
#[derive(Debug, Clone)]
pub struct Effective<T> {
    pub item: T,
    /// Where the winner is defined.
    pub origin: Scope,
    /// Defined somewhere else than the scope the lookup started from.
    pub inherited: bool,
    /// Farther definitions of the same name, nearest first.
    pub shadows: Vec<Scope>,
}

/// Groups `items` by name and keeps the nearest definition of each along `chain` (nearest first).
/// Items in scopes outside the chain are ignored. The result is ordered by name.
pub fn nearest_wins<T>(
    chain: &[Scope],
    items: impl IntoIterator<Item = T>,
    name: impl Fn(&T) -> &str,
    scope: impl Fn(&T) -> Scope,
) -> Vec<Effective<T>> {
    let depth = |s: &Scope| chain.iter().position(|c| c == s);
    let mut ranked: Vec<(String, usize, Scope, T)> = items
        .into_iter()
        .filter_map(|item| {
            let at = scope(&item);
            let d = depth(&at)?;
            Some((name(&item).to_owned(), d, at, item))
        })
        .collect();
    ranked.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut out: Vec<Effective<T>> = Vec::new();
    let mut current: Option<String> = None;
    for (item_name, _, at, item) in ranked {
        if current.as_deref() == Some(item_name.as_str()) {
            if let Some(winner) = out.last_mut() {
                winner.shadows.push(at);
            }
            continue;
        }
        out.push(Effective {
            inherited: chain.first() != Some(&at),
            origin: at,
            item,
            shadows: Vec::new(),
        });
        current = Some(item_name);
    }
    out
}

/// The nearest definition of a single name (items are all definitions of that name).
pub fn nearest<T>(
    chain: &[Scope],
    items: impl IntoIterator<Item = T>,
    scope: impl Fn(&T) -> Scope,
) -> Option<Effective<T>> {
    nearest_wins(chain, items, |_| "", scope).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NamespaceId;

    fn ns(raw: &str) -> Scope {
        Scope::Namespace(NamespaceId::parse(raw).unwrap())
    }

    #[test]
    fn nearest_definition_wins_and_marks_what_it_shadows() {
        let chain = ns("a.b").lookup_chain(true);
        let items = vec![
            ("x", Scope::Tenant),
            ("x", ns("a")),
            ("y", ns("a")),
            ("x", ns("a.b")),
            ("z", ns("other")),
        ];
        let got = nearest_wins(&chain, items, |i| i.0, |i| i.1.clone());
        let summary: Vec<_> = got
            .iter()
            .map(|e| (e.item.0, e.origin.clone(), e.inherited, e.shadows.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("x", ns("a.b"), false, vec![ns("a"), Scope::Tenant]),
                ("y", ns("a"), true, vec![]),
            ]
        );
    }

    #[test]
    fn a_sibling_with_a_common_prefix_is_not_an_ancestor() {
        let chain = ns("prod.eng").lookup_chain(false);
        let got = nearest(&chain, vec![ns("prod2"), ns("prod")], Clone::clone).unwrap();
        assert_eq!(got.origin, ns("prod"));
        assert!(got.shadows.is_empty());
    }
}
