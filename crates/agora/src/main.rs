//! `agora`: the server and its command line.

mod demo;
mod opinions;
mod pb;
mod seed;

use std::net::SocketAddr;
use std::sync::Arc;

use agora_db::Db;
use agora_web::config::{RateLimits, TrustProxy};
use agora_web::{AppState, Config};
use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "agora", version, about = "Agora, an open civic participation platform")]
struct Cli {
    /// sqlite://path/to/file.db (created on first run) or postgres://user@host/db
    #[arg(long, env = "AGORA_DATABASE_URL", default_value = "sqlite://data/agora.db", global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

/// Mail: how it leaves, and who it comes from.
#[derive(clap::Args)]
struct MailArgs {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=starttls` or
    /// `smtps://user:password@host:465`; without it, mails are written as `.eml` files
    /// into DATA_DIR/mail.
    #[arg(long, env = "AGORA_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of every mail, e.g. `Participate Ghent <participate@gent.be>`.
    #[arg(long, env = "AGORA_MAIL_FROM", default_value = "Agora <noreply@localhost>")]
    mail_from: String,
    /// The city's (or platform's) name, as mails sign with it.
    #[arg(long, env = "AGORA_SITE_NAME", default_value = "Agora")]
    site_name: String,
    /// Where Agora keeps files (mails written without SMTP, under `mail/`).
    #[arg(long, env = "AGORA_DATA_DIR", default_value = "data")]
    data_dir: std::path::PathBuf,
    /// Where files given as survey answers are kept (default: `uploads` in the data
    /// folder). With several app servers, a folder they all share.
    #[arg(long, env = "AGORA_UPLOADS_DIR")]
    uploads_dir: Option<std::path::PathBuf>,
    /// When the weekly digests go, in UTC: `mon 08:00`, `friday 17:30`, ...
    #[arg(long, env = "AGORA_DIGEST_AT", default_value = "mon 08:00")]
    digest_at: String,
}

impl MailArgs {
    /// Where uploaded files are kept.
    fn uploads(&self) -> std::path::PathBuf {
        self.uploads_dir.clone().unwrap_or_else(|| self.data_dir.join("uploads"))
    }

    /// The mailer, whose links lead to `base_url`.
    fn mailer(&self, base_url: &str) -> Result<agora_app::mail::Mailer> {
        let site = agora_app::mail::Site { name: self.site_name.clone(), base_url: base_url.to_owned() };
        agora_app::mail::Mailer::new(self.smtp_url.as_deref(), &self.mail_from, &self.data_dir.join("mail"), site)
            .map_err(|e| anyhow!(e))
    }

