//! `agora opinions`: opinion groups of a conversation exported by Pol.is.

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum OpinionsCommand {
    /// Opinion map, groups, representative and consensus statements.
    Analyse {
        /// Folder with comments.csv and votes.csv (or participants-votes.csv).
        dir: std::path::PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: OpinionsCommand) -> Result<()> {
    match command {
        OpinionsCommand::Analyse { .. } => anyhow::bail!("not implemented yet"),
    }
}
