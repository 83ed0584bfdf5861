package io.github.smartload.ollama.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * {@code smartload serve} from the shaded jar, as its own process (its own JVM, its own RSS and
 * threads in /proc/PID/status), its output going to a log file.
 */
final class ProxyProcess implements AutoCloseable {

  /** RSS in kB and the thread count, read from /proc/PID/status. */
  record Usage(long rssKb, int threads) {
    String describe() {
      return String.format("RSS %.1f MB, %d threads", rssKb * 1024 / 1e6, threads);
    }
  }

  private static final Pattern LISTENING =
      Pattern.compile("smartload: proxy on http://127\\.0\\.0\\.1:(\\d+)/");

  private final Process process;
  private final Path log;
  private final int port;

  private ProxyProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts the proxy on an ephemeral loopback port in front of {@code upstream}, reading memory
   * from {@code procfs}; its home and state directories are under {@code work}, so no config file
   * or state of the machine's user is read or written.
   */
  static ProxyProcess start(
      Path jar, HttpUrl upstream, Path procfs, Path work, String maxBody, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--host",
            upstream.toString(),
            "--procfs",
            procfs.toString(),
            "--sysfs",
            work.resolve("sys").toString(),
            "--gpu",
            "none",
            "--no-emoji",
            "--lang",
            "en",
            "--max-body",
            maxBody,
            "--busy-timeout",
            "30s"));
    Path log = work.resolve("proxy.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("OLLAMA_") || key.startsWith("SMARTLOAD_"));
    env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
    env.put("XDG_STATE_HOME", Files.createDirectories(work.resolve("state")).toString());
    Files.createDirectories(work.resolve("sys"));
    Process process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (matcher.find()) {
        return new ProxyProcess(process, log, Integer.parseInt(matcher.group(1)));
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IOException(
        "smartload serve did not start; its output:\n" + Files.readString(log).strip());
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  Usage usage() throws IOException {
    long rss = -1;
    int threads = -1;
    for (String line :
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      String[] parts = line.split("\\s+");
      if (parts[0].equals("VmRSS:")) {
        rss = Long.parseLong(parts[1]);
      } else if (parts[0].equals("Threads:")) {
        threads = Integer.parseInt(parts[1]);
      }
    }
    return new Usage(rss, threads);
  }

  /** The proxy's log lines that contain {@code text}. */
  long logLines(String text) throws IOException {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /**
   * Stops it as systemd does (SIGTERM, then SIGKILL after 45 s: its own grace is 30 s) and returns
   * its exit code.
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(45, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
