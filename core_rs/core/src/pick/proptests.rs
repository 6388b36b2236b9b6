//! Property tests: arbitrary sequences of scans (valid keys, wrong keys, repeated ids),
//! manual entries, undos, shortages and rebuilds on lines with and without a tolerance
//! never count more than ordered plus the tolerance above, a line is complete exactly when
//! its picked quantity is within its tolerance, never
//! count one operation id twice, undo restores the previous counts exactly, and a session
//! rebuilt from JSON or bytes at any point gives the same verdicts as the original.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;

use super::*;

const KEYS: usize = 6; // K0..K5 may be on lines; K6, K7 never are.

#[derive(Clone, Debug)]
enum Op {
    Scan {
        id: u8,
        key: usize,
        quantity: Option<i64>,
        batch: bool,
        expiry: bool,
        serial: Option<u8>,
        known: bool,
    },
    Manual {
        id: u8,
        line: usize,
        quantity: i64,
        batch: bool,
        expiry: bool,
        serial: Option<u8>,
    },
    Undo {
        id: u8,
    },
    Shortage {
        line: usize,
    },
    /// Enter what an open line still needs (fresh id, all capture data), so that orders
    /// do get complete.
    Fill {
        line: usize,
    },
    Rebuild {
        json: bool,
    },
}

/// Quantities in quarters of a base unit, so fractional lines and weights occur.
fn quarters(n: i64) -> Qty {
    Qty::from_raw(n * Qty::SCALE / 4).unwrap()
}

type LineParts = (
    Option<i64>,
    i64,
    BTreeSet<usize>,
    Vec<i64>,
    (bool, bool, bool),
    Option<(i64, i64)>,
);

fn line_strategy() -> impl Strategy<Value = LineParts> {
    (
        prop::option::of(0..3i64),
        (1..=16i64).prop_map(|halves| halves * 2),
        prop::collection::btree_set(0..KEYS, 0..3),
        prop::collection::vec(
            prop_oneof![Just(4i64), Just(4), Just(4), Just(2), Just(8)],
            3,
        ),
        (any::<bool>(), any::<bool>(), prop::bool::weighted(0.2)),
        // Tolerance below and above in quarters (below is cut to less than ordered).
        prop::option::weighted(0.4, (0..=6i64, 0..=6i64)),
    )
}

fn order_strategy() -> impl Strategy<Value = Vec<LineSpec>> {
    prop::collection::vec(line_strategy(), 1..6).prop_map(|lines| {
        lines
            .into_iter()
            .enumerate()
            .map(
                |(index, (product, ordered, keys, multipliers, (b, e, s), tolerance))| {
                    let mut spec = LineSpec::new(index as i64 + 1, product, quarters(ordered))
                        .requiring(b && index % 2 == 0, e && index % 3 == 0, s);
                    if let Some((below, above)) = tolerance {
                        spec =
                            spec.with_tolerance(quarters(below.min(ordered - 1)), quarters(above));
                    }
                    for (key, multiplier) in keys.into_iter().zip(multipliers) {
                        let multiplier = if s { Qty::ONE } else { quarters(multiplier) };
                        spec = spec.with_barcode(format!("K{key}"), multiplier);
                    }
                    spec
                },
            )
            .collect()
    })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (
            0..16u8,
            0..KEYS + 2,
            prop::option::weighted(0.2, 1..=12i64),
            prop::bool::weighted(0.8),
            prop::bool::weighted(0.8),
            prop::option::weighted(0.7, 0..4u8),
            any::<bool>(),
        )
            .prop_map(|(id, key, quantity, batch, expiry, serial, known)| Op::Scan {
                id,
                key,
                quantity,
                batch,
                expiry,
                serial,
                known,
            }),
        2 => (
            0..16u8,
            0..6usize,
            1..=12i64,
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0..4u8),
        )
            .prop_map(|(id, line, quantity, batch, expiry, serial)| Op::Manual {
                id,
                line,
                quantity,
                batch,
                expiry,
                serial,
            }),
        2 => (0..6u8).prop_map(|id| Op::Undo { id }),
        1 => (0..6usize).prop_map(|line| Op::Shortage { line }),
        2 => (0..6usize).prop_map(|line| Op::Fill { line }),
        1 => any::<bool>().prop_map(|json| Op::Rebuild { json }),
    ]
}

