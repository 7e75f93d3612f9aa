//! The hh.ru API client: typed bodies, typed errors, the apply outcomes, search filters
//! and paging, and where the bearer token comes from.
//!
//! OAuth itself (authorize, code exchange, refresh) is [`crate::oauth`]; this module
//! only asks the refresh path for a new pair when hh.ru says `token_expired`.

mod apply;
mod client;
mod endpoints;
mod error;
pub mod search;
mod tokens;
pub mod types;

#[cfg(test)]
pub(crate) use apply::every_outcome;
pub use apply::{ApplyOutcome, MAX_LETTER_CHARS};
pub use client::Bearer;
pub use client::{Client, Options};
pub use endpoints::{Capability, Limit, NegotiationFilter, PublishOutcome};
pub use error::{AuthError, Captcha, Error, ErrorBody, ErrorItem};
pub use search::Search;
pub use tokens::{AppTokens, Auth, UserTokens};
