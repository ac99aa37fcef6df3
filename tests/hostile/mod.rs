//! The hostile-input suite of issue 12 ("Built to be trusted in CI"): one module per family
//! of cases, each test naming the issue item it guards.

mod faults;
mod secrets;
