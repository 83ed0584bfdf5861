package io.github.smartload.cli;

/**
 * Stops on SIGTERM or Ctrl-C through a JVM shutdown hook. Once {@code stop} has finished, the
 * process halts with 0: a stop that was asked for and done cleanly is a success (the JVM would
 * otherwise exit 143 for SIGTERM, which systemd counts as a failure).
 */
final class JvmShutdownHook implements ShutdownSignal {

  @Override
  public void onShutdown(Runnable stop) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  Runtime.getRuntime().halt(ExitCode.DONE);
                },
                "smartload-shutdown"));
  }
}
