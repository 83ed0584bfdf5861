package io.github.smartload.cli;

/** The exit codes of {@code smartload}, as the README documents them. */
final class ExitCode {

  static final int DONE = 0;

  /** Bad arguments, a bad config file or environment variable, a model of unknown size. */
  static final int USAGE = 1;

  /** {@code load --strict}: the model cannot fit even after unloading; nothing was done. */
  static final int WONT_FIT = 2;

  /** Ollama could not be reached, or answered something that could not be understood. */
  static final int RUNTIME = 3;

  /** A model could not be unloaded, or its memory did not come back in time. */
  static final int UNLOAD_FAILED = 4;

  /**
   * Ollama stopped answering while it loaded or unloaded a model (killed, crashed, restarted): the
   * request reached it, so what became of it is unknown.
   */
  static final int RUNTIME_DIED = 5;

  private ExitCode() {}
}
