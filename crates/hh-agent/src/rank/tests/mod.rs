//! Tests of the ranking engine, one file per concern; fixtures are built in code.

mod evidence;
mod explain;
mod features;
mod filters;
mod fixtures;
mod levels;
mod plan;
mod profile;
mod robustness;
mod score;
mod skills;
mod text;
