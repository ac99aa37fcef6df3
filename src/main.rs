//! The `goldeval` binary: a table of contents. All the work lives in the library.

fn main() -> std::process::ExitCode {
    goldeval::unstable::cli::main()
}