fn picks(session: &PickSession) -> Vec<Qty> {
    session.lines().map(|line| line.picked).collect()
}

/// Apply one operation; `None` for a rebuild.  Only a shortage on a complete line may be
/// an error.  Ids of scans and manual entries share one
/// pool ("o3" may be a scan and then an entry), undo ids another.
fn apply(session: &mut PickSession, op: &Op) -> Option<(String, Result<Verdict, PickError>)> {
    let serial_text = |serial: &Option<u8>| serial.map(|s| format!("SN{s}"));
    match op {
        Op::Scan {
            id,
            key,
            quantity,
            batch,
            expiry,
            serial,
            known,
        } => {
            let id = format!("o{id}");
            let key = format!("K{key}");
            let serial = serial_text(serial);
            let input = ScanInput {
                scan_id: &id,
                key: &key,
                quantity: quantity.map(quarters),
                batch: batch.then_some("L1"),
                expiry: expiry.then_some("2030-01-01"),
                serial: serial.as_deref(),
                known_product: *known,
            };
            let verdict = session.scan(&input);
            Some((id, verdict))
        }
        Op::Manual {
            id,
            line,
            quantity,
            batch,
            expiry,
            serial,
        } => {
            let id = format!("o{id}");
            let line_id = (*line % session.lines().len()) as i64 + 1;
            let serial = serial_text(serial);
            let entry = ManualEntry {
                entry_id: &id,
                line_id,
                quantity: quarters(*quantity),
                batch: batch.then_some("L1"),
                expiry: expiry.then_some("2030-01-01"),
                serial: serial.as_deref(),
            };
            let verdict = session.manual(&entry);
            Some((id, verdict))
        }
        Op::Undo { id } => {
            let id = format!("u{id}");
            let verdict = session.undo(&id);
            Some((id, verdict))
        }
        Op::Shortage { line } => {
            let line_id = (*line % session.lines().len()) as i64 + 1;
            let result = session.report_shortage(line_id, "brak");
            if let Err(error) = &result {
                // The only refusal: the line is already fully picked.
                assert_eq!(error, &PickError::NothingShort { line_id });
                assert_eq!(
                    session.line(line_id).unwrap().status(),
                    LineStatus::Complete
                );
            }
            Some((format!("shortage {line_id}"), result))
        }
        Op::Fill { line } => {
            let line_id = (*line % session.lines().len()) as i64 + 1;
            let view = session.line(line_id).unwrap();
            if view.status() != LineStatus::Open {
                return Some(("fill".to_owned(), Err(PickError::NothingShort { line_id })));
            }
            let remaining = view.remaining();
            let id = format!("fill{}", session.progress().operations);
            let serial = format!("F{id}");
            let entry = ManualEntry {
                entry_id: &id,
                line_id,
                quantity: remaining,
                batch: Some("L1"),
                expiry: Some("2030-01-01"),
                serial: Some(&serial),
            };
            let verdict = session.manual(&entry);
            assert!(verdict
                .as_ref()
                .is_ok_and(|v| v.counted() == Some(remaining)));
            Some((id, verdict))
        }
        Op::Rebuild { .. } => None,
    }
}

fn check_invariants(session: &PickSession) {
    let mut by_actions = vec![Qty::ZERO; session.lines().len()];
    for action in session.actions() {
        let index = session
            .lines()
            .position(|line| line.line_id() == action.line_id)
            .unwrap();
        by_actions[index] = by_actions[index].plus(action.quantity);
    }
    for (line, from_actions) in session.lines().zip(by_actions) {
        assert!(
            line.picked >= Qty::ZERO,
            "line {} below zero",
            line.line_id()
        );
        assert!(
            line.picked <= line.spec.accepts_up_to(),
            "line {} picked {} of {} (+{})",
            line.line_id(),
            line.picked,
            line.ordered(),
            line.spec.tolerance.above
        );
        let within = line.picked >= line.spec.complete_from();
        match line.status() {
            LineStatus::Complete => assert!(within, "line {} complete early", line.line_id()),
            LineStatus::Open => assert!(!within, "line {} open when full", line.line_id()),
            LineStatus::Short => {}
        }
        assert_eq!(
            line.remaining(),
            if within {
                Qty::ZERO
            } else {
                line.ordered().minus(line.picked)
            }
        );
        assert_eq!(line.picked, from_actions, "line {}", line.line_id());
    }
    let all_full = session
        .lines()
        .all(|line| line.status() == LineStatus::Complete);
    assert_eq!(session.is_complete(), all_full);
    let none_open = session
        .lines()
        .all(|line| line.status() != LineStatus::Open);
    assert_eq!(session.is_finished(), none_open);
}

