//! The hostile-input suite (issue 12): every way a file, a flag or a backend was found to make
//! goldeval pass by accident, leak or destroy something, as a test that failed before the fix.
//! One module per family; each test names the issue item it guards.

mod faults;
mod gates;
mod inputs;
mod mutations;
mod names;
mod records;
mod secrets;
mod terminal;
