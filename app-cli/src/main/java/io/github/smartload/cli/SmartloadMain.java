package io.github.smartload.cli;

import java.io.PrintWriter;

/** The {@code smartload} command. */
public final class SmartloadMain {

  private SmartloadMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs the command with its streams and arguments and returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    err.println("smartload: the commands are not built yet; see the README for what works today");
    return 1;
  }
}