fn run(specs: Vec<LineSpec>, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut session = PickSession::new(specs).unwrap();
    // A session rebuilt at the last Rebuild, fed the same operations since.
    let mut shadow: Option<PickSession> = None;
    let mut counted_ids: HashSet<String> = HashSet::new();
    // Line counts before each counted action still in effect.
    let mut before_counts: Vec<Vec<Qty>> = Vec::new();
    for op in &ops {
        if let Op::Rebuild { json } = op {
            let rebuilt = if *json {
                PickSession::from_json(&session.to_json()).unwrap()
            } else {
                PickSession::from_bytes(&session.to_bytes()).unwrap()
            };
            prop_assert_eq!(&rebuilt, &session);
            shadow = Some(rebuilt);
            continue;
        }
        let before = picks(&session);
        let (id, result) = apply(&mut session, op).unwrap();
        if let Some(shadow) = shadow.as_mut() {
            let (_, again) = apply(shadow, op).unwrap();
            prop_assert_eq!(&again, &result, "rebuilt session differs on {:?}", op);
        }
        let after = picks(&session);
        let verdict = match result {
            Ok(verdict) => verdict,
            Err(_) => {
                prop_assert_eq!(&after, &before);
                continue;
            }
        };
        match &verdict {
            v if v.counted().is_some() => {
                prop_assert!(counted_ids.insert(id.clone()), "{} counted twice", id);
                let line = v.line().unwrap();
                let index = session
                    .lines()
                    .position(|l| l.line_id() == line.line_id)
                    .unwrap();
                prop_assert_eq!(after[index], before[index].plus(v.counted().unwrap()));
                prop_assert_eq!(after[index], line.picked);
                before_counts.push(before);
            }
            Verdict::Undone { .. } => {
                let expected = before_counts.pop().expect("undo with nothing counted");
                prop_assert_eq!(&after, &expected, "undo did not restore the counts");
            }
            Verdict::NothingToUndo => {
                prop_assert!(before_counts.is_empty());
                prop_assert_eq!(&after, &before);
            }
            Verdict::OverPick {
                line,
                attempted,
                excess,
            } => {
                prop_assert!(excess.is_positive());
                let expected = if line.is_full() {
                    *attempted
                } else {
                    line.picked
                        .plus(*attempted)
                        .minus(line.ordered.plus(line.tolerance.above))
                };
                prop_assert_eq!(expected, *excess);
                prop_assert_eq!(&after, &before);
            }
            Verdict::Duplicate { first } => {
                prop_assert!(!first.is_open());
                let nested = matches!(**first, Verdict::Duplicate { .. });
                prop_assert!(!nested, "a duplicate of a duplicate");
                prop_assert_eq!(&after, &before);
            }
            _ => prop_assert_eq!(&after, &before),
        }
        check_invariants(&session);
    }
    if let Some(shadow) = shadow {
        prop_assert_eq!(&shadow, &session);
        prop_assert_eq!(shadow.to_bytes(), session.to_bytes());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_sequence_breaks_the_rules(
        specs in order_strategy(),
        ops in prop::collection::vec(op_strategy(), 0..80),
    ) {
        run(specs, ops)?;
    }

    #[test]
    fn a_rebuild_at_any_point_gives_the_same_verdicts(
        specs in order_strategy(),
        ops in prop::collection::vec(op_strategy(), 0..60),
        cut in 0..60usize,
        json in any::<bool>(),
    ) {
        let mut ops = ops;
        let cut = cut.min(ops.len());
        ops.insert(cut, Op::Rebuild { json });
        run(specs, ops)?;
    }
}
