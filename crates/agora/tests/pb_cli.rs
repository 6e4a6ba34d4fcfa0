//! `agora pb winners` as a city, a journalist or a researcher would run it.

mod common;

use common::agora;

const ELECTION: &str = "META\nkey;value\ndescription;Park budget\nbudget;3\nvote_type;approval\n\
    PROJECTS\nproject_id;cost;name\nx1;1;Benches\nx2;1;Trees\nx3;1;Lights\ny;1;Fountain\n\
    VOTES\nvoter_id;vote\n1;x1,x2,x3\n2;x1,x2,x3\n3;x1,x2,x3\n4;y\n";

#[test]
fn prints_the_winners_as_json_and_explains_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("park.pb");
    std::fs::write(&file, ELECTION).unwrap();
    let file = file.to_str().unwrap();

    let (ok, out, err) = agora(&["pb", "winners", file, "--rule", "mes", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["rule"], "mes");
    assert_eq!(json["winners"], serde_json::json!(["x1", "x2"]));
    assert_eq!(json["total_cost"], "2");

    // Add1 draws its progress bar on a terminal only: piped, stdout holds the JSON alone
    // and stderr stays empty.
    let (ok, out, err) = agora(&["pb", "winners", file, "--rule", "mes-add1", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["winners"], serde_json::json!(["x1", "x2"]));
    assert_eq!(err, "");

    let (ok, out, _) = agora(&["pb", "winners", file, "--rule", "mes", "--completion", "greedy", "--explain"]);
    assert!(ok);
    assert!(out.contains("Rule mes: 3 projects funded for 3"), "{out}");
    assert!(out.contains("Completion: #x3 \"Lights\" is funded"), "{out}");
}

#[test]
fn refuses_bad_input_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.pb");
    std::fs::write(&file, ELECTION.replace("4;y", "4;z")).unwrap();
    let file = file.to_str().unwrap();

    let (ok, _, err) = agora(&["pb", "winners", file, "--rule", "greedy"]);
    assert!(!ok);
    assert!(err.contains("line 17") && err.contains("unknown project z"), "{err}");
    let (ok, _, err) = agora(&["pb", "winners", file, "--rule", "best"]);
    assert!(!ok);
    assert!(err.contains("the rules are greedy, mes, mes-card, mes-add1, phragmen"), "{err}");
    let (ok, _, err) = agora(&["pb", "winners", "/nonexistent.pb", "--rule", "greedy"]);
    assert!(!ok);
    assert!(err.contains("cannot read /nonexistent.pb"), "{err}");
    let good = dir.path().join("park.pb");
    std::fs::write(&good, ELECTION).unwrap();
    let (ok, _, err) = agora(&["pb", "winners", good.to_str().unwrap(), "--rule", "mes-add1", "--increment", "0"]);
    assert!(!ok);
    assert!(err.contains("--increment must be a positive amount"), "{err}");
}
