#if canImport(Glibc)
    import Glibc
#endif

/// The `lesson` command line: parse arguments, call the libraries, map results to exit codes.
/// Every subcommand is a function from its arguments to an exit status.
let arguments = Array(CommandLine.arguments.dropFirst())
let status = await CLI.main(arguments)
exit(status)