    fn digest(&self) -> Result<agora_app::digests::Schedule> {
        agora_app::digests::Schedule::parse(&self.digest_at).map_err(|e| anyhow!("AGORA_DIGEST_AT: {e}"))
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "AGORA_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Public address of the site (links, secure cookies); defaults to http://BIND.
    #[arg(long, env = "AGORA_BASE_URL")]
    base_url: Option<String>,
    /// `off`, or limits such as `sign_in_ip=20/60,posting=30/60` (burst/per hour).
    #[arg(long, env = "AGORA_RATE_LIMITS", default_value = "")]
    rate_limits: String,
    /// Behind a load balancer: `true` (one proxy), a number of proxies, or the proxies'
    /// addresses (`10.0.0.0/8,192.168.1.1`); the client is the address they saw.
    #[arg(long, env = "AGORA_TRUST_PROXY", default_value = "false")]
    trust_proxy: String,
    /// A secret the first-run set-up page asks for, so that only the operator can make
    /// the first administrator.
    #[arg(long, env = "AGORA_SETUP_TOKEN", hide_env_values = true)]
    setup_token: Option<String>,
    /// Seconds between two refreshes of the trending ranks.
    #[arg(long, env = "AGORA_TRENDING_REFRESH_SECONDS", default_value_t = 900)]
    trending_refresh_seconds: u64,
    #[command(flatten)]
    mail: MailArgs,
    #[command(flatten)]
    oidc: OidcArgs,
}

/// Signing in with the city's OpenID Connect provider (Keycloak, Entra ID and the like).
/// Register `BASE_URL/auth/oidc/callback` as the redirect URI at the provider.
#[derive(clap::Args)]
struct OidcArgs {
    /// The provider's issuer URL, e.g. `https://login.gent.be/realms/citizens`.
    #[arg(long, env = "AGORA_OIDC_ISSUER")]
    oidc_issuer: Option<String>,
    #[arg(long, env = "AGORA_OIDC_CLIENT_ID")]
    oidc_client_id: Option<String>,
    #[arg(long, env = "AGORA_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// What the sign-in button names, e.g. `CSAM` or `your city account`.
    #[arg(long, env = "AGORA_OIDC_NAME", default_value = "your city account")]
    oidc_name: String,
}

impl OidcArgs {
    /// The provider, when an issuer is set; its client id and secret must come with it.
    fn provider(self, base_url: &str) -> Result<Option<Arc<agora_app::oidc::Provider>>> {
        let Some(issuer) = self.oidc_issuer.filter(|i| !i.trim().is_empty()) else { return Ok(None) };
        let (Some(client_id), Some(client_secret)) = (self.oidc_client_id, self.oidc_client_secret) else {
            return Err(anyhow!("AGORA_OIDC_ISSUER needs AGORA_OIDC_CLIENT_ID and AGORA_OIDC_CLIENT_SECRET"));
        };
        let settings = agora_app::oidc::Settings { issuer, client_id, client_secret, name: self.oidc_name };
        let provider = agora_app::oidc::Provider::new(settings, base_url).map_err(|e| anyhow!(e))?;
        println!("Sign-in with {} is on; its redirect URI is {base_url}/auth/oidc/callback", provider.name());
        Ok(Some(Arc::new(provider)))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Runs the web server, the outbox worker, the periodic tasks and the migrations.
    Serve(ServeArgs),
    /// Applies the database migrations and exits.
    Migrate,
    /// Runs the outbox worker and the periodic tasks only (for deployments that split roles).
    Worker {
        #[arg(long, env = "AGORA_TRENDING_REFRESH_SECONDS", default_value_t = 900)]
        trending_refresh_seconds: u64,
        /// The public address of the site, where the links in mails lead.
        #[arg(long, env = "AGORA_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Manages administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Fills the database with synthetic data, with a progress bar.
    Seed(seed::SeedArgs),
    /// Serves a demo city (Ghent) from its own fresh database file.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Where the demo database goes (replaced on each start).
        #[arg(long, default_value = "data/demo.db")]
        file: String,
    },
    /// Participatory budgeting: winners of a Pabulib election under an open rule.
    Pb {
        #[command(subcommand)]
        command: pb::PbCommand,
    },
    /// Opinion groups of a conversation exported by Pol.is.
    Opinions {
        #[command(subcommand)]
        command: opinions::OpinionsCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Creates an administrator account. The password is asked for (or read from
    /// standard input), so that it does not stay in the shell's history.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The password on the command line (visible to other users of the machine).
        #[arg(long)]
        password: Option<String>,
    },
    /// Recounts every counter (likes, dislikes, comments) from the rows themselves.
    Recount,
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if std::env::var("AGORA_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open(url: &str) -> Result<Db> {
    let db = Db::connect(url).await.map_err(|e| {
        anyhow!("cannot open the database {}: {}", agora_db::redacted(url), e.detail.unwrap_or_default())
    })?;
    db.migrate().await.map_err(|e| anyhow!("migration failed: {e:?}"))?;
    Ok(db)
}

#[tokio::main]
async fn main() -> Result<()> {
    init_logging();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            let db = open(&cli.database_url).await?;
            serve(db, args).await
        }
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Worker { trending_refresh_seconds, base_url, mail } => {
            let (mailer, digest) = (mail.mailer(&base_url)?, mail.digest()?);
            let db = open(&cli.database_url).await?;
            let settings = agora_app::worker::Settings {
                trending_interval: trending_refresh_seconds as i64 * 1_000_000,
                digest,
                uploads: mail.uploads(),
            };
            agora_app::worker::run(db, mailer, settings).await;
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password, name } } => {
            let db = open(&cli.database_url).await?;
            let password = match password {
                Some(password) => password,
                None => read_password()?,
            };
            let new = agora_app::users::NewUser { email, password, name, accept_terms: false };
            agora_app::users::validate(&new).map_err(|e| anyhow!("invalid: {:?}", e.fields))?;
            let hash = agora_app::users::hash_password(&new.password).await.map_err(|e| anyhow!("{e:?}"))?;
            let user =
                agora_app::users::create_with_hash(&db, &new.email, new.name.trim(), &hash, true, agora_db::now())
                    .await
                    .map_err(|e| anyhow!("cannot create the admin: {}", e.code))?;
            println!("administrator {} created (id {})", user.email, user.id);
            Ok(())
        }
        Command::Admin { command: AdminCommand::Recount } => {
            let db = open(&cli.database_url).await?;
            let fixed = agora_db::counters::recount(&db, agora_db::now())
                .await
                .map_err(|e| anyhow!("recount failed: {e:?}"))?;
            println!("counters recounted: {fixed} rows corrected");
            Ok(())
        }
        Command::Seed(args) => {
            let db = open(&cli.database_url).await?;
            seed::run(&db, args).await
        }
        Command::Demo { serve: args, file } => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{file}{suffix}"));
            }
            let db = open(&format!("sqlite://{file}")).await?;
            let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{}", args.bind));
            let login = demo::load(&db, &args.mail.mailer(&base_url)?).await?;
            println!("Demo city loaded. Administrator: {} / {}", login.0, login.1);
            println!("Residents sign in with their e-mail and the password {}", demo::RESIDENT_PASSWORD);
            serve(db, args).await
        }
        Command::Pb { command } => pb::run(command),
        Command::Opinions { command } => opinions::run(command),
    }
}

