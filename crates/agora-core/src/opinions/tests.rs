use super::*;

fn vote(participant: Id, statement: Id, value: i64, order: i64) -> Vote {
    Vote { participant, statement, choice: Choice::from_value(value).unwrap(), order }
}

fn statements(n: Id) -> Vec<Statement> {
    (0..n).map(|id| Statement { id, rejected: false }).collect()
}

/// Two camps of 20 that answer 10 statements in opposite ways, with a little noise from a
/// fixed sequence so that positions are not all identical.
fn two_camps() -> Conversation {
    let mut votes = Vec::new();
    let mut state = 7u64;
    for p in 0..40 {
        for s in 0..10 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let noise = (state >> 33).is_multiple_of(10);
            let camp = if p % 2 == 0 { 1 } else { -1 };
            let side = if s % 2 == 0 { 1 } else { -1 };
            let value = if noise { 0 } else { camp * side };
            votes.push(vote(p, s, value, p * 100 + s));
        }
    }
    Conversation { statements: statements(10), votes, banned: BTreeSet::new() }
}

fn groups_of(a: &Analysis) -> Vec<(Id, Option<usize>)> {
    a.participants.iter().map(|p| (p.id, p.group)).collect()
}

#[test]
fn finds_two_planted_camps() {
    let a = analyse(&two_camps(), &Params::default());
    assert_eq!(a.groups.len(), 2);
    assert_eq!(a.clustered, 40);
    let even = a.participants[0].group;
    for p in &a.participants {
        assert!(p.group.is_some());
        assert_eq!(p.group == even, p.id % 2 == 0, "participant {}", p.id);
    }
    assert_eq!(a.groups.iter().map(|g| g.size).sum::<usize>(), 40);
    // Each camp is set apart by the statements it agrees with and the other rejects.
    for g in &a.groups {
        assert!(!g.representative.is_empty());
        assert!(g.representative.iter().all(|r| r.z > Z_90));
    }
    let camp_of_0 = a.participants[0].group.unwrap();
    let rep = &a.groups[camp_of_0].representative[0];
    let agrees = rep.statement % 2 == 0;
    assert_eq!(rep.direction == Direction::Agree, agrees, "{rep:?}");
    // Nobody agrees across camps: no consensus.
    assert!(a.consensus.is_empty());
}

#[test]
fn same_input_same_output_whatever_the_vote_order() {
    let conv = two_camps();
    let a = analyse(&conv, &Params::default());
    let mut reversed = conv.clone();
    reversed.votes.reverse();
    reversed.statements.reverse();
    let b = analyse(&reversed, &Params::default());
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    let c = analyse(&conv, &Params::default());
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&c).unwrap());
}

#[test]
fn latest_vote_wins() {
    let conv = Conversation {
        statements: statements(1),
        votes: vec![vote(1, 0, 1, 5), vote(1, 0, -1, 9), vote(1, 0, 0, 7), vote(2, 0, 1, 3), vote(2, 0, -1, 3)],
        banned: BTreeSet::new(),
    };
    let m = VoteMatrix::build(&conv);
    assert_eq!(m.participants, vec![1, 2]);
    // Participant 1: order 9 wins. Participant 2: equal order, the later in the list wins.
    assert_eq!(m.rows[0], vec![(0, Choice::Disagree)]);
    assert_eq!(m.rows[1], vec![(0, Choice::Disagree)]);
}

#[test]
fn rejected_statements_are_ignored() {
    let mut conv = two_camps();
    // A rejected statement on which the camps are split differently (by id parity of
    // the participant's tens digit) must change nothing.
    conv.statements.push(Statement { id: 99, rejected: true });
    for p in 0..40 {
        conv.votes.push(vote(p, 99, if (p / 10) % 2 == 0 { 1 } else { -1 }, 10_000));
    }
    // And a participant whose only vote is on it is reported but left out.
    conv.votes.push(vote(500, 99, 1, 10_001));
    let a = analyse(&conv, &Params::default());
    let b = analyse(&two_camps(), &Params::default());
    assert_eq!(a.statements, 10);
    assert!(a.groups.iter().flat_map(|g| &g.representative).all(|r| r.statement != 99));
    assert!(a.consensus.iter().all(|c| c.statement != 99));
    let without_500: Vec<_> = groups_of(&a).into_iter().filter(|(id, _)| *id != 500).collect();
    assert_eq!(without_500, groups_of(&b));
    let p500 = a.participants.iter().find(|p| p.id == 500).unwrap();
    assert_eq!((p500.group, p500.x, p500.votes, p500.banned), (None, None, 0, false));
}

