//! Helpers shared by the command-line tests.

use std::process::Command;

/// Runs the `agora` binary built for the tests: (succeeded, stdout, stderr).
pub fn agora(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run agora: {e}"));
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.success(), text(&output.stdout), text(&output.stderr))
}
