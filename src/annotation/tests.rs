use super::*;
use proptest::prelude::*;

fn ann(id: &str, start: u64, end: u64) -> Annotation {
    crate::test_support::annotation(id, &"q".repeat(end as usize), start, end)
}

#[test]
fn times_are_rfc3339_utc() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(rfc3339(1_764_366_944_123), "2025-11-28T21:55:44.123Z");
    assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
    assert_eq!(rfc3339(4_102_444_799_999), "2099-12-31T23:59:59.999Z");
}

#[test]
fn ids_are_uuid_v7_and_sort_by_time() {
    let a = new_id(1_764_366_944_123, u128::MAX);
    let b = new_id(1_764_366_944_124, 0);
    assert!(a < b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "7", "version 7: {a}");
    assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "variant: {a}");
}

#[test]
fn the_later_change_wins_and_a_tombstone_wins_a_tie() {
    let old = ann("x", 0, 5);
    let mut edited = old.clone();
    edited.note = "later".into();
    edited.updated = "2026-02-01T00:00:00.000Z".into();
    assert_eq!(
        merge(std::slice::from_ref(&old), std::slice::from_ref(&edited))[0].note,
        "later"
    );
    let mut deleted = old.clone();
    deleted.deleted = Some("2026-01-01T00:00:00.000Z".into());
    assert!(
        merge(std::slice::from_ref(&old), std::slice::from_ref(&deleted))[0]
            .deleted
            .is_some()
    );
    let mut late_delete = old.clone();
    late_delete.deleted = Some("2026-03-01T00:00:00.000Z".into());
    assert!(
        merge(&[edited], &[late_delete])[0].deleted.is_some(),
        "a deletion after an edit wins"
    );
}

#[test]
fn queries_follow_text_order() {
    let set = Annotations::from_all(vec![ann("b", 10, 20), ann("a", 0, 5), ann("c", 15, 30)]);
    let ids: Vec<_> = set
        .overlapping(CharPos(12), CharPos(16))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, ["b", "c"]);
    assert_eq!(set.next_after(CharPos(0)).unwrap().id, "b");
    assert_eq!(set.prev_before(CharPos(15)).unwrap().id, "b");
    assert!(set.prev_before(CharPos(0)).is_none());
    assert_eq!(
        set.overlapping(CharPos(5), CharPos(10)).count(),
        0,
        "half-open ranges"
    );
}

#[test]
fn deleted_ones_are_kept_as_tombstones() {
    let mut set = Annotations::from_all(vec![ann("a", 0, 5)]);
    let mut gone = set.get("a").unwrap().clone();
    gone.deleted = Some("2026-05-01T00:00:00.000Z".into());
    set.put(gone);
    assert!(set.is_empty());
    assert_eq!(set.all().len(), 1);
}

fn arb_version() -> impl Strategy<Value = Annotation> {
    (
        "[a-e]",
        0u64..50,
        0u8..4,
        proptest::option::of(0u8..4),
        "[xyz]{0,2}",
    )
        .prop_map(|(id, start, t, del, note)| {
            let mut a = ann(&id, start, start + 3);
            a.updated = format!("2026-01-0{}T00:00:00.000Z", t + 1);
            a.deleted = del.map(|d| format!("2026-01-0{}T00:00:00.000Z", d + 1));
            a.note = note;
            a
        })
}

proptest! {
    #[test]
    fn merge_is_commutative_idempotent_and_keeps_every_id(
        a in proptest::collection::vec(arb_version(), 0..8),
        b in proptest::collection::vec(arb_version(), 0..8),
    ) {
        let a = merge(&a, &[]);
        let b = merge(&b, &[]);
        let ab = merge(&a, &b);
        prop_assert_eq!(&ab, &merge(&b, &a));
        prop_assert_eq!(&merge(&ab, &ab), &ab);
        prop_assert_eq!(&merge(&ab, &a), &ab);
        for x in a.iter().chain(&b) {
            prop_assert!(ab.iter().any(|y| y.id == x.id));
        }
    }
}
