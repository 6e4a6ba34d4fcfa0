//! `agora pb`: participatory-budgeting winners.

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum PbCommand {
    /// Opinion map, groups, representative and consensus statements.
    Analyse {
        /// Folder with comments.csv and votes.csv (or participants-votes.csv).
        dir: std::path::PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: PbCommand) -> Result<()> {
    match command {
        PbCommand::Analyse { .. } => anyhow::bail!("not implemented yet"),
    }
}
