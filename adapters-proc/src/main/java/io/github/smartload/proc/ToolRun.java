package io.github.smartload.proc;

import io.github.smartload.core.port.GpuProbeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a host tool with a deadline and gives its exit status and output (stdout and stderr). */
final class ToolRun {

  /** What the tool said. */
  record Result(int exitCode, String output) {

    /** The first non-blank line of the output, or a note that there was none. */
    String firstLine() {
      return output
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .findFirst()
          .orElse("no output");
    }
  }

  private ToolRun() {}

  /**
   * @return the result, or empty when the tool does not exist
   * @throws GpuProbeException when it cannot be started for another reason or does not end within
   *     {@code timeout} (then it and its children are killed)
   */
  static Optional<Result> run(String command, List<String> arguments, Duration timeout) {
    List<String> line = new ArrayList<>();
    line.add(command);
    line.addAll(arguments);
    Process process;
    try {
      process = new ProcessBuilder(line).redirectErrorStream(true).start();
    } catch (IOException e) {
      if (isMissing(e)) {
        return Optional.empty();
      }
      throw new GpuProbeException("cannot run " + command + ": " + ProcFile.reason(e), e);
    }
    // Read on another thread, so that a tool filling the pipe cannot block past the deadline.
    CompletableFuture<String> output = new CompletableFuture<>();
    Thread reader =
        new Thread(() -> read(process.getInputStream(), output), "smartload-" + command);
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new GpuProbeException(
            command + " did not answer within " + seconds(timeout) + "; run it by hand to see why");
      }
      // The tool has ended; its output is complete unless a child it left behind holds the pipe.
      return Optional.of(
          new Result(process.exitValue(), output.get(timeout.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException e) {
      kill(process);
      throw new GpuProbeException(command + " ended but its output did not; run it by hand", e);
    } catch (ExecutionException e) {
      throw new GpuProbeException("cannot read " + command + "'s output: " + e.getCause(), e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new GpuProbeException("interrupted while waiting for " + command, e);
    }
  }

  private static void read(InputStream in, CompletableFuture<String> output) {
    try (in) {
      output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | UncheckedIOException e) {
      output.completeExceptionally(e);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** "No such file" from the JDK's process launcher: the tool is not installed. */
  private static boolean isMissing(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("error=2,") || message.contains("No such file");
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
  }
}