/// The new administrator's password: asked for without echo on a terminal, else the
/// first line of standard input.
fn read_password() -> Result<String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ")?
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}

async fn serve(db: Db, args: ServeArgs) -> Result<()> {
    let base_url = args.base_url.unwrap_or_else(|| format!("http://{}", args.bind));
    let rate_limits = RateLimits::parse(&args.rate_limits).map_err(|e| anyhow!("AGORA_RATE_LIMITS: {e}"))?;
    let trust_proxy = TrustProxy::parse(&args.trust_proxy).map_err(|e| anyhow!("AGORA_TRUST_PROXY: {e}"))?;
    let setup_token = args.setup_token.filter(|t| !t.trim().is_empty());
    if agora_app::users::count(&db).await.map_err(|e| anyhow!("{e:?}"))? == 0 {
        let query = setup_token
            .as_ref()
            .map(|t| format!("?token={}", url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()))
            .unwrap_or_default();
        println!("First run: create the first administrator at {base_url}/setup{query}");
    }
    let mailer = args.mail.mailer(&base_url)?;
    let digest = args.mail.digest()?;
    let site_name = args.mail.site_name.clone();
    let oidc = args.oidc.provider(&base_url)?;
    let uploads = args.mail.uploads();
    let interval = args.trending_refresh_seconds.max(1) as i64 * 1_000_000;
    let settings = agora_app::worker::Settings { trending_interval: interval, digest, uploads: uploads.clone() };
    let config = Config { base_url: base_url.clone(), rate_limits, trust_proxy, setup_token, site_name, oidc, uploads };
    tokio::spawn(agora_app::worker::run(db.clone(), mailer, settings));
    let app = agora_web::router(AppState { db: db.clone(), config: Arc::new(config) });
    let listener =
        tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    tracing::info!(address = %base_url, "Agora is listening");
    println!("Agora is running at {base_url}");
    agora_web::server::serve(listener, app, agora_web::server::shutdown_signal()).await;
    db.close().await;
    println!("Agora stopped");
    Ok(())
}
