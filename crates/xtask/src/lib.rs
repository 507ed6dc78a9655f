//! Build helpers for Shinchoku, used by `./run`, `./test` and the e2e tests.

pub mod csp;
pub mod page;
pub mod serve;
pub mod single_file;
