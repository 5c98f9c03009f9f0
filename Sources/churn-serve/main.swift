import Serve

// churn-serve: the decision service over a saved policy. See `ServeMain` and docs/ARCHITECTURE.md ("Serve").
#if canImport(Glibc)
  import Glibc
#endif

exit(await ServeMain.run(Array(CommandLine.arguments.dropFirst())))
