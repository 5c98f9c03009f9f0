// churn — command-line entry point. See CLI.swift for the commands.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
