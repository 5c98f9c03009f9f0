// churn — command-line entry point. See CLI.swift for the commands.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Ctrl-C must reach churn: a script ends at it, and the shell stops the running command. Some
// launchers (e.g. Foundation's Process) start children with SIGINT blocked; unblock it. A parent that
// wants churn to ignore Ctrl-C sets SIG_IGN instead, which is left alone for scripts.
var sigintOnly = sigset_t()
sigemptyset(&sigintOnly)
sigaddset(&sigintOnly, SIGINT)
sigprocmask(SIG_UNBLOCK, &sigintOnly, nil)

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