#[test]
fn banned_participants_take_no_part() {
    let mut conv = two_camps();
    // Ten sock puppets who all agree with everything, then are banned.
    for p in 1000..1010 {
        for s in 0..10 {
            conv.votes.push(vote(p, s, 1, 50_000));
        }
    }
    conv.banned = (1000..1010).collect();
    let a = analyse(&conv, &Params::default());
    let b = analyse(&two_camps(), &Params::default());
    assert_eq!(serde_json::to_string(&a.groups).unwrap(), serde_json::to_string(&b.groups).unwrap());
    assert_eq!(serde_json::to_string(&a.consensus).unwrap(), serde_json::to_string(&b.consensus).unwrap());
    let banned: Vec<_> = a.participants.iter().filter(|p| p.banned).collect();
    assert_eq!(banned.len(), 10);
    assert!(banned.iter().all(|p| p.group.is_none() && p.x.is_none()));
    let json = serde_json::to_value(&a).unwrap();
    let p = json["participants"].as_array().unwrap().iter().find(|p| p["id"] == 1000).unwrap();
    assert!(p["group"].is_null());
}

#[test]
fn participants_with_too_few_votes_are_mapped_but_not_clustered() {
    let mut conv = two_camps();
    conv.votes.push(vote(77, 0, 1, 1));
    conv.votes.push(vote(77, 1, -1, 2));
    let a = analyse(&conv, &Params::default());
    let p = a.participants.iter().find(|p| p.id == 77).unwrap();
    assert_eq!(p.group, None);
    assert!(p.x.is_some() && p.y.is_some());
    assert_eq!(a.clustered, 40);
}

#[test]
fn consensus_finds_what_everyone_agrees_with() {
    let mut conv = two_camps();
    conv.statements.push(Statement { id: 10, rejected: false });
    for p in 0..40 {
        conv.votes.push(vote(p, 10, if p == 3 { 0 } else { 1 }, 20_000));
    }
    let a = analyse(&conv, &Params::default());
    assert_eq!(a.consensus.len(), 1);
    let c = &a.consensus[0];
    assert_eq!((c.statement, c.direction, c.votes), (10, Direction::Agree, 40));
    assert!((c.agree - 39.0 / 40.0).abs() < 1e-12);
}

#[test]
fn tiny_and_empty_conversations_do_not_fail() {
    let empty = analyse(&Conversation::default(), &Params::default());
    assert!(empty.participants.is_empty() && empty.groups.is_empty());
    let one = Conversation { statements: statements(1), votes: vec![vote(1, 0, 1, 0)], banned: BTreeSet::new() };
    let a = analyse(&one, &Params::default());
    assert_eq!(a.groups.len(), 1);
    assert_eq!(a.participants[0].group, Some(0));
    let same = Conversation {
        statements: statements(2),
        votes: (0..5).flat_map(|p| [vote(p, 0, 1, 0), vote(p, 1, 1, 0)]).collect(),
        banned: BTreeSet::new(),
    };
    let a = analyse(&same, &Params::default());
    assert_eq!(a.groups.len(), 1, "identical voters form one group");
    assert!(a.participants.iter().all(|p| p.x == Some(0.0)));
}

#[test]
fn adjusted_rand_index_on_known_examples() {
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
    assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 0, 0]), 1.0);
    // sklearn's documented example: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714...
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 4.0 / 7.0).abs() < 1e-12);
    // and ([0,0,1,2],[0,0,1,1]) is symmetric.
    assert!((adjusted_rand_index(&[0, 0, 1, 2], &[0, 0, 1, 1]) - 4.0 / 7.0).abs() < 1e-12);
    // Fully split against one cluster: 0.
    assert_eq!(adjusted_rand_index(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0);
    // sklearn: adjusted_rand_score([0,0,1,1],[0,1,0,1]) = -0.5.
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
}

#[test]
fn votes_on_rejected_statements_count_towards_being_grouped() {
    // As in Pol.is: 5 votes on kept statements and 2 on rejected ones make the 7 needed.
    let mut conv = two_camps();
    conv.statements.extend([Statement { id: 98, rejected: true }, Statement { id: 99, rejected: true }]);
    for s in 0..5 {
        conv.votes.push(vote(600, s, 1, 30_000 + s));
    }
    conv.votes.push(vote(600, 98, 1, 30_010));
    conv.votes.push(vote(600, 99, -1, 30_011));
    // Only 5 votes, none on rejected statements: mapped but not grouped.
    for s in 0..5 {
        conv.votes.push(vote(601, s, -1, 30_100 + s));
    }
    let a = analyse(&conv, &Params::default());
    let find = |id| a.participants.iter().find(|p| p.id == id).unwrap();
    assert_eq!(find(600).votes, 5);
    assert!(find(600).group.is_some());
    assert!(find(601).group.is_none());
    assert_eq!(a.clustered, 41);
}
