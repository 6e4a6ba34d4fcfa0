//! `agora opinions analyse` on a small conversation exported the way Pol.is exports.

mod common;

use common::agora;

/// Two camps of 15 people who answer ten statements in opposite ways; statement 9 is
/// rejected by moderation, and statement 0 is agreed by everyone.
fn conversation(dir: &std::path::Path) {
    let mut comments =
        String::from("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n");
    for id in 0..10 {
        let moderated = if id == 9 { -1 } else { 1 };
        comments += &format!("{id},x,{id},0,0,0,{moderated},\"Statement {id}, with a comma\"\n");
    }
    let mut votes = String::from("timestamp,datetime,comment-id,voter-id,vote\n");
    let mut time = 0;
    for voter in 0..30 {
        for statement in 0..10 {
            let camp = if voter < 15 { 1 } else { -1 };
            let vote = if statement == 0 {
                1
            } else if statement % 2 == 0 {
                camp
            } else {
                -camp
            };
            time += 1;
            votes += &format!("{time},x,{statement},{voter},{vote}\n");
        }
    }
    for (name, text) in [("comments.csv", comments), ("votes.csv", votes)] {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn finds_the_two_camps_and_what_everyone_agrees_on() {
    let dir = tempfile::tempdir().unwrap();
    conversation(dir.path());
    let path = dir.path().to_str().unwrap();

    let (ok, out, err) = agora(&["opinions", "analyse", path, "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let participants = json["participants"].as_array().unwrap();
    assert_eq!(participants.len(), 30);
    let group_of = |id: i64| participants.iter().find(|p| p["id"] == id).unwrap()["group"].as_i64().unwrap();
    for voter in 1..15 {
        assert_eq!(group_of(voter), group_of(0), "voter {voter} is in the first camp");
        assert_eq!(group_of(15 + voter), group_of(15), "voter {} is in the second camp", 15 + voter);
    }
    assert_ne!(group_of(0), group_of(15));
    assert!(participants.iter().all(|p| p["x"].is_number() && p["y"].is_number()));
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert!(groups.iter().all(|g| g["size"] == 15 && !g["representative"].as_array().unwrap().is_empty()));
    let consensus = json["consensus"].as_array().unwrap();
    assert!(consensus.iter().any(|c| c["statement"] == 0), "{consensus:?}");
    assert!(!out.contains("Statement 9"), "a rejected statement never shows");

    let (ok, out, _) = agora(&["opinions", "analyse", path]);
    assert!(ok);
    assert!(out.contains("Statement 0, with a comma"), "{out}");
}

#[test]
fn refuses_a_folder_that_is_not_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let (ok, _, err) = agora(&["opinions", "analyse", path]);
    assert!(!ok);
    assert!(err.contains("comments.csv"), "{err}");
    let (ok, _, err) = agora(&["opinions", "analyse", "/nonexistent"]);
    assert!(!ok);
    assert!(err.contains("not a folder"), "{err}");
}
