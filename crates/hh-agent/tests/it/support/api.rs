//! A sandbox with the whole API on 127.0.0.1:0 and `hh::Client`s for its people: user
//! tokens in a temp token file, application tokens, or none.

use std::time::Duration;

use hh_agent::clock::Clock;
use hh_agent::config::Config;
use hh_agent::hh::{self, AppTokens, Auth, UserTokens};
use hh_agent::oauth;
use hh_agent::refresh::Policy;
use hh_agent::secret::Secret;
use hh_agent::token_store::Store;
use hh_sandbox::dataset::Vacancy;
use hh_sandbox::Sandbox;
use tokio::sync::oneshot;

use super::{config_for, pair, start_sandbox, write_pair};

/// A running sandbox and a token directory.
pub struct Api {
    pub sandbox: Sandbox,
    pub url: String,
    pub config: Config,
    pub clock: Clock,
    pub dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl Api {
    pub async fn start() -> Api {
        let (sandbox, url, stop) = start_sandbox("http://127.0.0.1:8000/callback").await;
        let dir = tempfile::tempdir().unwrap();
        let config = config_for(
            &url,
            "http://127.0.0.1:8000/callback",
            &dir.path().join("hh-token/token.json"),
        );
        let clock = {
            let sandbox = sandbox.clone();
            Clock::from_fn(move || sandbox.now())
        };
        Api {
            sandbox,
            url,
            config,
            clock,
            dir,
            _stop: stop,
        }
    }

    /// Client options for tests: no pacing, quick retries.
    pub fn options(&self) -> hh::Options {
        hh::Options {
            min_interval: Duration::ZERO,
            apply_interval: Duration::ZERO,
            attempts: 3,
            backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(50),
            timeout: Duration::from_secs(10),
            ..hh::Options::from_config(&self.config.hh)
        }
    }

    pub fn store(&self) -> Store {
        Store::new(&self.config.token.path)
    }

    /// Signs `person` in (a fresh pair in the token file) and returns a client reading it.
    pub fn user_client(&self, person: usize) -> hh::Client {
        self.sign_in(person);
        self.client_with(self.user_auth(), self.options())
    }

    /// Writes a fresh pair of `person` into the token file.
    pub fn sign_in(&self, person: usize) {
        let (access, refresh) = self.sandbox.issue_user_tokens(person);
        write_pair(
            &self.store(),
            &pair(&access, &refresh, 1_209_600, self.sandbox.now()),
        );
    }

    /// User auth over this world's token file, refreshing on the sandbox clock.
    pub fn user_auth(&self) -> Auth {
        let policy = Policy {
            attempts: 2,
            backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        };
        Auth::user(UserTokens::new(
            self.store(),
            oauth::Client::new(&self.config.hh).unwrap(),
            self.clock.clone(),
            policy,
        ))
    }

    /// The application token this world's app gets from the sandbox, kept beside the
    /// token file and obtained when first needed.
    pub fn app_tokens(&self) -> AppTokens {
        AppTokens::managed(
            self.store(),
            oauth::Client::new(&self.config.hh).unwrap(),
            Secret::new(hh_sandbox::CLIENT_SECRET),
            self.clock.clone(),
        )
    }

    /// A client with an application token from the sandbox.
    pub async fn app_client(&self) -> hh::Client {
        let token = oauth::Client::new(&self.config.hh)
            .unwrap()
            .application_token(&Secret::new(hh_sandbox::CLIENT_SECRET))
            .await
            .unwrap();
        self.client_with(Auth::application(token), self.options())
    }

    pub fn anonymous_client(&self) -> hh::Client {
        self.client_with(Auth::anonymous(), self.options())
    }

    pub fn client_with(&self, auth: Auth, options: hh::Options) -> hh::Client {
        hh::Client::new(auth, options).unwrap()
    }

    /// The first resume of `person`.
    pub fn resume_id(&self, person: usize) -> String {
        self.sandbox.catalog().dataset.people[person].resumes[0]
            .id
            .clone()
    }

    /// The id of the first vacancy that `pick` accepts.
    pub fn vacancy_where(&self, pick: impl Fn(&Vacancy) -> bool) -> String {
        self.sandbox
            .catalog()
            .dataset
            .vacancies
            .iter()
            .find(|vacancy| pick(vacancy))
            .expect("the dataset has such a vacancy")
            .id
            .clone()
    }

    /// An open vacancy without a test, letter requirement or redirect.
    pub fn plain_vacancy(&self, skip: usize) -> String {
        self.sandbox
            .catalog()
            .dataset
            .vacancies
            .iter()
            .filter(|v| {
                !v.archived && !v.has_test && !v.response_letter_required && v.kind == "open"
            })
            .nth(skip)
            .expect("enough plain vacancies")
            .id
            .clone()
    }
}
